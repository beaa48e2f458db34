"""Relevés mensuels : la page du relevé, sa validation puis son paiement par le financeur."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from maillage.core.formulaires import traiter_bouton
from maillage.pass_numerique import services
from maillage.pass_numerique.forms import PaiementForm
from maillage.pass_numerique.permissions import actions_releve, can_manage_campagne
from maillage.pass_numerique.views.commun import get_releve


def releve_detail(request, public_id):
    releve = get_releve(request, public_id)
    context = {
        "releve": releve,
        "cheques": releve.cheques.select_related("service").order_by("redeemed_at"),
        "paiement_form": PaiementForm(),
        **actions_releve(request.user, releve),
    }
    return render(request, "pass_numerique/releve_detail.html", context)


@require_POST
def releve_valider(request, public_id):
    releve = get_releve(request, public_id)
    if not can_manage_campagne(request.user, releve.campagne):
        raise PermissionDenied
    return traiter_bouton(request, lambda: services.validate_releve(releve=releve, by=request.user),
                          succes="Relevé validé.",
                          redirection=reverse("pass_numerique:releve", args=[public_id]))  # fmt: skip


@require_POST
def releve_payer(request, public_id):
    releve = get_releve(request, public_id)
    if not can_manage_campagne(request.user, releve.campagne):
        raise PermissionDenied
    form = PaiementForm(request.POST)

    def payer() -> None:
        if not form.is_valid():
            raise ValidationError("Indiquez la référence du paiement (numéro de mandat ou de virement).")
        services.mark_releve_paid(releve=releve, by=request.user,
                                  payment_reference=form.cleaned_data["payment_reference"])  # fmt: skip

    return traiter_bouton(request, payer, succes="Relevé marqué payé.",
                          redirection=reverse("pass_numerique:releve", args=[public_id]))  # fmt: skip
