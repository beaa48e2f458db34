"""Entrée du menu du Pass numérique.

L'accueil du Pass répond à toute personne connectée ; l'entrée n'est proposée qu'à qui y trouve quelque chose :
financeurs et coordination d'un territoire, structures qui distribuent des carnets ou encaissent des chèques.
"""

from maillage.comptes.enums import Role
from maillage.comptes.permissions import structure_ids_for, territoire_ids_for
from maillage.core.navigation import Entree

# À remplacer par un prédicat de pass_numerique/permissions.py (voir le rapport « kit ») : ROLES_DISTRIBUTION et
# ROLES_ENCAISSEMENT réunis.
_ROLES_STRUCTURE = (Role.PRESCRIPTEUR, Role.GESTIONNAIRE, Role.MEDIATEUR, Role.AIDANT)


def navigation(user) -> list[Entree]:
    if territoire_ids_for(user, Role.COMMANDITAIRE, Role.COORDINATEUR) or structure_ids_for(user, *_ROLES_STRUCTURE):
        return [Entree("Pass numérique", "pass_numerique:accueil", 40)]
    return []
