"""Vues de l'app diagnostic."""
