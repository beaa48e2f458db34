"""Ce que partagent les pages du Pass : retrouver un objet dans le périmètre du compte (sinon 404, jamais 403 : qui
n'y a pas accès n'apprend pas qu'il existe), reporter les erreurs d'un service sur le formulaire."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404

from maillage.pass_numerique.models import Campagne, Carnet, Releve
from maillage.pass_numerique.permissions import can_cancel_carnet, can_view_campagne, can_view_releve


def apply_errors(form, error: ValidationError) -> None:
    """Reporter les erreurs d'un service sur le formulaire (champ connu) ou en erreur générale."""
    if hasattr(error, "error_dict"):
        for field, errs in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, error.messages)


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
