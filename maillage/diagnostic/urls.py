from django.urls import path

from maillage.diagnostic.views import accueil, public

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
    path("premier-accueil/", accueil.premier_accueil, name="premier_accueil"),
]
