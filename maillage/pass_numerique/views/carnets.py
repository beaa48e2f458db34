"""Distribution : remettre un carnet à une personne (sans son nom), annuler un carnet perdu ou volé."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from maillage.core.formulaires import traiter_formulaire
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

    def remettre(cd) -> None:
        services.hand_out_carnet(
            carnet=carnet, by=request.user, tranche_age=cd["tranche_age"], commune=cd["commune"],
            situation=cd["situation"], besoin=cd["besoin"], orientation=cd["orientation"],
        )  # fmt: skip
        selectors.invalidate(carnet.campagne_id)

    reponse = traiter_formulaire(
        request, form, remettre, redirection="pass_numerique:accueil",
        succes=f"Carnet n° {carnet.numero} remis. Pensez à donner la lettre d'accompagnement.",
    )  # fmt: skip
    return reponse or render(request, "pass_numerique/carnet_remise.html", {"form": form, "carnet": carnet})


def carnet_annulation(request, public_id, numero):
    carnet = get_carnet(request, public_id, numero)
    form = AnnulationForm(request.POST or None)

    def annuler(d) -> int:
        n = services.cancel_carnet(carnet=carnet, by=request.user, motif=d["motif"])
        selectors.invalidate(carnet.campagne_id)
        return n

    reponse = traiter_formulaire(
        request, form, annuler, redirection="pass_numerique:accueil",
        succes=lambda n: f"Carnet n° {carnet.numero} annulé : {n} chèque{pluriel(n)} "
                         f"{'seront refusés' if n > 1 else 'sera refusé'}.",
    )  # fmt: skip
    return reponse or render(request, "pass_numerique/carnet_annulation.html", {"form": form, "carnet": carnet})
