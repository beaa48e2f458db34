"""Encaisser un chèque dans un lieu qualifié (même service et mêmes contrôles que l'API)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from maillage.core.utils import client_ip
from maillage.pass_numerique import selectors, services
from maillage.pass_numerique.forms import EncaissementForm
from maillage.pass_numerique.permissions import can_redeem_at, lieux_encaissement


def encaisser(request):
    lieux = lieux_encaissement(request.user)
    if not lieux.exists():
        raise PermissionDenied("Seule l'équipe d'un lieu peut encaisser des chèques.")
    initial = {"code": request.GET.get("code", "")}
    if lieux.count() == 1:
        initial["lieu"] = lieux.first()
    seances = selectors.seances_recentes(request.user)
    form = EncaissementForm(request.POST or None, lieux=lieux, accompagnements=seances, initial=initial)
    resultat = None
    if request.method == "POST" and form.is_valid():
        lieu, service = form.cleaned_data["lieu"], form.cleaned_data["service"]
        if not can_redeem_at(request.user, lieu):
            raise PermissionDenied
        try:
            cheque = services.redeem_cheque(
                raw_code=form.cleaned_data["code"], lieu=lieu, service=service, by=request.user,
                ip=client_ip(request), accompagnement=form.cleaned_data["accompagnement"],
            )  # fmt: skip
        except services.EncaissementRefuse as refus:
            resultat = {"ok": False, "message": refus.message, "motif": refus.motif}
        else:
            selectors.invalidate(cheque.campagne_id)
            resultat = {"ok": True, "message": selectors.message_encaissement(cheque, lieu)}
            # Formulaire vidé du code, le lieu et le service gardés : le chèque suivant se saisit aussitôt.
            form = EncaissementForm(lieux=lieux, accompagnements=seances, initial={"lieu": lieu, "service": service})
    status = 200 if resultat is None or resultat["ok"] else 422
    return render(request, "pass_numerique/encaisser.html", {"form": form, "resultat": resultat}, status=status)
