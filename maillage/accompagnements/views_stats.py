"""Tableaux de bord (structure, territoire) et exports CSV / XLSX."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from maillage.accompagnements.permissions import (
    can_view_own_stats,
    can_view_some_territoire_stats,
    can_view_structure_stats,
)
from maillage.accompagnements.selectors import (
    Periode,
    Section,
    aidants_par_epci_section,
    compute_stats,
    compute_territoire_stats,
)
from maillage.aidants.permissions import can_view_reseau
from maillage.comptes.models import Structure, Territoire
from maillage.comptes.permissions import ROLES_STRUCTURE, can_view_territoire_stats, is_member, territoire_ids_for
from maillage.core.exports import tabular_response


def _structure_for(request) -> Structure:
    if not can_view_own_stats(request.user):
        raise PermissionDenied
    wanted = request.GET.get("structure")
    memberships = [m for m in request.user.active_memberships if m.role in ROLES_STRUCTURE]
    structure = next((m.structure for m in memberships if str(m.structure_id) == wanted), None) or next(
        m.structure for m in memberships
    )
    if not can_view_structure_stats(request.user, structure):
        raise PermissionDenied
    return structure


def structure_dashboard(request):
    if not can_view_own_stats(request.user) and can_view_some_territoire_stats(request.user):
        return redirect("accompagnements:statistiques_territoires")  # financeur, coordination : leur territoire
    structure = _structure_for(request)
    periode = Periode.from_request(request)
    # Chiffres exacts pour les membres de la structure ; masqués (< 5) pour qui la regarde de l'extérieur.
    sections = compute_stats(
        structure_ids=[structure.pk], periode=periode, masquer=not is_member(request.user, structure)
    )
    territoires = [m.territoire for m in request.user.active_memberships if m.territoire_id]
    structures = {m.structure_id: m.structure for m in request.user.active_memberships if m.role in ROLES_STRUCTURE}
    return render(
        request,
        "accompagnements/statistiques.html",
        {"titre": f"Statistiques — {structure.nom}", "sections": sections, "periode": periode,
         "structure": structure, "structures": structures.values(), "territoires": territoires,
         "exports": _exports("accompagnements:statistiques_export", [], request)},
    )  # fmt: skip


def _exports(name, args, request) -> list[tuple[str, str]]:
    query = request.GET.urlencode()
    return [
        (label, reverse(name, args=[*args, fmt]) + (f"?{query}" if query else ""))
        for fmt, label in (("csv", "Télécharger en CSV"), ("xlsx", "Télécharger en tableur (XLSX)"))
    ]


def territoire_choix(request):
    """« Statistiques du territoire » : le tableau de bord du territoire de la personne (ou le choix, si plusieurs)."""
    if not can_view_some_territoire_stats(request.user):
        raise PermissionDenied
    territoires = Territoire.objects.filter(pk__in=territoire_ids_for(request.user)).order_by("nom")
    if len(territoires) == 1:
        return redirect("accompagnements:statistiques_territoire", pk=territoires[0].pk)
    return render(request, "accompagnements/statistiques_territoires.html", {"territoires": territoires})


def _territoire(request, pk) -> tuple[Territoire, list[int]]:
    territoire = get_object_or_404(Territoire, pk=pk)
    if not can_view_territoire_stats(request.user, territoire):
        raise Http404  # un territoire d'autrui n'existe pas pour la personne
    return territoire, list(territoire.communes.values_list("pk", flat=True))


def territoire_dashboard(request, pk):
    territoire, commune_ids = _territoire(request, pk)
    periode = Periode.from_request(request)
    sections, arrete_au = compute_territoire_stats(commune_ids=commune_ids, periode=periode)
    # La coordination voit le réseau des aidants nominatif : ses chiffres par EPCI sont exacts ; les financeurs,
    # qui ne sont pas la coordination, les voient masqués sous 5.
    coordination = can_view_reseau(request.user, territoire)
    return render(
        request,
        "accompagnements/statistiques.html",
        {"titre": f"Statistiques du territoire — {territoire.nom}", "sections": sections, "periode": periode,
         "territoire": territoire, "masque": True, "arrete_au": arrete_au,
         "aidants": aidants_par_epci_section(territoire, masquer=not coordination), "coordination": coordination,
         "exports": _exports("accompagnements:statistiques_territoire_export", [territoire.pk], request)},
    )  # fmt: skip


def _export(sections: list[Section], fmt: str, filename: str) -> HttpResponse:
    """Toutes les sections dans un seul tableau : titre, colonnes, lignes, puis une ligne vide."""
    rows = []
    for section in sections:
        rows += [[section.titre], section.colonnes, *section.lignes, []]
    return tabular_response(fmt=fmt, filename=filename, header=[], rows=rows)


def structure_export(request, fmt):
    structure = _structure_for(request)
    periode = Periode.from_request(request)
    return _export(
        compute_stats(structure_ids=[structure.pk], periode=periode, masquer=not is_member(request.user, structure)),
        fmt,
        f"statistiques-{periode.du}-{periode.au}",
    )


def territoire_export(request, pk, fmt):
    territoire, commune_ids = _territoire(request, pk)
    periode = Periode.from_request(request)
    sections, _arrete_au = compute_territoire_stats(commune_ids=commune_ids, periode=periode)
    sections.append(aidants_par_epci_section(territoire, masquer=not can_view_reseau(request.user, territoire)))
    return _export(sections, fmt, f"statistiques-{territoire.slug}-{periode.du}-{periode.au}")
