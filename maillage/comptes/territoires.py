"""Le choix du territoire d'une page de coordination (`?territoire=slug`) : un seul outil pour toutes les apps.

Les pages du réseau des aidants, de la charte, de la commission du label, du référentiel et de la carte des
compétences lisent un territoire parmi ceux que la personne coordonne (ou finance). La règle est la même
partout : aucun territoire lisible → 403 ; un territoire nommé hors de portée ou refusé par le prédicat de la page
→ 404 (on ne dit pas qu'il existe) ; sans `?territoire=`, le premier par ordre alphabétique.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from maillage.comptes.models import Territoire, User
from maillage.comptes.permissions import territoire_ids_for


def territoires_lus(user: User, *roles: str) -> QuerySet[Territoire]:
    """Les territoires où la personne a l'un de ces rôles, par nom ; tous pour l'équipe d'administration."""
    if user.is_staff:
        return Territoire.objects.order_by("nom")
    return Territoire.objects.filter(pk__in=territoire_ids_for(user, *roles)).order_by("nom")


def territoire_choisi(
    request: HttpRequest, *, roles: tuple[str, ...], peut: Callable[[User, Territoire], bool]
) -> tuple[Territoire, list[Territoire]]:
    """(territoire de l'adresse ou premier lisible, tous les territoires lisibles pour le sélecteur de la page).

    `roles` : les rôles qui ouvrent la page ; `peut(user, territoire)` : le prédicat de la page, vérifié sur le
    territoire choisi."""
    territoires = list(territoires_lus(request.user, *roles))
    if not territoires:
        raise PermissionDenied
    slug = request.GET.get("territoire") or request.POST.get("territoire")
    territoire = next((t for t in territoires if t.slug == slug), None) if slug else territoires[0]
    if territoire is None or not peut(request.user, territoire):
        raise Http404
    return territoire, territoires
