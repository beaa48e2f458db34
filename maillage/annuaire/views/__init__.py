"""Vues de l'annuaire, par public : `public` (sans compte), `coordination` (fiches), `postes`, `feuille`."""
