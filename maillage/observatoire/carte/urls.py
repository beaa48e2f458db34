"""Adresses de la carte de l'observatoire (incluses par `observatoire/urls.py`)."""

urlpatterns: list = []
