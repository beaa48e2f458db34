"""Entrées du menu du label, tirées des prédicats de `permissions.py` (et des rôles déjà lus : aucune requête)."""

from maillage.aidants import permissions as aidants_permissions
from maillage.core.navigation import Entree
from maillage.label import permissions


def navigation(user) -> list[Entree]:
    entrees = []
    if aidants_permissions.has_aidant_role(user):
        entrees.append(Entree("Mon label Tous aidants", "label:mon_label", 63, "aidants"))
    if permissions.can_open_commission(user):
        entrees.append(Entree("Label : commission et référentiel", "label:commission", 64, "aidants"))
    if permissions.can_open_carte(user):  # coordination et financeurs (rôles déjà lus)
        entrees.append(Entree("Carte des compétences", "label:carte", 65, "aidants"))
    return entrees
