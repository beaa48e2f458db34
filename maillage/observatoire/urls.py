"""Observatoire : indicateurs publics par commune, offre et activité agrégées, observations de terrain."""

from django.urls import include, path

from maillage.observatoire import views

app_name = "observatoire"

urlpatterns = [
    path("", views.index, name="index"),
    path("communes/<str:code_insee>/", views.commune, name="commune"),
    path("epci/<str:siren>/", views.epci, name="epci"),
    path("indicateurs/deposer/", views.deposer, name="deposer"),
    path("", include("maillage.observatoire.rapports.urls")),
    path("", include("maillage.observatoire.carte.urls")),
]
