"""Entrée du menu des demandes d'effacement, tirée du prédicat de `permissions.py`."""

from maillage.core.navigation import Entree
from maillage.mes_donnees import permissions


def navigation(user) -> list[Entree]:
    if permissions.can_list_demandes(user):
        return [Entree("Demandes d'effacement", "mes_donnees:demandes", 90, "accompagnements")]
    return []
