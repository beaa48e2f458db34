"""Fichiers à télécharger : observatoire (CSV, XLSX), registre des mouvements (CSV), carnets et relevés (PDF, CSV).

Tableaux : `maillage.core.exports` (sans formule, une seule façon pour tout le projet) ; contenu : `exports.py`.
"""

import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from maillage.comptes.models import Structure
from maillage.core.exports import csv_response, tabular_response
from maillage.pass_numerique import exports, pdf, selectors
from maillage.pass_numerique.models import Campagne, Carnet
from maillage.pass_numerique.permissions import can_print_carnets
from maillage.pass_numerique.views.commun import get_campagne, get_releve


def _pdf_response(content, filename: str) -> HttpResponse:
    response = HttpResponse(bytes(content), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def campagne_export(request, public_id, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    campagne = get_campagne(request, public_id)
    header, *rows = selectors.export_rows(selectors.observatoire(campagne))
    return tabular_response(fmt=fmt, filename=f"observatoire-pass-{campagne.public_id}", header=header, rows=rows)


def campagne_registre(request, public_id):
    """Le registre complet de la campagne (CSV), pour la ou le comptable public : une ligne par mouvement."""
    campagne = get_campagne(request, public_id)
    return csv_response(
        filename=f"registre-pass-{campagne.public_id}", header=exports.REGISTRE_ENTETE,
        rows=exports.registre_rows(campagne),
    )  # fmt: skip


def carnets_pdf(request, public_id):
    """Carnets imprimables (A4) du stock d'une structure, avec la lettre d'accompagnement."""
    campagne = get_object_or_404(Campagne, public_id=public_id)
    try:
        structure_id = uuid.UUID(request.GET.get("structure", ""))
    except ValueError:
        raise Http404("Structure inconnue.") from None
    structure = get_object_or_404(Structure, public_id=structure_id)
    if not can_print_carnets(request.user, campagne, structure):
        raise Http404
    carnets = list(
        Carnet.objects.filter(
            campagne=campagne, structure=structure, handed_out_at__isnull=True, cancelled_at__isnull=True
        )
        .order_by("numero")
        .prefetch_related("cheques")[: pdf.MAX_CARNETS_PAR_PDF]
    )
    if not carnets:
        messages.error(request, "Aucun carnet en stock à imprimer pour cette structure.")
        return redirect("pass_numerique:accueil")
    content = pdf.carnets_pdf(campagne=campagne, structure=structure, carnets=carnets)
    return _pdf_response(content, f"carnets-{campagne.public_id}.pdf")


def releve_fichier(request, public_id, fmt):
    """Le relevé en PDF ou CSV, avec les empreintes des journaux au moment où il est édité."""
    if fmt not in ("pdf", "csv"):
        raise Http404
    releve = get_releve(request, public_id)
    cheques = list(releve.cheques.select_related("service").order_by("redeemed_at"))
    empreintes = exports.empreintes()
    name = f"releve-{releve.mois:%Y-%m}-{releve.public_id}"
    if fmt == "pdf":
        return _pdf_response(pdf.releve_pdf(releve=releve, cheques=cheques, empreintes=empreintes), f"{name}.pdf")
    rows = exports.releve_rows(releve, cheques, empreintes)
    return csv_response(filename=name, header=exports.RELEVE_ENTETE, rows=rows)
