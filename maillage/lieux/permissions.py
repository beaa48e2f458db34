"""Qui peut faire quoi sur les lieux. Pages, API et commandes appellent les mêmes prédicats.

Règles :
- tout le monde, même sans compte, voit les lieux publiés (recherche, fiche, fiche imprimable) ;
- une ou un gestionnaire d'une structure tient à jour les lieux de SA structure (contenu, horaires, arrêts, statut) ;
- la coordination d'un territoire tient à jour tous les lieux situés sur son territoire, repère les lieux non
  vérifiés et les doublons, fusionne les doublons et importe des fichiers ;
- l'équipe d'administration (is_staff) peut tout faire.
Un lieu hors de portée n'est jamais « interdit » (403) mais introuvable (404) : les vues passent par
`editable_lieux(user)`.
"""

from django.db.models import Q, QuerySet

from maillage.comptes.enums import Role
from maillage.comptes.models import Structure, Territoire, User
from maillage.comptes.permissions import (
    can_coordinate_territoire,
    is_member,
    structure_ids_for,
    territoire_ids_for,
)
from maillage.lieux.models import Lieu


def _authenticated(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _territoire_communes(territoire_ids):
    """Codes INSEE des communes des territoires donnés (sous-requête, pas de doublons de lignes)."""
    return Territoire.communes.through.objects.filter(territoire_id__in=territoire_ids).values("commune_id")


def editable_lieux(user: User) -> QuerySet[Lieu]:
    """Les lieux qu'une personne peut modifier : ceux de ses structures (gestionnaire), ceux de son territoire
    (coordination), tous (équipe). Tous statuts confondus (brouillon, publié, fermé)."""
    if not _authenticated(user):
        return Lieu.objects.none()
    if user.is_staff:
        return Lieu.objects.all()
    structures = structure_ids_for(user, Role.GESTIONNAIRE)
    territoires = territoire_ids_for(user, Role.COORDINATEUR)
    condition = Q(pk__in=[])
    if structures:
        condition |= Q(structure_id__in=structures)
    if territoires:
        condition |= Q(commune_ref_id__in=_territoire_communes(territoires))
    return Lieu.objects.filter(condition)


def coordinated_lieux(user: User) -> QuerySet[Lieu]:
    """Les lieux des territoires que la personne coordonne (tous pour l'équipe) : vue « territoire »."""
    if not _authenticated(user):
        return Lieu.objects.none()
    if user.is_staff:
        return Lieu.objects.all()
    territoires = territoire_ids_for(user, Role.COORDINATEUR)
    if not territoires:
        return Lieu.objects.none()
    return Lieu.objects.filter(commune_ref_id__in=_territoire_communes(territoires))


def _coordinates_lieu(user: User, lieu: Lieu) -> bool:
    territoires = territoire_ids_for(user, Role.COORDINATEUR)
    if not territoires or not lieu.commune_ref_id:
        return False
    return _territoire_communes(territoires).filter(commune_id=lieu.commune_ref_id).exists()


def can_access_gestion(user: User) -> bool:
    """La page « Mes lieux » est ouverte aux gestionnaires (leurs lieux), à la coordination (son territoire)
    et à l'équipe."""
    return _authenticated(user) and (user.is_staff or user.has_role(Role.GESTIONNAIRE, Role.COORDINATEUR))


def can_edit_lieu(user: User, lieu: Lieu) -> bool:
    """Modifier un lieu (contenu, horaires, arrêts, publication) : gestionnaire de la structure du lieu,
    coordination du territoire où il se trouve, équipe. Un lieu sans structure n'est modifiable que par la
    coordination (ou l'équipe)."""
    if not _authenticated(user):
        return False
    if user.is_staff:
        return True
    if lieu.structure_id and is_member_by_id(user, lieu.structure_id, Role.GESTIONNAIRE):
        return True
    return _coordinates_lieu(user, lieu)


def is_member_by_id(user: User, structure_id: int, *roles: str) -> bool:
    """Comme `is_member`, sans charger la structure."""
    return structure_id in structure_ids_for(user, *roles)


def can_create_lieu(user: User, structure: Structure | None = None) -> bool:
    """Déclarer un nouveau lieu : gestionnaire de la structure choisie (ou de n'importe laquelle si aucune
    n'est donnée), coordination (pour une structure de son territoire), équipe."""
    if not _authenticated(user):
        return False
    if user.is_staff:
        return True
    if structure is None:
        return user.has_role(Role.GESTIONNAIRE, Role.COORDINATEUR)
    if is_member(user, structure, Role.GESTIONNAIRE):
        return True
    territoires = territoire_ids_for(user, Role.COORDINATEUR)
    return bool(territoires) and _territoire_communes(territoires).filter(commune_id=structure.commune_id).exists()


def can_verify_lieu(user: User, lieu: Lieu) -> bool:
    """Confirmer que les informations d'un lieu sont à jour : qui peut le modifier peut le confirmer."""
    return can_edit_lieu(user, lieu)


def can_view_lieu_history(user: User, lieu: Lieu) -> bool:
    """L'historique (qui a changé quoi, quand) est visible de qui peut modifier le lieu, jamais du public."""
    return can_edit_lieu(user, lieu)


def can_manage_lieux_of_territoire(user: User, territoire: Territoire) -> bool:
    """Voir et tenir à jour tous les lieux d'un territoire (non vérifiés, doublons) : sa coordination, l'équipe."""
    return can_coordinate_territoire(user, territoire)


def can_see_territoire_lieux(user: User) -> bool:
    """Les filtres « non vérifiés depuis 12 mois » et « doublons probables » : coordination et équipe."""
    return _authenticated(user) and (user.is_staff or bool(territoire_ids_for(user, Role.COORDINATEUR)))


def can_merge_lieux(user: User, keep: Lieu, remove: Lieu) -> bool:
    """Fusionner deux lieux (l'un absorbe l'autre) : la coordination d'un territoire où se trouvent LES DEUX
    lieux, ou l'équipe. Une ou un gestionnaire ne fusionne pas : un doublon touche souvent deux structures."""
    if not _authenticated(user) or keep.pk == remove.pk:
        return False
    if user.is_staff:
        return True
    return _coordinates_lieu(user, keep) and _coordinates_lieu(user, remove)


def can_import_lieux(user: User) -> bool:
    """Importer un fichier de lieux (standard national, export départemental) : coordination, équipe."""
    return can_see_territoire_lieux(user)


def import_territoires_for(user: User) -> QuerySet[Territoire] | None:
    """Où une personne peut importer des lieux : les territoires qu'elle coordonne ; `None` pour l'équipe
    (partout). Un import de la coordination ne crée ni ne modifie de lieu ailleurs (voir `Perimetre`)."""
    if _authenticated(user) and user.is_staff:
        return None
    return Territoire.objects.filter(pk__in=territoire_ids_for(user, Role.COORDINATEUR))
