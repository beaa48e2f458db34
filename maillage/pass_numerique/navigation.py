"""Entrée du menu du Pass numérique : proposée à qui peut ouvrir son accueil (`permissions.can_open_pass`)."""

from maillage.core.navigation import Entree
from maillage.pass_numerique.permissions import can_open_pass


def navigation(user) -> list[Entree]:
    return [Entree("Pass numérique", "pass_numerique:accueil", 40, "pass")] if can_open_pass(user) else []
