"""Modèles de l'app mes_donnees."""
