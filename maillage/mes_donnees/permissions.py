"""Qui remet un code personnel, qui voit et traite les demandes d'effacement (prédicats purs)."""

from maillage.accompagnements.enums import TypeAccompagnement
from maillage.accompagnements.models import ROLES_ACCOMPAGNEMENT, Accompagnement
from maillage.comptes.models import Structure, User
from maillage.comptes.permissions import structure_ids_for
from maillage.mes_donnees.enums import StatutDemande
from maillage.mes_donnees.models import ROLES_DEMANDES, DemandeEffacement
from maillage.orientations.models import ROLES_ENVOI, ROLES_RECEPTION, Orientation


def structure_for_orientation(user: User, orientation: Orientation) -> Structure | None:
    """La structure au nom de laquelle la personne remet la fiche : celle qui oriente d'abord, sinon le lieu."""
    if orientation.structure_prescriptrice_id in structure_ids_for(user, *ROLES_ENVOI):
        return orientation.structure_prescriptrice
    if orientation.structure_destinataire_id in structure_ids_for(user, *ROLES_RECEPTION):
        return orientation.structure_destinataire
    return None


def can_issue_code_orientation(user: User, orientation: Orientation) -> bool:
    """Un membre de la structure qui oriente (ou du lieu qui reçoit) remet un code avec la fiche, tant que les
    données de la personne n'ont pas été effacées."""
    return orientation.anonymized_at is None and structure_for_orientation(user, orientation) is not None


def can_issue_code_accompagnement(user: User, accompagnement: Accompagnement) -> bool:
    """Un médiateur ou un aidant de la structure remet un code avec le récapitulatif d'une séance individuelle
    (un atelier ne garde rien sur une personne)."""
    return accompagnement.type == TypeAccompagnement.INDIVIDUEL and accompagnement.structure_id in structure_ids_for(
        user, *ROLES_ACCOMPAGNEMENT
    )


def can_list_demandes(user: User) -> bool:
    """La gestion, les médiateurs, aidants et prescripteurs d'une structure voient les demandes qu'elle reçoit."""
    return bool(structure_ids_for(user, *ROLES_DEMANDES))


def can_carry_out_demande(user: User, demande: DemandeEffacement) -> bool:
    """Ces mêmes personnes font l'effacement d'une demande en attente reçue par leur structure."""
    if demande.statut != StatutDemande.EN_ATTENTE:
        return False
    ids = structure_ids_for(user, *ROLES_DEMANDES)
    code = demande.code
    return code.structure_id in ids or bool(code.orientation and code.orientation.structure_destinataire_id in ids)
