"""Qui peut faire quoi avec une orientation. Les pages et l'API appellent ces mêmes prédicats."""

from maillage.comptes.models import Structure, User
from maillage.comptes.permissions import can_orient, is_member, structure_ids_for
from maillage.orientations.enums import StatutOrientation
from maillage.orientations.models import ROLES_ENVOI, ROLES_ORIENTATION, ROLES_RECEPTION, Orientation


def can_create_orientation(user: User, structure: Structure) -> bool:
    """Orienter au nom d'une structure : avoir un rôle qui oriente (prescription, médiation, aide,
    coordination) dans cette structure ; la gestion seule ne suffit pas, même avec un tel rôle ailleurs."""
    return can_orient(user) and is_member(user, structure, *ROLES_ORIENTATION)


def can_view_orientation(user: User, orientation: Orientation) -> bool:
    """La structure qui oriente et la structure qui reçoit (les autres ont une 404 par les QuerySets)."""
    return is_member(user, orientation.structure_prescriptrice, *ROLES_ENVOI) or is_member(
        user, orientation.structure_destinataire, *ROLES_RECEPTION
    )


def is_receiver(user: User, orientation: Orientation) -> bool:
    """Membre (médiation, aide, gestion) de la structure qui reçoit l'orientation."""
    return is_member(user, orientation.structure_destinataire, *ROLES_RECEPTION)


def can_answer_orientation(user: User, orientation: Orientation) -> bool:
    """Seule la structure qui reçoit répond (accepter, refuser, rediriger), tant qu'elle n'a pas répondu."""
    return orientation.statut == StatutOrientation.ENVOYEE and is_member(
        user, orientation.structure_destinataire, *ROLES_RECEPTION
    )


def can_close_orientation(user: User, orientation: Orientation) -> bool:
    """La structure qui reçoit ou celle qui oriente clôt une orientation acceptée (ou restée sans réponse)."""
    return orientation.statut in (StatutOrientation.ENVOYEE, StatutOrientation.ACCEPTEE) and (
        can_view_orientation(user, orientation)
    )


def can_start_orientation(user: User) -> bool:
    """Ouvrir « Orienter une personne » : un rôle qui oriente dans au moins une structure (le formulaire demande
    au nom de quelle structure on oriente)."""
    return can_orient(user) and bool(structure_ids_for(user, *ROLES_ORIENTATION))


def can_list_sent_orientations(user: User) -> bool:
    """« Mes orientations » (celles envoyées par mes structures) : qui peut orienter."""
    return can_orient(user)


def can_view_received_orientations(user: User) -> bool:
    """« Orientations reçues » : médiation, aide ou gestion dans au moins une structure qui reçoit."""
    return bool(structure_ids_for(user, *ROLES_RECEPTION))
