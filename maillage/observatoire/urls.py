"""Observatoire : indicateurs publics par commune, offre et activité agrégées, observations de terrain."""

from django.urls import include, path

from maillage.observatoire import views

app_name = "observatoire"

urlpatterns = [
    path("", views.index, name="index"),
    path("communes/<str:code_insee>/", views.commune, name="commune"),
    path("epci/<str:siren>/", views.epci, name="epci"),
    path("departements/<str:code>/", views.departement, name="departement"),
    path("territoires/<slug:slug>/", views.hub, name="territoire"),
    path("indicateurs/deposer/", views.deposer, name="deposer"),
    path("offre/recalculer/", views.recalculer, name="recalculer"),
    path("eloignees/", views.eloignees, name="eloignees"),
    path("observations/proposer/", views.proposer, name="proposer"),
    path("observations/moderation/", views.moderation, name="moderation"),
    path("observations/<int:pk>/moderer/", views.moderer, name="moderer"),
    path("", include("maillage.observatoire.rapports.urls")),
    path("", include("maillage.observatoire.carte.urls")),
]
