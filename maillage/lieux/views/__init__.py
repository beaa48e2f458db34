"""Pages des lieux : `public` (recherche, fiche, fiche imprimable — sans compte) et `gestion` (tenir à jour)."""
