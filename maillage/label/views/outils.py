from maillage.comptes import territoires
from maillage.comptes.enums import Role
from maillage.comptes.models import Territoire
from maillage.label import permissions


def territoire_choisi(request, *, carte: bool = False) -> tuple[Territoire, list[Territoire]]:
    """Le territoire de l'adresse (`?territoire=slug`), sinon le premier ; un territoire hors de portée : 404.

    `carte` : coordination et financeurs ; sinon la coordination seule (référentiel, commission)."""
    if carte:
        roles, peut = (Role.COORDINATEUR, Role.COMMANDITAIRE), permissions.can_view_carte
    else:
        roles, peut = (Role.COORDINATEUR,), permissions.can_manage_referentiel
    return territoires.territoire_choisi(request, roles=roles, peut=peut)
