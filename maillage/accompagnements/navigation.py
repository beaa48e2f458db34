"""Entrées du menu des accompagnements, tirées des prédicats de `permissions.py`."""

from maillage.accompagnements import permissions
from maillage.core.navigation import Entree


def navigation(user) -> list[Entree]:
    entrees = []
    if permissions.can_record_somewhere(user):
        entrees += [
            Entree("Enregistrer un accompagnement", "accompagnements:nouveau", 30),
            Entree("Personnes suivies", "accompagnements:beneficiaires", 31),
        ]
    if permissions.can_view_own_stats(user):
        entrees.append(Entree("Statistiques", "accompagnements:statistiques", 50))
    return entrees
