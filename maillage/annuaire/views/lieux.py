"""Le périmètre d'un lieu de médiation : les communes et EPCI qu'il sert, déclarés par la ou le gestionnaire de sa
structure ou par la coordination du territoire (le lieu lui-même se gère dans l'app des lieux)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from maillage.annuaire import permissions, services
from maillage.annuaire.forms import PerimetreLieuForm
from maillage.annuaire.models import PerimetreLieu
from maillage.annuaire.perimetre import epcis_du_territoire
from maillage.core.formulaires import traiter_formulaire
from maillage.lieux.models import Lieu


def _territoire(request, lieu):
    """Le territoire du périmètre : l'un de ceux de la commune du lieu où la personne peut le déclarer
    (`?territoire=slug` s'il y en a plusieurs)."""
    territoires = list(lieu.commune_ref.territoires.order_by("nom")) if lieu.commune_ref_id else []
    permis = [t for t in territoires if permissions.can_edit_perimetre_lieu(request.user, lieu, t)]
    if not permis:
        raise PermissionDenied
    slug = request.GET.get("territoire") or request.POST.get("territoire")
    territoire = next((t for t in permis if t.slug == slug), None) if slug else permis[0]
    if territoire is None:
        raise Http404
    return territoire, permis


def lieu_perimetre(request, public_id):
    lieu = get_object_or_404(Lieu.objects.select_related("commune_ref", "structure"), public_id=public_id)
    territoire, territoires = _territoire(request, lieu)
    perimetre = PerimetreLieu.objects.filter(lieu=lieu).first()
    initial = {}
    if perimetre:
        initial = {"epcis": perimetre.epcis, "communes": "\n".join(c.label for c in perimetre.communes.all()),
                   "zone_a_distance": perimetre.zone_a_distance}  # fmt: skip
    form = PerimetreLieuForm(request.POST or None, initial=initial, territoire=territoire,
                             epcis=epcis_du_territoire(territoire))  # fmt: skip
    reponse = traiter_formulaire(
        request, form, lambda d: services.set_perimetre_lieu(lieu=lieu, territoire=territoire, communes=d["communes"],
                                                             epcis=d["epcis"], by=request.user,
                                                             zone_a_distance=d["zone_a_distance"]),
        succes=f"Le périmètre de « {lieu.nom} » est enregistré.",
        redirection=reverse("annuaire:lieu_perimetre", args=[lieu.public_id]),
    )  # fmt: skip
    return reponse or render(request, "annuaire/lieu_perimetre.html", {
        "form": form, "lieu": lieu, "territoire": territoire, "territoires": territoires,
        "servies": perimetre.communes_servies.order_by("nom") if perimetre else [],
    })  # fmt: skip
