"""Pages des rapports : le rapport mensuel de la coordination (écran, PDF, CSV, XLSX ; 404 hors de la coordination
du territoire), la vue publique des élus et partenaires, l'export national et la page des données ouvertes
(publics, mois terminés seulement, tout effectif de 1 à 4 masqué). Décision 0024."""

import json
from datetime import date

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from maillage.comptes.models import Territoire
from maillage.core.exports import csv_response, tabular_response
from maillage.observatoire import permissions
from maillage.observatoire.models import Indicateur
from maillage.observatoire.rapports import chiffres, exports
from maillage.observatoire.rapports.pdf import rapport_pdf

CACHE_PUBLIC = "public, max-age=3600"


def _territoire_coordonne(request, slug: str) -> Territoire:
    territoire = Territoire.objects.filter(slug=slug).first()
    if territoire is None or not permissions.can_view_observatoire(request.user, territoire):
        raise Http404
    return territoire


def _mois_termine(mois: date) -> date:
    """Les pages publiques ne montrent qu'un mois terminé : un mois en cours, relu de jour en jour, redonnerait
    une séance à la fois par différence."""
    if mois >= date(timezone.localdate().year, timezone.localdate().month, 1):
        raise Http404("Ce mois n'est pas terminé : ses chiffres ne sont pas encore publiés.")
    return mois


def rapports(request, slug):
    territoire = _territoire_coordonne(request, slug)
    return render(request, "observatoire/rapports/liste.html", {
        "territoire": territoire, "mois": chiffres.derniers_mois(timezone.localdate()),
    })  # fmt: skip


def rapport(request, slug, mois):
    territoire = _territoire_coordonne(request, slug)
    if mois > timezone.localdate():
        raise Http404
    return render(request, "observatoire/rapports/rapport.html", {
        "territoire": territoire, "rapport": chiffres.rapport_du_mois(territoire, mois),
    })  # fmt: skip


def rapport_fichier(request, slug, mois, fmt):
    territoire = _territoire_coordonne(request, slug)
    if mois > timezone.localdate():
        raise Http404
    r = chiffres.rapport_du_mois(territoire, mois)
    nom = f"observatoire-{territoire.slug}-{mois:%Y-%m}"
    if fmt == "pdf":
        response = HttpResponse(rapport_pdf(r), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{nom}.pdf"'
        return response
    return tabular_response(fmt=fmt, filename=nom, header=exports.ENTETE_RAPPORT, rows=exports.lignes_rapport(r))


@login_not_required
def chiffres_publics(request, slug, mois=None):
    territoire = get_object_or_404(Territoire, slug=slug)
    termines = chiffres.derniers_mois(timezone.localdate(), 13)[1:]
    mois = _mois_termine(mois) if mois else termines[0]
    return render(request, "observatoire/rapports/chiffres.html", {
        "territoire": territoire, "rapport": chiffres.rapport_du_mois(territoire, mois), "mois_publies": termines,
    })  # fmt: skip


@login_not_required
def export_national(request, slug, mois, fmt):
    territoire = get_object_or_404(Territoire, slug=slug)
    r = chiffres.rapport_du_mois(territoire, _mois_termine(mois))
    nom = f"observatoire-{territoire.slug}-{mois:%Y-%m}"
    if fmt == "json":
        response = HttpResponse(json.dumps(exports.document_national(r), ensure_ascii=False, indent=2),
                                content_type="application/json; charset=utf-8")  # fmt: skip
        response["Content-Disposition"] = f'attachment; filename="{nom}.json"'
    else:
        response = csv_response(filename=nom, header=exports.ENTETE_NATIONAL, rows=exports.lignes_nationales(r))
    response["Cache-Control"] = CACHE_PUBLIC
    return response


@login_not_required
def donnees_ouvertes(request, slug):
    territoire = get_object_or_404(Territoire, slug=slug)
    return render(request, "observatoire/rapports/donnees_ouvertes.html", {
        "territoire": territoire, "mois_publies": chiffres.derniers_mois(timezone.localdate(), 13)[1:],
        "licence": exports.LICENCE, "licence_url": exports.LICENCE_URL, "schema": exports.SCHEMA,
        "version": exports.VERSION, "indicateurs": Indicateur.objects.filter(territoire__isnull=True).order_by("libelle"),
        "exports_lieux": [(f, reverse(f"api:export_{f.lower()}")) for f in ("CSV", "JSON", "GeoJSON")],
    })  # fmt: skip
