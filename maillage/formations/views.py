"""Vues de l'app formations."""
