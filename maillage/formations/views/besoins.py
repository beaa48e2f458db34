"""La vue des besoins de la coordination (par EPCI et par thème) et les chiffres des formations ; un besoin
exprimé par une structure. Masqué sous 5 hors de la coordination (financeurs)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from maillage.comptes import territoires
from maillage.comptes.enums import Role
from maillage.comptes.models import Structure
from maillage.core.formulaires import traiter_formulaire
from maillage.formations import permissions, selectors, services
from maillage.formations.forms import BesoinForm


def besoins(request):
    territoire, liste = territoires.territoire_choisi(
        request, roles=(Role.COORDINATEUR, Role.COMMANDITAIRE), peut=permissions.can_view_besoins
    )
    masquer = not permissions.sees_exact_counts(request.user, territoire)
    return render(request, "formations/besoins.html", {
        "territoire": territoire, "territoires": liste, "masquer": masquer,
        "peut_proposer": permissions.can_open_offre(request.user),
        **selectors.besoins(territoire, masquer=masquer), "chiffres": selectors.chiffres(territoire, masquer=masquer),
    })  # fmt: skip


@require_http_methods(["GET", "POST"])
def exprimer_besoin(request, public_id):
    structure = get_object_or_404(Structure, public_id=public_id)
    if not permissions.can_express_besoin(request.user, structure):
        raise PermissionDenied
    form = BesoinForm(request.POST or None)
    reponse = traiter_formulaire(
        request, form, lambda d: services.express_besoin(structure=structure, by=request.user, **d),
        succes="Votre besoin est transmis à la coordination.", redirection="formations:mes_besoins",
    )  # fmt: skip
    return reponse or render(request, "formations/besoin.html", {"form": form, "structure": structure})
