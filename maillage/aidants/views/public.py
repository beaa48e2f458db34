"""Vérification publique, sans compte : égalité exacte prénom + nom + structure, ou QR code d'un badge.

Seuls les aidants qui l'ont accepté, majeurs, non archivés, avec une signature valable. Pas de liste, pas de
début de nom ; 20 vérifications par heure et par adresse réseau (429 au-delà)."""

from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from maillage.aidants import echange, limites, selectors
from maillage.aidants.enums import EtatCharte
from maillage.aidants.forms import VerificationForm
from maillage.aidants.models import CharteAidants
from maillage.aidants.views.structure import BADGE_SALT

AUCUN = "Aucun aidant signataire ne correspond à ces informations."


def _trop(request):
    return render(request, "aidants/trop_de_verifications.html", {"message": limites.MESSAGE}, status=429)


@login_not_required
@require_http_methods(["GET", "POST"])
def verifier(request):
    form = VerificationForm(request.POST or None)
    resultat, cherche = None, False
    if request.method == "POST" and form.is_valid():
        if not limites.verification_permise(request):
            return _trop(request)
        resultat, cherche = selectors.verifier_aidant(**form.cleaned_data), True
    return render(
        request, "aidants/verifier.html", {"form": form, "resultat": resultat, "cherche": cherche, "aucun": AUCUN}
    )


@login_not_required
def verifier_badge(request, token):
    if not limites.verification_permise(request):
        return _trop(request)
    try:
        data = signing.loads(token, salt=BADGE_SALT)
        resultat = selectors.verifier_badge(profil_public_id=data["p"], structure_public_id=data["s"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        resultat = None
    return render(
        request,
        "aidants/verifier.html",
        {"form": VerificationForm(), "resultat": resultat, "cherche": True, "aucun": AUCUN},
    )


@login_not_required
def charte_export(request, public_id, fmt):
    """Une charte publiée (ou remplacée) est un texte public sous Licence Ouverte : tout le monde l'exporte."""
    charte = get_object_or_404(CharteAidants.objects.exclude(etat=EtatCharte.BROUILLON), public_id=public_id)
    return export_response(charte, fmt)


def export_response(charte: CharteAidants, fmt: str) -> HttpResponse:
    if fmt not in ("json", "md"):
        raise Http404("Format inconnu : json ou md.")
    if fmt == "json":
        response = HttpResponse(echange.to_json(charte), content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(echange.to_markdown(charte), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="charte-aidants-v{charte.version}.{fmt}"'
    return response
