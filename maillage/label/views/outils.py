from django.core.exceptions import PermissionDenied
from django.http import Http404

from maillage.comptes.enums import Role
from maillage.comptes.models import Territoire
from maillage.comptes.permissions import territoire_ids_for
from maillage.core.refus import flash_error, form_errors  # noqa: F401 — réexportés pour les vues du label
from maillage.label import permissions


def territoires_lus(user, *roles):
    if user.is_staff:
        return Territoire.objects.all().order_by("nom")
    return Territoire.objects.filter(pk__in=territoire_ids_for(user, *roles)).order_by("nom")


def territoire_choisi(request, *, carte: bool = False) -> tuple[Territoire, list]:
    """Le territoire de l'adresse (`?territoire=slug`), sinon le premier ; un territoire hors de portée : 404.

    `carte` : coordination et financeurs ; sinon la coordination seule (référentiel, commission)."""
    roles = (Role.COORDINATEUR, Role.COMMANDITAIRE) if carte else (Role.COORDINATEUR,)
    territoires = list(territoires_lus(request.user, *roles))
    if not territoires:
        raise PermissionDenied
    slug = request.GET.get("territoire") or request.POST.get("territoire")
    territoire = next((t for t in territoires if t.slug == slug), None) if slug else territoires[0]
    if territoire is None:
        raise Http404
    ok = permissions.can_view_carte if carte else permissions.can_manage_referentiel
    if not ok(request.user, territoire):
        raise Http404
    return territoire, territoires
