"""Qualification des lieux : la demande du lieu, la décision du financeur ou de la coordination."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from maillage.comptes.enums import Role
from maillage.comptes.permissions import structure_ids_for
from maillage.core.formulaires import traiter_formulaire
from maillage.lieux.models import Lieu
from maillage.pass_numerique import services
from maillage.pass_numerique.forms import DecisionForm, QualificationForm
from maillage.pass_numerique.models import QualificationPass
from maillage.pass_numerique.permissions import can_apply_qualification, can_decide_qualification


def qualification_demande(request):
    lieux = Lieu.objects.filter(structure_id__in=structure_ids_for(request.user, Role.GESTIONNAIRE)).order_by("nom")
    if not lieux.exists():
        raise PermissionDenied(
            "Seule une ou un gestionnaire d'une structure qui a des lieux peut demander la qualification."
        )
    charte = services.current_charte()
    if charte is None:
        raise Http404("Aucune charte du Pass numérique n'est encore publiée.")
    form = QualificationForm(request.POST or None, lieux=lieux)

    def demander(cd) -> None:
        if not can_apply_qualification(request.user, cd["lieu"]):
            raise PermissionDenied
        services.apply_qualification(
            lieu=cd["lieu"], territoire=cd["territoire"], siret=cd["siret"], titulaire_compte=cd["titulaire_compte"],
            iban=cd["iban"], bic=cd["bic"], offres=form.offres(), charte=charte,
            charte_acceptee=cd["charte_acceptee"], by=request.user, restes=form.restes(),
        )  # fmt: skip

    reponse = traiter_formulaire(
        request, form, demander, redirection="pass_numerique:accueil",
        succes=lambda _: f"Demande de qualification envoyée pour « {form.cleaned_data['lieu'].nom} ».",
    )  # fmt: skip
    return reponse or render(request, "pass_numerique/qualification_demande.html", {"form": form, "charte": charte})


@require_POST
def qualification_decision(request, public_id):
    qualification = get_object_or_404(QualificationPass.objects.select_related("lieu"), public_id=public_id)
    if not can_decide_qualification(request.user, qualification):
        # 404 et non 403 : celui ou celle qui ne décide pas (autre territoire, le lieu lui-même) n'apprend même pas
        # que cette demande existe.
        raise Http404
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choisissez une décision.")
        return redirect("pass_numerique:accueil")
    try:
        services.decide_qualification(
            qualification=qualification, statut=form.cleaned_data["statut"], by=request.user,
            motif=form.cleaned_data["motif"],
        )  # fmt: skip
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, f"Décision enregistrée pour « {qualification.lieu.nom} ».")
    return redirect("pass_numerique:accueil")
