"""Entrées du menu des comptes."""

from maillage.core.navigation import Entree


def navigation(user) -> list[Entree]:
    if not (user and user.is_authenticated):
        return []
    # « Mes structures » liste les rôles de la personne : la page répond même à qui n'en a aucun.
    return [Entree("Mes structures", "comptes:mes_structures", 60, "lieux")]
