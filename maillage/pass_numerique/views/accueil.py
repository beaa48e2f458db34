"""Accueil du Pass numérique : ce que chaque rôle y trouve (campagnes, décisions, stock, encaissement, relevés)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from maillage.pass_numerique import selectors
from maillage.pass_numerique.forms import DecisionForm, PointDistributionForm
from maillage.pass_numerique.models import PointDistribution
from maillage.pass_numerique.permissions import can_open_pass, lieux_encaissement, structures_distributrices


def accueil(request):
    if not can_open_pass(request.user):
        raise PermissionDenied(
            "Le Pass numérique sert aux financeurs, à la coordination d'un territoire et aux structures qui remettent "
            "des carnets ou encaissent des chèques : votre compte n'y a aucun rôle."
        )
    context = {
        **selectors.accueil(request.user),
        "peut_encaisser": lieux_encaissement(request.user).exists(),
        "decision_form": DecisionForm(),
        "points_distribution": [
            (s, PointDistributionForm(prefix=f"pd{s.pk}", initial=_choix(s)))
            for s in structures_distributrices(request.user)
        ],
    }
    return render(request, "pass_numerique/accueil.html", context)


def _choix(structure) -> dict:
    point = PointDistribution.objects.filter(structure=structure).first()
    return {"visible": point.visible, "precisions": point.precisions} if point else {}
