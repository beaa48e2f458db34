"""Vues de l'app mes_donnees."""
