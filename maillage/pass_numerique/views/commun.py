"""Ce que partagent les pages du Pass : retrouver un objet dans le périmètre du compte (sinon 404, jamais 403 : qui
n'y a pas accès n'apprend pas qu'il existe). Les refus d'un service vont sur le formulaire par core.refus.form_errors."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from maillage.pass_numerique.models import Campagne, Carnet, Releve
from maillage.pass_numerique.permissions import can_cancel_carnet, can_view_campagne, can_view_releve


def get_campagne(request, public_id) -> Campagne:
    campagne = get_object_or_404(Campagne.objects.select_related("territoire"), public_id=public_id)
    if not can_view_campagne(request.user, campagne):
        raise Http404
    return campagne


def get_carnet(request, public_id, numero) -> Carnet:
    carnet = get_object_or_404(
        Carnet.objects.select_related("campagne", "structure"), campagne__public_id=public_id, numero=numero
    )
    if not can_cancel_carnet(request.user, carnet):
        raise Http404
    return carnet


def get_releve(request, public_id) -> Releve:
    releve = get_object_or_404(Releve.objects.select_related("campagne", "qualification__lieu"), public_id=public_id)
    if not can_view_releve(request.user, releve):
        raise Http404
    return releve
