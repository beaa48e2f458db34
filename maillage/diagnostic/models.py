"""Modèles de l'app diagnostic."""
