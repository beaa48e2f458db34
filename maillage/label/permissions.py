"""Qui peut faire quoi avec le label. Pages, commande et services appellent ces mêmes prédicats.

Les règles des aidants valent ici : la coordination d'un territoire tient son référentiel et sa commission
(`can_manage_charte`), l'aidant et ses gestionnaires tiennent ses compétences (`can_edit_profil`).
"""

from django.utils import timezone

from maillage.aidants import permissions as aidants_permissions
from maillage.aidants.models import ProfilAidant
from maillage.comptes.enums import Role
from maillage.comptes.models import Territoire, User
from maillage.comptes.permissions import territoire_ids_for
from maillage.label.models import DemandeLabel, pairs_eligibles


def _authenticated(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_edit_competences(user: User, profil: ProfilAidant) -> bool:
    """Saisir les niveaux : l'aidant lui-même, ou une ou un gestionnaire d'une de ses structures (pour un aidant
    sans adresse électronique), tant que le profil n'est pas archivé."""
    return aidants_permissions.can_edit_profil(user, profil)


def can_manage_referentiel(user: User, territoire: Territoire) -> bool:
    """Publier une version du référentiel, désigner les pairs fondateurs : la coordination du territoire."""
    return aidants_permissions.can_manage_charte(user, territoire)


def can_open_commission(user: User) -> bool:
    """Ouvrir la commission et le référentiel : coordonner au moins un territoire."""
    return aidants_permissions.can_open_reseau(user)


def can_apply(user: User, profil: ProfilAidant) -> bool:
    """Demander le label : l'aidant lui-même, ou ses gestionnaires pour lui."""
    return aidants_permissions.can_edit_profil(user, profil)


def can_view_demande(user: User, demande: DemandeLabel) -> bool:
    """Une demande : la personne (et ses gestionnaires), la coordination du territoire, les pairs qui peuvent
    mener son entretien."""
    return (
        can_apply(user, demande.profil)
        or can_decide(user, demande)
        or can_record_entretien(user, demande)
        or (_authenticated(user) and demande.profil.user_id == user.pk)
    )


def can_decide(user: User, demande: DemandeLabel) -> bool:
    """Accorder, refuser, retirer : la commission, c'est-à-dire la coordination du territoire de la demande."""
    return _authenticated(user) and (
        user.is_staff or demande.territoire_id in territoire_ids_for(user, Role.COORDINATEUR)
    )


def can_record_entretien(user: User, demande: DemandeLabel) -> bool:
    """Enregistrer l'entretien entre pairs : la coordination du territoire, ou un pair (labellisé ou fondateur
    dans ce territoire) qui n'est pas la personne qui demande. La règle « pas de la même structure » se vérifie
    sur les deux pairs, au service."""
    if not _authenticated(user) or demande.statut not in ("EN_COURS", "A_RENOUVELER"):
        return False
    if can_decide(user, demande):
        return True
    profil = getattr(user, "profil_aidant", None)
    if profil is None or profil.pk == demande.profil_id:
        return False
    return pairs_eligibles(demande.territoire, timezone.localdate()).filter(pk=profil.pk).exists()


def can_view_carte(user: User, territoire: Territoire) -> bool:
    """La carte des compétences : coordination et financeurs du territoire (chiffres masqués sous 5 pour les
    financeurs)."""
    return aidants_permissions.can_view_chiffres_reseau(user, territoire)


def sees_exact_counts(user: User, territoire: Territoire) -> bool:
    """Chiffres exacts : la coordination du territoire (et l'équipe) ; tout autre lecteur voit « < 5 »."""
    return aidants_permissions.can_view_reseau(user, territoire)


def can_open_carte(user) -> bool:
    """Le menu « Carte des compétences » : coordination et financeurs d'un territoire ; l'équipe s'il en existe un
    (sans territoire, la page n'aurait rien à montrer et répondrait 403)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_staff:
        return Territoire.objects.exists()
    return bool(territoire_ids_for(user))
