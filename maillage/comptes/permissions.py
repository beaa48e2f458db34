"""Qui peut faire quoi. Chaque prédicat dit sa règle ; pages, API et commandes appellent les mêmes."""

from maillage.comptes.enums import Role
from maillage.comptes.models import Structure, Territoire, User


def _authenticated(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def structure_ids_for(user: User, *roles: str) -> set[int]:
    """Structures où la personne a l'un de ces rôles (tous les rôles si aucun n'est donné)."""
    if not _authenticated(user):
        return set()
    return {m.structure_id for m in user.active_memberships if not roles or m.role in roles}


def territoire_ids_for(user: User, *roles: str) -> set[int]:
    """Territoires sur lesquels la personne coordonne ou finance (selon `roles`)."""
    if not _authenticated(user):
        return set()
    roles = roles or (Role.COORDINATEUR, Role.COMMANDITAIRE)
    return {m.territoire_id for m in user.active_memberships if m.role in roles and m.territoire_id}


def is_member(user: User, structure: Structure, *roles: str) -> bool:
    """Vrai si la personne a (l'un de) ces rôles, actif, dans cette structure."""
    return structure.pk in structure_ids_for(user, *roles)


def can_view_structure(user: User, structure: Structure) -> bool:
    """Les membres de la structure, la coordination et les financeurs du territoire où elle se trouve, l'équipe."""
    if not _authenticated(user):
        return False
    if user.is_staff or is_member(user, structure):
        return True
    territoires = territoire_ids_for(user)
    return bool(territoires) and structure.commune.territoires.filter(pk__in=territoires).exists()


def can_manage_structure(user: User, structure: Structure) -> bool:
    """Seul·e un·e gestionnaire de la structure (ou l'équipe d'administration) modifie la structure."""
    return _authenticated(user) and (user.is_staff or is_member(user, structure, Role.GESTIONNAIRE))


def can_invite_member(user: User, structure: Structure) -> bool:
    """Inviter un membre, c'est gérer la structure : gestionnaires et équipe d'administration."""
    return can_manage_structure(user, structure)


def can_coordinate_territoire(user: User, territoire: Territoire) -> bool:
    """La coordination agit sur son territoire (lieux, doublons, imports) ; l'équipe partout."""
    return _authenticated(user) and (user.is_staff or territoire.pk in territoire_ids_for(user, Role.COORDINATEUR))


def can_view_territoire_stats(user: User, territoire: Territoire) -> bool:
    """Coordination et financeurs voient les chiffres agrégés (jamais nominatifs) de leur territoire."""
    return _authenticated(user) and (user.is_staff or territoire.pk in territoire_ids_for(user))


def can_orient(user: User) -> bool:
    """Orienter une personne vers un lieu : prescripteur·rices, médiateur·rices, aidant·es, coordination."""
    return _authenticated(user) and user.has_role(Role.PRESCRIPTEUR, Role.MEDIATEUR, Role.AIDANT, Role.COORDINATEUR)


def can_record_accompagnement(user: User, structure: Structure) -> bool:
    """Enregistrer un accompagnement : médiateur·rices et aidant·es de la structure."""
    return is_member(user, structure, Role.MEDIATEUR, Role.AIDANT)
