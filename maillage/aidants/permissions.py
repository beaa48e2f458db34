"""Qui peut faire quoi avec les aidants. Pages, API et services appellent ces mêmes prédicats.

Hors de portée (aidant d'une autre structure, d'un autre territoire) : les QuerySets `visible_*` rendent 404.
"""

from maillage.aidants.models import ProfilAidant, Rapprochement, RattachementAidant
from maillage.comptes.enums import Role
from maillage.comptes.models import Structure, Territoire, User
from maillage.comptes.permissions import is_member, structure_ids_for, territoire_ids_for

#: Rôles qui peuvent tenir eux-mêmes un profil d'aidant (les autres y sont ajoutés par leur structure).
ROLES_AIDANT = (Role.AIDANT, Role.MEDIATEUR)


def _authenticated(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_manage_aidants_of(user: User, structure: Structure) -> bool:
    """Les gestionnaires d'une structure ajoutent, détachent, archivent ses aidants et recueillent les signatures
    sur papier ; l'équipe d'administration aussi. La coordination regarde le réseau, elle ne gère pas les équipes."""
    return _authenticated(user) and (user.is_staff or is_member(user, structure, Role.GESTIONNAIRE))


def can_list_own_structures_aidants(user: User) -> bool:
    """Ouvrir « Les aidants de ma structure » : être gestionnaire d'au moins une structure."""
    return bool(structure_ids_for(user, Role.GESTIONNAIRE))


def can_view_reseau(user: User, territoire: Territoire) -> bool:
    """« Le réseau des aidants » (nominatif) : la coordination de ce territoire, et l'équipe d'administration."""
    return _authenticated(user) and (user.is_staff or territoire.pk in territoire_ids_for(user, Role.COORDINATEUR))


def can_open_reseau(user: User) -> bool:
    """Ouvrir « Le réseau des aidants » : coordonner au moins un territoire (l'équipe : s'il en existe un)."""
    if not _authenticated(user):
        return False
    if user.is_staff:
        return Territoire.objects.exists()
    return bool(territoire_ids_for(user, Role.COORDINATEUR))


def can_view_chiffres_reseau(user: User, territoire: Territoire) -> bool:
    """Les chiffres agrégés du réseau : coordination et financeurs du territoire (masqués sous 5 pour les
    financeurs, qui ne sont pas la coordination)."""
    return _authenticated(user) and (user.is_staff or territoire.pk in territoire_ids_for(user))


def can_manage_charte(user: User, territoire: Territoire) -> bool:
    """Écrire, importer et publier la charte : la coordination du territoire (et l'équipe)."""
    return can_view_reseau(user, territoire)


def can_decide_rapprochement(user: User, rapprochement: Rapprochement) -> bool:
    """Confirmer ou rejeter un rapprochement de profils : la coordination du territoire où il a été proposé."""
    return can_view_reseau(user, rapprochement.territoire)


def can_have_own_profile(user: User) -> bool:
    """« Mon profil d'aidant » : une personne déjà liée à un profil, ou aidante ou médiatrice dans une structure."""
    if not _authenticated(user):
        return False
    return ProfilAidant.objects.filter(user=user).exists() or bool(structure_ids_for(user, *ROLES_AIDANT))


def has_aidant_role(user: User) -> bool:
    """Aidante ou médiatrice dans une structure : le menu propose « Mon profil d'aidant » (sans requête : les rôles
    sont déjà lus pour la page ; une personne liée à un profil sans ce rôle ouvre la page par son adresse)."""
    return bool(structure_ids_for(user, *ROLES_AIDANT))


def can_edit_profil(user: User, profil: ProfilAidant) -> bool:
    """L'aidant modifie son propre profil (niveaux, communes, vérification publique) ; ses gestionnaires aussi,
    tant que le profil n'est pas archivé."""
    if not _authenticated(user) or profil.archived_at is not None:
        return False
    if profil.user_id == user.pk:
        return True
    return user.is_staff or _manages_a_structure_of(user, profil)


def _manages_a_structure_of(user: User, profil: ProfilAidant) -> bool:
    managed = structure_ids_for(user, Role.GESTIONNAIRE)
    return (
        bool(managed)
        and RattachementAidant.objects.filter(
            profil=profil, structure_id__in=managed, detached_at__isnull=True
        ).exists()
    )


def can_manage_rattachement(user: User, rattachement: RattachementAidant) -> bool:
    """Détacher, recueillir une signature sur papier : gestionnaire de la structure du rattachement."""
    return rattachement.detached_at is None and can_manage_aidants_of(user, rattachement.structure)


def can_archive_profil(user: User, profil: ProfilAidant) -> bool:
    """Archiver (la personne n'aide plus) : une ou un gestionnaire de l'une de ses structures, ou l'aidant."""
    return can_edit_profil(user, profil)


def can_erase_profil(user: User, profil: ProfilAidant) -> bool:
    """Effacer les données d'un aidant à sa demande : une ou un gestionnaire, ou la coordination du territoire, d'une
    structure où la personne est rattachée (archivée comprise) ; sans aucun rattachement en cours (elle est partie),
    d'une structure où elle l'a été. Une ancienne structure ne peut donc pas effacer une personne qui aide encore
    ailleurs. L'équipe aussi. Un profil déjà effacé ne s'efface plus."""
    if not _authenticated(user) or profil.anonymized_at is not None:
        return False
    if user.is_staff:
        return True
    rattachements = RattachementAidant.objects.filter(profil=profil)
    if rattachements.filter(detached_at__isnull=True).exists():
        rattachements = rattachements.filter(detached_at__isnull=True)
    managed = structure_ids_for(user, Role.GESTIONNAIRE)
    if managed and rattachements.filter(structure_id__in=managed).exists():
        return True
    coordonnes = territoire_ids_for(user, Role.COORDINATEUR)
    return bool(coordonnes) and rattachements.filter(structure__commune__territoires__in=coordonnes).exists()


def can_sign_charte(user: User, profil: ProfilAidant) -> bool:
    """Signer en ligne : seulement l'aidant lui-même, avec son compte."""
    return _authenticated(user) and profil.user_id == user.pk and profil.archived_at is None
