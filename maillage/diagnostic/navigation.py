"""Entrées du menu du diagnostic : le diagnostic est public ; le kit de premier accueil suit son prédicat."""

from maillage.core.navigation import Entree
from maillage.diagnostic import permissions


def navigation(user) -> list[Entree]:
    entrees = [Entree("Faire le point sur le numérique", "diagnostic:accueil", 11, "aide")]  # public, même sans compte
    if permissions.can_use_premier_accueil(user):
        entrees.append(Entree("Premier accueil", "diagnostic:premier_accueil", 19, "aide"))
    if permissions.can_list_demandes_contact(user):
        entrees.append(Entree("Demandes de contact", "diagnostic:demandes", 23, "orientations"))
    if permissions.can_read_reperages(user):
        entrees.append(Entree("Besoins repérés", "diagnostic:reperages", 47, "reseau"))
    return entrees
