"""Distribution : remettre un carnet à une personne (sans son nom), annuler un carnet perdu ou volé."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from maillage.core.refus import form_errors
from maillage.core.utils import pluriel
from maillage.pass_numerique import selectors, services
from maillage.pass_numerique.forms import AnnulationForm, RemiseForm
from maillage.pass_numerique.permissions import can_hand_out_carnet
from maillage.pass_numerique.views.commun import get_carnet


def carnet_remise(request, public_id, numero):
    carnet = get_carnet(request, public_id, numero)
    if not can_hand_out_carnet(request.user, carnet):
        raise PermissionDenied
    form = RemiseForm(
        request.POST or None,
        orientations=selectors.orientations_recentes(request.user),
        territoire=carnet.campagne.territoire,
    )
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            services.hand_out_carnet(
                carnet=carnet, by=request.user, tranche_age=cd["tranche_age"], commune=cd["commune"],
                situation=cd["situation"], besoin=cd["besoin"], orientation=cd["orientation"],
            )  # fmt: skip
        except ValidationError as e:
            form_errors(form, e)
        else:
            selectors.invalidate(carnet.campagne_id)
            messages.success(request, f"Carnet n° {carnet.numero} remis. Pensez à donner la lettre d'accompagnement.")
            return redirect("pass_numerique:accueil")
    return render(request, "pass_numerique/carnet_remise.html", {"form": form, "carnet": carnet})


def carnet_annulation(request, public_id, numero):
    carnet = get_carnet(request, public_id, numero)
    form = AnnulationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            n = services.cancel_carnet(carnet=carnet, by=request.user, motif=form.cleaned_data["motif"])
        except ValidationError as e:
            form_errors(form, e)
        else:
            selectors.invalidate(carnet.campagne_id)
            messages.success(
                request,
                f"Carnet n° {carnet.numero} annulé : {n} chèque{pluriel(n)} {'seront refusés' if n > 1 else 'sera refusé'}.",
            )
            return redirect("pass_numerique:accueil")
    return render(request, "pass_numerique/carnet_annulation.html", {"form": form, "carnet": carnet})
