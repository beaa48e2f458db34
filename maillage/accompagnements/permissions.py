"""Qui peut faire quoi avec les accompagnements et les personnes suivies."""

from maillage.accompagnements.models import ROLES_ACCOMPAGNEMENT, Accompagnement, Beneficiaire
from maillage.comptes.models import Structure, User
from maillage.comptes.permissions import can_record_accompagnement, is_member, structure_ids_for


def can_record(user: User, structure: Structure) -> bool:
    """Médiateur·rices et aidant·es de la structure enregistrent ses accompagnements."""
    return can_record_accompagnement(user, structure)


def can_view_accompagnement(user: User, accompagnement: Accompagnement) -> bool:
    """Les médiateur·rices et aidant·es de la structure qui a accompagné."""
    return is_member(user, accompagnement.structure, *ROLES_ACCOMPAGNEMENT)


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
    """« Statistiques » : toute personne membre d'au moins une structure (les siennes d'abord)."""
    return bool(structure_ids_for(user))
