"""Qui voit l'observatoire. Pages, commande et services appellent ces mêmes prédicats.

Les panneaux mettent côte à côte indices publics, offre et activité d'un territoire : ils sont à la coordination de
ce territoire (et à l'équipe d'administration). Un territoire que l'on ne coordonne pas : 404."""

from maillage.comptes.enums import Role
from maillage.comptes.models import Territoire, User
from maillage.comptes.permissions import territoire_ids_for


def _authenticated(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_view_observatoire(user: User, territoire: Territoire) -> bool:
    """Lire les panneaux d'un territoire : sa coordination, et l'équipe d'administration."""
    return _authenticated(user) and (user.is_staff or territoire.pk in territoire_ids_for(user, Role.COORDINATEUR))


def can_deposer_indicateur(user: User, territoire: Territoire) -> bool:
    """Déposer un indicateur propre au territoire (fichier CSV) : sa coordination, et l'équipe d'administration."""
    return can_view_observatoire(user, territoire)


def can_open_observatoire(user: User) -> bool:
    """Le menu : la personne coordonne au moins un territoire (rôles déjà lus, aucune requête). L'équipe
    d'administration ouvre l'observatoire par son adresse, comme les postes de l'annuaire : sans territoire créé,
    une entrée de menu la mènerait à un refus."""
    return _authenticated(user) and bool(territoire_ids_for(user, Role.COORDINATEUR))
