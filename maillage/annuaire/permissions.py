"""Qui peut faire quoi dans l'annuaire. Pages, API, commande et services appellent ces mêmes prédicats.

La partie publique de l'annuaire (acteurs, rôles, dispositifs, périmètres) se lit sans compte ; tout le reste
demande d'être connecté ou connectée, et se limite au territoire où l'on agit."""

from maillage.annuaire.models import Acteur, FeuilleDeRoute
from maillage.comptes.enums import Role
from maillage.comptes.models import Territoire, User
from maillage.comptes.permissions import structure_ids_for, territoire_ids_for
from maillage.lieux.models import Lieu

#: Rôles qui aident une personne bloquée : ce sont eux qui appellent les contacts partenaires.
ROLES_AIDANTS = (Role.AIDANT, Role.MEDIATEUR)


def _authenticated(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_manage_annuaire(user: User, territoire: Territoire) -> bool:
    """Créer, modifier, archiver les fiches, contacts, postes et la feuille de route : la coordination du
    territoire (et l'équipe d'administration)."""
    return _authenticated(user) and (user.is_staff or territoire.pk in territoire_ids_for(user, Role.COORDINATEUR))


def can_edit_acteur(user: User, acteur: Acteur) -> bool:
    """Une fiche : la coordination de son territoire, la personne qui la tient, les gestionnaires de la structure."""
    if not _authenticated(user) or acteur.archived_at:
        return False
    return (
        can_manage_annuaire(user, acteur.territoire)
        or acteur.mainteneur_id == user.pk
        or acteur.structure_id in structure_ids_for(user, Role.GESTIONNAIRE)
    )


def can_edit_perimetre_lieu(user: User, lieu: Lieu, territoire: Territoire) -> bool:
    """Le périmètre d'un lieu dans un territoire : la coordination du territoire, ou une ou un gestionnaire de la
    structure du lieu quand le lieu est dans ce territoire (sa commune en fait partie)."""
    if not _authenticated(user):
        return False
    if can_manage_annuaire(user, territoire):
        return True
    return (
        lieu.structure_id is not None
        and lieu.structure_id in structure_ids_for(user, Role.GESTIONNAIRE)
        and lieu.commune_ref_id is not None
        and territoire.communes.filter(pk=lieu.commune_ref_id).exists()
    )


def can_manage_some_contacts(user: User) -> bool:
    """Le lien « Ajouter un contact » : la coordination d'au moins un territoire, l'équipe (rôles déjà lus)."""
    return _authenticated(user) and (user.is_staff or bool(territoire_ids_for(user, Role.COORDINATEUR)))


def can_view_contacts(user: User) -> bool:
    """Les contacts partenaires : les aidants et médiateurs connectés, la coordination, l'équipe. Jamais le public,
    ni un compte qui n'aide personne (prescription seule, financement, gestion seule)."""
    if not _authenticated(user):
        return False
    return user.is_staff or user.has_role(*ROLES_AIDANTS) or bool(territoire_ids_for(user, Role.COORDINATEUR))


def can_view_postes(user: User, territoire: Territoire) -> bool:
    """Les postes d'un territoire : sa coordination et ses financeurs (effectifs masqués sous 5 pour ces derniers)."""
    return _authenticated(user) and (user.is_staff or territoire.pk in territoire_ids_for(user))


def sees_exact_counts(user: User, territoire: Territoire) -> bool:
    """Chiffres exacts : la coordination du territoire ; les autres lecteurs voient « < 5 »."""
    return can_manage_annuaire(user, territoire)


def can_view_feuille(user: User, feuille: FeuilleDeRoute) -> bool:
    """Une version publiée se lit par toute personne connectée (partenaires, élus et élues) ; un brouillon, par la
    coordination seulement."""
    if not _authenticated(user):
        return False
    return feuille.figee or can_manage_annuaire(user, feuille.territoire)


def can_open_coordination(user) -> bool:
    """Le menu des postes : coordination ou financement d'au moins un territoire (rôles déjà lus, aucune requête).
    L'équipe d'administration ouvre ces pages par leur adresse."""
    return _authenticated(user) and bool(territoire_ids_for(user))
