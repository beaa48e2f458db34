"""Encaisser un chèque dans un lieu qualifié (même service et mêmes contrôles que l'API)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from maillage.core.utils import client_ip
from maillage.pass_numerique import selectors, services
from maillage.pass_numerique.enums import MotifRefus
from maillage.pass_numerique.forms import EncaissementForm
from maillage.pass_numerique.permissions import can_redeem_at, lieux_encaissement

# Le refus d'un encaissement va sous le champ qui le cause ; le résumé des erreurs, en haut, y mène.
CHAMP_DU_REFUS = {
    MotifRefus.LIEU_NON_QUALIFIE: "lieu",
    MotifRefus.SERVICE_NON_ELIGIBLE: "service",
    MotifRefus.RESTE_A_CHARGE: "service",
    MotifRefus.RESTE_NON_ANNONCE: "reste_annonce",
    MotifRefus.TROP_D_ESSAIS: None,
    MotifRefus.OCCUPE: None,
}


def encaisser(request):
    lieux = lieux_encaissement(request.user)
    if not lieux.exists():
        raise PermissionDenied("Seule l'équipe d'un lieu ouvert peut encaisser des chèques.")
    lieu = selectors.lieu_par_defaut(request.user, lieux)
    kwargs = {"lieux": lieux, "accompagnements": selectors.seances_recentes(request.user)}
    kwargs["offres"] = offres = selectors.offres_encaissement(lieux)
    form = EncaissementForm(
        request.POST or None, initial={"code": request.GET.get("code", ""), "lieu": lieu}, **kwargs
    )
    recu = None
    if request.method == "POST" and form.is_valid():
        lieu, service = form.cleaned_data["lieu"], form.cleaned_data["service"]
        if not can_redeem_at(request.user, lieu):
            raise PermissionDenied
        try:
            cheque = services.redeem_cheque(
                raw_code=form.cleaned_data["code"], lieu=lieu, service=service, by=request.user,
                ip=client_ip(request), accompagnement=form.cleaned_data["accompagnement"],
                reste_annonce=form.cleaned_data.get("reste_annonce", False),
            )  # fmt: skip
        except services.EncaissementRefuse as refus:
            champ = CHAMP_DU_REFUS.get(refus.motif, "code")
            message = refus.message
            if refus.motif == MotifRefus.RESTE_NON_ANNONCE:
                message += " Puis cochez cette case."
                if champ not in form.fields:  # tarif changé depuis l'affichage de la page : la case manque
                    champ, message = None, f"{refus.message} Rechargez la page pour le confirmer."
            form.add_error(champ, message)
        else:
            selectors.invalidate(cheque.campagne_id)
            recu = selectors.recu_encaissement(cheque, lieu)
            # Formulaire vidé du code, le lieu et le service gardés : le chèque suivant se saisit aussitôt.
            form = EncaissementForm(initial={"lieu": lieu, "service": service}, **kwargs)
    status = 422 if form.errors else 200
    context = {"form": form, "recu": recu, "offres": offres}
    return render(request, "pass_numerique/encaisser.html", context, status=status)
