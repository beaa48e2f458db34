from django.urls import path

from maillage.diagnostic.views import accueil, contact, observatoire, public, seance

app_name = "diagnostic"

urlpatterns = [
    path("", public.accueil, name="accueil"),
    path("questions/", public.question, name="question"),
    path("resultat/", public.resultat_view, name="resultat"),
    path("imprimer/", public.imprimer, name="imprimer"),
    path("fiche/", public.retrouver, name="retrouver"),
    path("fiche/<str:code>/", public.fiche, name="fiche"),
    path("version-papier/", public.papier, name="papier"),
    path("script-appel/", public.papier, name="script"),
    path("contact/<uuid:public_id>/", contact.contact, name="contact"),
    path("demandes/", contact.demandes, name="demandes"),
    path("demandes/<uuid:public_id>/traiter/", contact.traiter, name="traiter"),
    path("demandes/<uuid:public_id>/effacer/", contact.effacer, name="effacer"),
    path("seance/<uuid:public_id>/", seance.demarrer, name="seance"),
    path("seance/<uuid:public_id>/joindre/", seance.joindre, name="joindre"),
    path("reperages/", observatoire.reperages, name="reperages"),
    path("premier-accueil/", accueil.premier_accueil, name="premier_accueil"),
]
