from django.urls import path

from maillage.annuaire.views import contacts, coordination, feuille, lieux, postes, public

app_name = "annuaire"

urlpatterns = [
    path("", public.annuaire, name="annuaire"),
    path("acteurs/nouveau/", coordination.acteur_form, name="acteur_nouveau"),
    path("acteurs/<uuid:public_id>/", public.acteur, name="acteur"),
    path("acteurs/<uuid:public_id>/modifier/", coordination.acteur_form, name="acteur_modifier"),
    path("acteurs/<uuid:public_id>/<str:action>/", coordination.acteur_action, name="acteur_action"),
    path("lieux/<uuid:public_id>/perimetre/", lieux.lieu_perimetre, name="lieu_perimetre"),
    path("contacts/", public.contacts, name="contacts"),
    path("contacts/nouveau/", contacts.contact_nouveau, name="contact_nouveau"),
    path("contacts/<int:pk>/modifier/", contacts.contact_modifier, name="contact_modifier"),
    path("contacts/<int:pk>/archiver/", contacts.contact_archiver, name="contact_archiver"),
    path("postes/", postes.postes, name="postes"),
    path("postes/nouveau/", postes.poste_nouveau, name="poste_nouveau"),
    path("postes/<uuid:public_id>/modifier/", postes.poste_modifier, name="poste_modifier"),
    path("postes/<uuid:public_id>/archiver/", postes.poste_archiver, name="poste_archiver"),
    path("feuille-de-route/", feuille.feuille_accueil, name="feuille_accueil"),
    path("feuille-de-route/<slug:slug>/", feuille.feuille, name="feuille"),
    path("feuille-de-route/<slug:slug>/<int:version>/", feuille.feuille_action, name="feuille_action"),
    path("feuille-de-route/<slug:slug>/<int:version>/modifier/", feuille.feuille_modifier, name="feuille_modifier"),
]
