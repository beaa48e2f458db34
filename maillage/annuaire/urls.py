from django.urls import path

from maillage.annuaire.views import coordination, feuille, postes, public

app_name = "annuaire"

urlpatterns = [
    path("", public.annuaire, name="annuaire"),
    path("acteurs/nouveau/", coordination.acteur_form, name="acteur_nouveau"),
    path("acteurs/<uuid:public_id>/", public.acteur, name="acteur"),
    path("acteurs/<uuid:public_id>/modifier/", coordination.acteur_form, name="acteur_modifier"),
    path("acteurs/<uuid:public_id>/<str:action>/", coordination.acteur_action, name="acteur_action"),
    path("contacts/", public.contacts, name="contacts"),
    path("postes/", postes.postes, name="postes"),
    path("postes/nouveau/", postes.poste_nouveau, name="poste_nouveau"),
    path("feuille-de-route/", feuille.feuille_accueil, name="feuille_accueil"),
    path("feuille-de-route/<slug:slug>/", feuille.feuille, name="feuille"),
    path("feuille-de-route/<slug:slug>/<int:version>/", feuille.feuille_action, name="feuille_action"),
]
