"""L'observatoire de toutes les campagnes (financeurs, coordination), la page publique du Pass dans un territoire
(sans compte), et le choix d'une structure d'y être nommée."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from maillage.comptes.models import Territoire
from maillage.core.refus import flash_error
from maillage.pass_numerique import observatoire as obs
from maillage.pass_numerique import services
from maillage.pass_numerique.forms import PointDistributionForm
from maillage.pass_numerique.permissions import can_view_observatoire, structures_distributrices


def observatoire(request):
    if not can_view_observatoire(request.user):
        raise PermissionDenied("L'observatoire du Pass sert aux financeurs et à la coordination d'un territoire.")
    campagnes = obs.campagnes_observees(request.user)
    context = {
        "colonnes_campagne": ["Campagne", *obs.COLONNES],
        "colonnes_structure": ["Structure qui distribue", *obs.COLONNES],
        "par_campagne": [ligne.cellules() for ligne in [*obs.par_campagne(campagnes), obs.total(campagnes)]],
        "par_structure": [ligne.cellules() for ligne in obs.par_structure(campagnes)],
    }
    return render(request, "pass_numerique/observatoire.html", context)


@login_not_required
def dans_mon_territoire(request, slug=None):
    territoires = list(obs.territoires_publics())
    if slug is None and len(territoires) == 1:
        slug = territoires[0].slug
    if slug is None:
        return render(request, "pass_numerique/public_territoires.html", {"territoires": territoires})
    territoire = get_object_or_404(Territoire, slug=slug)
    if territoire not in territoires:
        raise Http404("Aucune campagne du Pass numérique en cours dans ce territoire.")
    context = {"territoire": territoire, "autres": len(territoires) > 1, **obs.page_publique(territoire)}
    return render(request, "pass_numerique/public_territoire.html", context)


@require_POST
def point_distribution(request, public_id):
    structure = get_object_or_404(structures_distributrices(request.user), public_id=public_id)
    form = PointDistributionForm(request.POST, prefix=f"pd{structure.pk}")  # même préfixe que sur l'accueil
    if form.is_valid():
        try:
            services.set_point_distribution(structure=structure, by=request.user, **form.cleaned_data)
        except ValidationError as e:
            flash_error(request, e)
        else:
            etat = "nommée" if form.cleaned_data["visible"] else "n'est plus nommée"
            messages.success(request, f"« {structure.nom} » {etat} sur la page publique du Pass numérique.")
    return redirect("pass_numerique:accueil")
