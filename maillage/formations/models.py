"""Modèles de l'app formations."""
