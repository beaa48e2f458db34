"""Entrées du menu des orientations, tirées des prédicats de `permissions.py`."""

from maillage.core.navigation import Entree
from maillage.orientations import permissions


def navigation(user) -> list[Entree]:
    entrees = []
    if permissions.can_start_orientation(user):
        entrees.append(Entree("Orienter une personne", "orientations:nouvelle", 20, "orientations"))
    if permissions.can_list_sent_orientations(user):
        entrees.append(Entree("Mes orientations", "orientations:mes_orientations", 21, "orientations"))
    if permissions.can_view_received_orientations(user):
        entrees.append(Entree("Orientations reçues", "orientations:boite", 22, "orientations"))
    return entrees
