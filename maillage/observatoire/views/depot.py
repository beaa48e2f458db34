"""Le dépôt d'un indicateur propre au territoire (CSV), par sa coordination."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from maillage.comptes.enums import Role
from maillage.comptes.territoires import territoire_choisi
from maillage.core.refus import form_errors
from maillage.core.utils import pluriel
from maillage.observatoire import permissions, services
from maillage.observatoire.forms import DepotForm


def deposer(request):
    territoire, territoires = territoire_choisi(request, roles=(Role.COORDINATEUR,),
                                                peut=permissions.can_deposer_indicateur)  # fmt: skip
    form = DepotForm(request.POST or None, request.FILES or None)
    erreurs, total = None, 0
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            depot = services.deposer_indicateur(
                territoire=territoire, by=request.user, libelle=d["libelle"], unite=d["unite"], methode=d["methode"],
                plus_haut_plus_fragile=d["sens"] == "haut", contenu=d["fichier"].read(),
            )  # fmt: skip
        except services.DepotRefuse as e:
            erreurs, total = e.erreurs, e.total
        except ValidationError as e:
            form_errors(form, e)
        else:
            v = depot.valeurs
            messages.success(request, f"Indicateur « {depot.indicateur.libelle} » chargé : {v.creees} "
                                      f"valeur{pluriel(v.creees)} ajoutée{pluriel(v.creees)}, {v.modifiees} "
                                      f"modifiée{pluriel(v.modifiees)}, {v.inchangees} inchangée{pluriel(v.inchangees)}.")  # fmt: skip
            return redirect(f"{reverse('observatoire:index')}?territoire={territoire.slug}")
    return render(request, "observatoire/deposer.html", {
        "form": form, "territoire": territoire, "territoires": territoires, "erreurs": erreurs, "total": total,
    })  # fmt: skip
