"""L'offre : recalcul à la demande pour un territoire, et la liste des communes éloignées de l'offre."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from maillage.comptes.enums import Role
from maillage.comptes.territoires import territoire_choisi
from maillage.core.utils import pluriel
from maillage.observatoire import permissions, selectors, services
from maillage.observatoire.forms import EloignementForm
from maillage.observatoire.models import Indicateur


@require_POST
def recalculer(request):
    """Le calcul d'un territoire (quelques centaines de communes) prend moins d'une seconde : fait tout de suite."""
    territoire, _ = territoire_choisi(request, roles=(Role.COORDINATEUR,), peut=permissions.can_calculer_offre)
    r = services.calculer_offre(communes_de=territoire, by=request.user)
    messages.success(request, f"Offre recalculée pour {r.communes} commune{pluriel(r.communes)} du territoire.")
    return redirect(f"{reverse('observatoire:index')}?territoire={territoire.slug}")


def eloignees(request):
    territoire, territoires = territoire_choisi(request, roles=(Role.COORDINATEUR,),
                                                peut=permissions.can_view_observatoire)  # fmt: skip
    inds = Indicateur.objects.lisibles(territoire)
    donnees = request.GET.copy()
    donnees.setdefault("distance", str(selectors.DISTANCE_DEFAUT_KM))
    form = EloignementForm(donnees, indicateurs=inds)
    resultat = None
    if form.is_valid() and (indicateur := form.cleaned_data["indicateur"] or inds.first()) is not None:
        resultat = selectors.communes_eloignees(
            territoire, indicateur=indicateur, today=timezone.localdate(),
            distance_km=form.cleaned_data["distance"] or selectors.DISTANCE_DEFAUT_KM,
        )  # fmt: skip
    return render(request, "observatoire/eloignees.html", {
        "territoire": territoire, "territoires": territoires, "form": form, "resultat": resultat,
        "distance": form.cleaned_data.get("distance") if form.is_valid() else None,
    })  # fmt: skip
