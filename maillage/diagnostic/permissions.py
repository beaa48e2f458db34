"""Qui peut utiliser quoi dans le diagnostic. Le mode autonome est public : il n'a pas de prédicat."""

from typing import TYPE_CHECKING

from maillage.comptes.enums import ROLES_TERRITORIAUX
from maillage.comptes.models import User
from maillage.comptes.permissions import (
    can_record_accompagnement,
    can_view_territoire_stats,
    is_member,
    structure_ids_for,
    territoire_ids_for,
)
from maillage.orientations.models import ROLES_ORIENTATION, ROLES_RECEPTION

if TYPE_CHECKING:
    from maillage.accompagnements.models import Accompagnement


def can_use_premier_accueil(user: User) -> bool:
    """Le kit de premier accueil : qui accueille et oriente au nom d'une structure (prescription — accueil de
    mairie, France Services —, médiation, aide, coordination). La gestion seule ou le financement ne suffisent pas."""
    return bool(user and user.is_authenticated and structure_ids_for(user, *ROLES_ORIENTATION))


def can_list_demandes_contact(user: User) -> bool:
    """« Demandes de contact » : qui reçoit les orientations d'une structure (médiation, aide, gestion)."""
    return bool(user and user.is_authenticated and structure_ids_for(user, *ROLES_RECEPTION))


def can_handle_demande_contact(user: User, demande) -> bool:
    """Marquer une demande traitée : membre (médiation, aide, gestion) de la structure du lieu demandé."""
    return demande.lieu.structure_id is not None and is_member(user, demande.lieu.structure, *ROLES_RECEPTION)


def can_run_diagnostic_seance(user: User, accompagnement: "Accompagnement") -> bool:
    """Faire le diagnostic pendant une séance et l'y joindre : qui enregistre les accompagnements de la structure
    (médiation, aide), sur une séance non supprimée."""
    return accompagnement.deleted_at is None and can_record_accompagnement(user, accompagnement.structure)


def can_read_reperages(user: User, territoire=None) -> bool:
    """Les repérages (observatoire) : coordination et financeurs d'un territoire (de celui-ci, s'il est donné)."""
    if territoire is not None:
        return can_view_territoire_stats(user, territoire)
    # Le menu : les rôles territoriaux seulement (l'équipe d'administration ouvre la page par son adresse).
    return bool(user and user.is_authenticated and territoire_ids_for(user, *ROLES_TERRITORIAUX))
