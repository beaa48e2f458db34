"""Entrées du menu des lieux, tirées des prédicats de `permissions.py`."""

from maillage.core.navigation import Entree
from maillage.lieux.permissions import can_access_gestion


def navigation(user) -> list[Entree]:
    entrees = [Entree("Trouver un lieu", "lieux:recherche", 10, "aide")]  # public, même sans compte
    if can_access_gestion(user):
        entrees.append(Entree("Mes lieux", "lieux:gestion", 45, "lieux"))
    return entrees
