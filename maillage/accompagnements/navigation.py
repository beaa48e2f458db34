"""Entrées du menu des accompagnements, tirées des prédicats de `permissions.py`."""

from maillage.accompagnements import permissions
from maillage.core.navigation import Entree


def navigation(user) -> list[Entree]:
    entrees = []
    if permissions.can_record_somewhere(user):
        entrees.append(Entree("Enregistrer un accompagnement", "accompagnements:nouveau", 30, "accompagnements"))
    if permissions.can_list_seances(user):
        entrees.append(Entree("Mes accompagnements", "accompagnements:seances", 31, "accompagnements"))
    if permissions.can_record_somewhere(user):
        entrees.append(Entree("Personnes suivies", "accompagnements:beneficiaires", 32, "accompagnements"))
    # Chacun ses chiffres : ceux de sa structure, ou ceux de son territoire (financeurs, coordination).
    if permissions.can_view_own_stats(user):
        entrees.append(Entree("Statistiques", "accompagnements:statistiques", 50, "reseau"))
    if permissions.can_view_some_territoire_stats(user):
        entrees.append(Entree("Statistiques du territoire", "accompagnements:statistiques_territoires", 51, "reseau"))
    return entrees
