"""Accueil du Pass numérique : ce que chaque rôle y trouve (campagnes, décisions, stock, encaissement, relevés)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from maillage.pass_numerique import selectors
from maillage.pass_numerique.forms import DecisionForm
from maillage.pass_numerique.permissions import can_open_pass, lieux_encaissement


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
    }
    return render(request, "pass_numerique/accueil.html", context)
