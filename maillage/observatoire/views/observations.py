"""Observations de terrain : une structure du territoire en propose, la coordination les publie ou les refuse.

Proposer : membre d'une structure dont la commune est dans le territoire (un autre territoire : 404 ; membre
d'aucune structure : 403). Modérer : la coordination du territoire (`territoire_choisi`, comme les autres pages)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from maillage.comptes.enums import Role
from maillage.comptes.territoires import territoire_choisi
from maillage.core.formulaires import traiter_formulaire
from maillage.core.models import Commune
from maillage.core.refus import flash_error
from maillage.observatoire import permissions, selectors, services
from maillage.observatoire.enums import EtatObservation
from maillage.observatoire.forms import ObservationForm
from maillage.observatoire.models import Observation


def _proposer(request, d: dict, territoire, structures: dict):
    genre, _, code = d["sujet"].partition(":")
    commune = Commune.objects.get(pk=code) if genre == "commune" else None
    return services.proposer_observation(territoire=territoire, structure=structures[d["structure"]],
                                         by=request.user, texte=d["texte"], commune=commune,
                                         epci_code=code if genre == "epci" else "")  # fmt: skip


def proposer(request):
    if not permissions.can_open_observations(request.user):
        raise PermissionDenied
    territoires = selectors.territoires_des_structures(request.user)
    if not territoires:  # structure hors de tout territoire : la page le dit (le menu ne mène jamais à un refus)
        return render(request, "observatoire/observation_proposer.html", {"territoire": None})
    slug = request.GET.get("territoire") or request.POST.get("territoire")
    territoire = next((t for t in territoires if t.slug == slug), None) if slug else territoires[0]
    if territoire is None:
        raise Http404
    structures = {s.pk: s for s in selectors.structures_dans(request.user, territoire)}
    form = ObservationForm(request.POST or None, sujets=selectors.sujets_observation(territoire),
                           structures=list(structures.values()))  # fmt: skip
    reponse = traiter_formulaire(
        request, form, lambda d: _proposer(request, d, territoire, structures),
        succes="Merci : votre observation est envoyée à la coordination du territoire, qui la relira avant de la "
        "publier.", redirection=f"{reverse('observatoire:proposer')}?territoire={territoire.slug}",
        renames={"commune": "sujet", "epci_code": "sujet"},
    )  # fmt: skip
    return reponse or render(request, "observatoire/observation_proposer.html", {
        "form": form, "territoire": territoire, "territoires": territoires,
        "miennes": selectors.observations_des_structures(territoire, list(structures)),
    })  # fmt: skip


def moderation(request):
    territoire, territoires = territoire_choisi(request, roles=(Role.COORDINATEUR,),
                                                peut=permissions.can_moderer_observation)  # fmt: skip
    return render(request, "observatoire/observation_moderation.html", {
        "territoire": territoire, "territoires": territoires,
        "a_moderer": selectors.observations_a_moderer(territoire),
    })  # fmt: skip


@require_POST
def moderer(request, pk):
    observation = get_object_or_404(Observation.objects.select_related("territoire"), pk=pk)
    if not permissions.can_moderer_observation(request.user, observation.territoire):
        raise Http404
    etat = request.POST.get("etat", "")
    try:
        services.moderer_observation(observation=observation, by=request.user, etat=etat)
    except ValidationError as e:
        flash_error(request, e)
    else:
        messages.success(request, "Observation publiée : elle apparaît sur les panneaux du territoire."
                         if etat == EtatObservation.PUBLIEE else "Observation refusée : elle ne sera pas publiée.")  # fmt: skip
    return redirect(f"{reverse('observatoire:moderation')}?territoire={observation.territoire.slug}")
