"""Qui peut faire quoi avec les accompagnements et les personnes suivies."""

from datetime import datetime, timedelta

from django.utils import timezone

from maillage.accompagnements.models import (
    ROLES_ACCOMPAGNEMENT,
    ROLES_LECTURE_SEANCES,
    Accompagnement,
    Beneficiaire,
)
from maillage.comptes.enums import Role
from maillage.comptes.models import Structure, User
from maillage.comptes.permissions import (
    ROLES_STRUCTURE,
    can_record_accompagnement,
    is_member,
    structure_ids_for,
    territoire_ids_for,
)

#: Fenêtres de correction et de suppression, comptées depuis l'enregistrement (écrites sur la page de la séance).
FENETRE_AUTEUR = timedelta(days=7)
FENETRE_GESTION = timedelta(days=30)


def can_record(user: User, structure: Structure) -> bool:
    """La médiation et l'aide de la structure enregistrent ses accompagnements."""
    return can_record_accompagnement(user, structure)


def can_view_accompagnement(user: User, accompagnement: Accompagnement) -> bool:
    """Médiateurs, médiatrices, aidants, aidantes et gestionnaires de la structure qui a accompagné ; une séance
    supprimée n'est plus lue."""
    return accompagnement.deleted_at is None and is_member(user, accompagnement.structure, *ROLES_LECTURE_SEANCES)


def can_list_seances(user: User) -> bool:
    """« Mes accompagnements » : accompagner ou gérer dans au moins une structure."""
    return bool(structure_ids_for(user, *ROLES_LECTURE_SEANCES))


def can_correct_accompagnement(user: User, accompagnement: Accompagnement, *, now: datetime | None = None) -> bool:
    """Corriger ou supprimer une séance : la personne qui l'a enregistrée pendant 7 jours (si elle accompagne
    toujours dans la structure), la ou le gestionnaire de la structure pendant 30 jours. Au-delà, les chiffres
    d'un mois déjà transmis ne bougent plus."""
    if accompagnement.deleted_at is not None:
        return False
    age = (now or timezone.now()) - accompagnement.created_at
    if is_member(user, accompagnement.structure, Role.GESTIONNAIRE) and age <= FENETRE_GESTION:
        return True
    return (
        accompagnement.mediateur_id == user.pk
        and age <= FENETRE_AUTEUR
        and is_member(user, accompagnement.structure, *ROLES_ACCOMPAGNEMENT)
    )


def can_view_beneficiaire(user: User, beneficiaire: Beneficiaire) -> bool:
    """Seules les structures qui suivent la personne (avec son accord) voient sa fiche ; ni l'équipe ni la
    coordination : la coordination n'a que des chiffres agrégés."""
    ids = structure_ids_for(user, *ROLES_ACCOMPAGNEMENT)
    return (
        bool(ids) and beneficiaire.anonymized_at is None and beneficiaire.suivis.filter(structure_id__in=ids).exists()
    )


def can_view_structure_stats(user: User, structure: Structure) -> bool:
    """Toute personne membre de la structure voit ses statistiques (agrégées)."""
    return user.is_staff or is_member(user, structure)


def can_record_somewhere(user: User) -> bool:
    """« Enregistrer un accompagnement », « Personnes suivies » : médiation ou aide dans au moins une structure."""
    return bool(structure_ids_for(user, *ROLES_ACCOMPAGNEMENT))


def can_view_own_stats(user: User) -> bool:
    """« Statistiques » de sa structure : toute personne membre d'au moins une structure à un autre titre que la
    coordination ou le financement d'un territoire (ces rôles-là ont les chiffres de leur territoire, pas les zéros de
    leur propre structure)."""
    return bool(structure_ids_for(user, *ROLES_STRUCTURE))


def can_view_some_territoire_stats(user: User) -> bool:
    """« Statistiques du territoire » : coordination et financeurs d'au moins un territoire."""
    return bool(territoire_ids_for(user))
