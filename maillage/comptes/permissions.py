"""Qui peut faire quoi. Chaque prédicat dit sa règle ; pages, API et commandes appellent les mêmes."""

from maillage.comptes.enums import ROLES_TERRITORIAUX, Role
from maillage.comptes.models import Structure, Territoire, User

#: Rôles qui s'exercent dans une seule structure : c'est sa ou son gestionnaire qui les donne.
ROLES_STRUCTURE = (Role.MEDIATEUR, Role.AIDANT, Role.PRESCRIPTEUR, Role.GESTIONNAIRE)


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
    """Seule une ou un gestionnaire de la structure (ou l'équipe d'administration) modifie la structure."""
    return _authenticated(user) and (user.is_staff or is_member(user, structure, Role.GESTIONNAIRE))


def grantable_territoire_ids(user: User, structure: Structure, role: str) -> set[int] | None:
    """Territoires sur lesquels la personne peut donner ce rôle territorial dans cette structure.

    `None` veut dire « tous » (équipe d'administration). Voir `can_grant_role` pour la règle.
    """
    if not _authenticated(user) or role not in ROLES_TERRITORIAUX:
        return set()
    if user.is_staff:
        return None
    # On ne donne que ce que l'on exerce soi-même, et seule la coordination donne des rôles territoriaux.
    ids = territoire_ids_for(user, Role.COORDINATEUR) & territoire_ids_for(user, role)
    if not ids:
        return set()
    return set(Territoire.objects.filter(pk__in=ids, communes=structure.commune_id).values_list("pk", flat=True))


def can_grant_role(user: User, *, structure: Structure, role: str, territoire: Territoire | None = None) -> bool:
    """Qui peut donner quel rôle (par invitation ou directement) ; l'équipe d'administration peut tout donner.

    - Rôles de structure (médiation, aide, prescription, gestion) : seulement un ou une gestionnaire de cette
      structure-là. La coordination d'un territoire ne les donne pas : elle ne gère pas les structures.
    - Rôles territoriaux (coordination, financement) : seulement une coordinatrice ou un coordinateur de ce
      territoire, pour une structure dont la commune est dans ce territoire. Une ou un gestionnaire n'en donne
      jamais : sinon une structure pourrait se faire lire le registre Pass d'un autre territoire.
    - Personne ne donne un rôle qu'elle n'exerce pas elle-même sur ce périmètre : la coordination donne le rôle de
      coordination de son territoire ; elle ne donne le rôle de financeur que si elle est aussi financeur de ce
      territoire (le financeur paie les relevés : la coordination ne peut pas s'attribuer ce pouvoir par une
      invitation à sa propre adresse).
    """
    if not _authenticated(user):
        return False
    if role in ROLES_TERRITORIAUX:
        if territoire is None:
            return False
        allowed = grantable_territoire_ids(user, structure, role)
        return allowed is None or territoire.pk in allowed
    if role not in ROLES_STRUCTURE or territoire is not None:
        return False
    return user.is_staff or is_member(user, structure, Role.GESTIONNAIRE)


def grantable_roles(user: User, structure: Structure) -> list[str]:
    """Les rôles que la personne peut donner dans cette structure (sur au moins un territoire pour les
    rôles territoriaux), dans l'ordre de `Role`. Sert au choix proposé par le formulaire d'invitation."""
    if not _authenticated(user):
        return []
    roles = []
    for role in Role:
        if role in ROLES_TERRITORIAUX:
            if grantable_territoire_ids(user, structure, role) != set():
                roles.append(role.value)
        elif can_grant_role(user, structure=structure, role=role):
            roles.append(role.value)
    return roles


def can_invite_member(user: User, structure: Structure) -> bool:
    """Ouvrir la page d'invitation : il faut pouvoir donner au moins un rôle dans cette structure
    (gestionnaires de la structure, coordination de son territoire, équipe d'administration)."""
    return bool(grantable_roles(user, structure))


def can_coordinate_territoire(user: User, territoire: Territoire) -> bool:
    """La coordination agit sur son territoire (lieux, doublons, imports) ; l'équipe partout."""
    return _authenticated(user) and (user.is_staff or territoire.pk in territoire_ids_for(user, Role.COORDINATEUR))


def can_view_territoire_stats(user: User, territoire: Territoire) -> bool:
    """Coordination et financeurs voient les chiffres agrégés (jamais nominatifs) de leur territoire."""
    return _authenticated(user) and (user.is_staff or territoire.pk in territoire_ids_for(user))


def can_orient(user: User) -> bool:
    """Orienter une personne vers un lieu : prescription, médiation, aide, coordination."""
    return _authenticated(user) and user.has_role(Role.PRESCRIPTEUR, Role.MEDIATEUR, Role.AIDANT, Role.COORDINATEUR)


def can_record_accompagnement(user: User, structure: Structure) -> bool:
    """Enregistrer un accompagnement : médiation et aide de la structure."""
    return is_member(user, structure, Role.MEDIATEUR, Role.AIDANT)
