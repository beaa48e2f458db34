"""Vues de l'app annuaire."""
