"""Entrées du menu de l'annuaire, tirées des prédicats de `permissions.py` (rôles déjà lus : aucune requête)."""

from maillage.annuaire import permissions
from maillage.core.navigation import Entree


def navigation(user) -> list[Entree]:
    entrees = [Entree("Annuaire du réseau", "annuaire:annuaire", 70, "reseau")]
    if permissions.can_view_contacts(user):
        entrees.append(Entree("Contacts partenaires", "annuaire:contacts", 71, "reseau"))
    if permissions.can_open_coordination(user):
        entrees.append(Entree("Postes de médiation", "annuaire:postes", 72, "reseau"))
        entrees.append(Entree("Feuille de route", "annuaire:feuille_accueil", 73, "reseau"))
    return entrees
