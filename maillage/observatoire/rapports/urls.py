"""Adresses des rapports de l'observatoire (incluses par `observatoire/urls.py`)."""

urlpatterns: list = []
