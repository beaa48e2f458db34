"""Entrées du menu de l'observatoire, tirées de `permissions.py` (rôles déjà lus : aucune requête)."""

from maillage.core.navigation import Entree
from maillage.observatoire import permissions


def navigation(user) -> list[Entree]:
    entrees = []
    if permissions.can_open_observatoire(user):
        entrees.append(Entree("Observatoire", "observatoire:index", 75, "reseau"))
    if permissions.can_open_observations(user):
        entrees.append(Entree("Observations de terrain", "observatoire:proposer", 76, "reseau"))
    return entrees
