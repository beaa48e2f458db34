"""Qui voit l'observatoire. Pages, commande et services appellent ces mêmes prédicats.

Les panneaux mettent côte à côte indices publics, offre et activité d'un territoire : ils sont à la coordination de
ce territoire (et à l'équipe d'administration). Un territoire que l'on ne coordonne pas : 404. Les observations de
terrain viennent des structures du territoire ; la coordination les publie."""

from maillage.comptes.enums import Role
from maillage.comptes.models import Structure, Territoire, User
from maillage.comptes.permissions import is_member, structure_ids_for, territoire_ids_for


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


def can_calculer_offre(user: User, territoire: Territoire) -> bool:
    """Recalculer tout de suite l'offre des communes d'un territoire (sans attendre la nuit) : sa coordination, et
    l'équipe d'administration."""
    return can_view_observatoire(user, territoire)


def can_proposer_observation(user: User, territoire: Territoire, structure: Structure) -> bool:
    """Proposer une observation de terrain : une personne membre (tout rôle actif) d'une structure dont la commune
    est dans le territoire. Elle parle au nom de sa structure ; la coordination relit avant de publier."""
    return (
        _authenticated(user)
        and is_member(user, structure)
        and territoire.communes.filter(pk=structure.commune_id).exists()
    )


def can_moderer_observation(user: User, territoire: Territoire) -> bool:
    """Publier ou refuser les observations proposées sur un territoire : sa coordination, et l'équipe."""
    return can_view_observatoire(user, territoire)


def can_open_observations(user: User) -> bool:
    """Le menu « Observations de terrain » : la personne est membre d'au moins une structure (rôles déjà lus)."""
    return _authenticated(user) and bool(structure_ids_for(user))
