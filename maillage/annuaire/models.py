"""Modèles de l'app annuaire."""
