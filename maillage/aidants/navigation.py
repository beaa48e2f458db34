"""Entrées du menu des aidants, tirées des prédicats de `permissions.py`."""

from maillage.aidants import permissions
from maillage.core.navigation import Entree


def navigation(user) -> list[Entree]:
    entrees = []
    if permissions.has_aidant_role(user):
        entrees.append(Entree("Mon profil d'aidant", "aidants:mon_profil", 60, "aidants"))
    if permissions.can_list_own_structures_aidants(user):
        entrees.append(Entree("Les aidants de ma structure", "aidants:mes_structures", 61, "aidants"))
    if permissions.can_open_reseau(user):
        entrees.append(Entree("Le réseau des aidants", "aidants:reseau", 62, "aidants"))
    return entrees
