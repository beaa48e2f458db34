"""Accueil du Pass numérique : ce que chaque rôle y trouve (campagnes, décisions, stock, encaissement, relevés)."""

from django.shortcuts import render

from maillage.pass_numerique import selectors
from maillage.pass_numerique.forms import DecisionForm
from maillage.pass_numerique.permissions import lieux_encaissement


def accueil(request):
    context = {
        **selectors.accueil(request.user),
        "peut_encaisser": lieux_encaissement(request.user).exists(),
        "decision_form": DecisionForm(),
    }
    return render(request, "pass_numerique/accueil.html", context)
