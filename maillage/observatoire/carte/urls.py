"""Adresses de la carte de l'observatoire (incluses par `observatoire/urls.py`)."""

from django.urls import path

from maillage.observatoire.carte import views

urlpatterns = [
    path("carte/", views.carte, name="carte"),
    path("carte/donnees/", views.donnees, name="carte_donnees"),
]
