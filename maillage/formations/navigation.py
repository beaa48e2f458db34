"""Entrées du menu des formations, tirées des prédicats de `permissions.py` (rôles déjà lus : aucune requête)."""

from maillage.core.navigation import Entree
from maillage.formations import permissions


def navigation(user) -> list[Entree]:
    entrees = []
    if permissions.can_open_mes_formations(user):
        entrees.append(Entree("Formations pour mes besoins", "formations:mes_besoins", 66, "aidants"))
    if permissions.can_open_besoins(user):
        entrees.append(Entree("Formations : besoins et chiffres", "formations:besoins", 67, "aidants"))
    elif permissions.can_open_offre(user):  # la coordination y va depuis « besoins et chiffres »
        entrees.append(Entree("Proposer des formations", "formations:offre", 67, "aidants"))
    if permissions.can_open_service_civique(user):
        entrees.append(Entree("Service civique", "formations:service_civique", 68, "aidants"))
    return entrees
