"""Vues de l'annuaire, par public : `public` (sans compte), `coordination` (fiches), `contacts` (tenus par la
coordination), `lieux` (périmètre d'un lieu), `postes`, `feuille`."""
