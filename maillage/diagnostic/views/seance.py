"""Le diagnostic accompagné : un aidant ou une aidante pose les mêmes questions pendant une séance, puis joint le
résultat à la séance. Les pages des questions et du résultat sont celles du mode autonome (paramètre `seance`)."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from maillage.accompagnements.models import Accompagnement
from maillage.core.refus import flash_error
from maillage.diagnostic import services
from maillage.diagnostic.etat import EtatInvalide, lire
from maillage.diagnostic.permissions import can_run_diagnostic_seance


def seance_du_parcours(request) -> Accompagnement | None:
    """La séance du paramètre `seance`, si la personne connectée peut y joindre un diagnostic ; sinon None (le
    parcours reste celui, public, du mode autonome)."""
    value = request.GET.get("seance") or ""
    try:
        public_id = uuid.UUID(value)
    except ValueError:
        return None
    seance = Accompagnement.objects.visible_by(request.user).filter(public_id=public_id).first()
    return seance if seance is not None and can_run_diagnostic_seance(request.user, seance) else None


def _seance(request, public_id) -> Accompagnement:
    seance = get_object_or_404(Accompagnement.objects.visible_by(request.user), public_id=public_id)
    if not can_run_diagnostic_seance(request.user, seance):
        raise PermissionDenied
    return seance


@require_GET
def demarrer(request, public_id):
    seance = _seance(request, public_id)
    return redirect(f"{reverse('diagnostic:question')}?{urlencode({'seance': seance.public_id})}")


@require_POST
def joindre(request, public_id):
    seance = _seance(request, public_id)
    try:
        services.attach_diagnostic_seance(accompagnement=seance, etat=lire(request.POST.get("etat")), by=request.user)
    except EtatInvalide as exc:
        flash_error(request, ValidationError(str(exc)))
    except ValidationError as exc:
        flash_error(request, exc)
    return redirect("accompagnements:detail", public_id=seance.public_id)
