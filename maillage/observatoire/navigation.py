"""Entrée du menu de l'observatoire, tirée de `permissions.py` (rôles déjà lus : aucune requête)."""

from maillage.core.navigation import Entree
from maillage.observatoire import permissions


def navigation(user) -> list[Entree]:
    if permissions.can_open_observatoire(user):
        return [Entree("Observatoire", "observatoire:index", 75, "reseau")]
    return []
