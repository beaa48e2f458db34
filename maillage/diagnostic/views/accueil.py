"""Le kit de premier accueil : un formulaire d'un écran pour l'agent ou l'agente d'accueil, trois lieux, une fiche."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from maillage.diagnostic.enums import Source
from maillage.diagnostic.forms import PremierAccueilForm
from maillage.diagnostic.permissions import can_use_premier_accueil
from maillage.diagnostic.selectors import CARTE_NATIONALE
from maillage.diagnostic.views.commun import chercher_lieux
from maillage.orientations.enums import BESOIN_SERVICE, Besoin
from maillage.orientations.permissions import can_start_orientation


@require_GET
def premier_accueil(request):
    if not can_use_premier_accueil(request.user):
        raise PermissionDenied
    form = PremierAccueilForm(request.GET if "besoin" in request.GET else None)
    recherche = None
    if form.is_bound and form.is_valid():
        besoin = form.cleaned_data["besoin"]
        recherche = chercher_lieux(
            form,
            services=[BESOIN_SERVICE[besoin]],
            source=Source.PREMIER_ACCUEIL,
            contraintes=set(form.cleaned_data["contraintes"]),
        )
    context = {
        "form": form,
        "recherche": recherche,
        "besoin": form.cleaned_data.get("besoin") if recherche else "",
        "besoin_libelle": Besoin(form.cleaned_data["besoin"]).label if recherche else "",
        "peut_orienter": can_start_orientation(request.user),
        "carte_nationale": CARTE_NATIONALE,
    }
    return render(request, "diagnostic/premier_accueil.html", context)
