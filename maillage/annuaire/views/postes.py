"""Les postes de médiation d'un territoire : fins de financement, doublons, couverture par EPCI ; saisie."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from maillage.annuaire import permissions, selectors, services
from maillage.annuaire.forms import PosteForm
from maillage.annuaire.perimetre import epcis_du_territoire
from maillage.comptes.enums import Role
from maillage.comptes.models import Structure
from maillage.comptes.territoires import territoire_choisi
from maillage.core.refus import form_errors


def postes(request):
    territoire, territoires = territoire_choisi(request, roles=(Role.COORDINATEUR, Role.COMMANDITAIRE),
                                                peut=permissions.can_view_postes)  # fmt: skip
    today = timezone.localdate()
    masquer = not permissions.sees_exact_counts(request.user, territoire)
    return render(request, "annuaire/postes.html", {
        "territoire": territoire, "territoires": territoires, "masquer": masquer,
        "peut_saisir": permissions.can_manage_annuaire(request.user, territoire),
        # Hors de la coordination : seulement des effectifs (pas de liste de postes, de noms ni d'employeurs).
        "fins": None if masquer else selectors.fins_prochaines(territoire, today),
        "doublons": None if masquer else selectors.doublons(territoire, today),
        "couverture": selectors.couverture_epci(territoire, today, masquer=masquer),
        "nb_fins": len(selectors.fins_prochaines(territoire, today)) if masquer else None,
    })  # fmt: skip


def poste_nouveau(request):
    territoire, territoires = territoire_choisi(request, roles=(Role.COORDINATEUR,),
                                                peut=permissions.can_manage_annuaire)  # fmt: skip
    form = PosteForm(request.POST or None, territoire=territoire, epcis=epcis_du_territoire(territoire),
                     structures=Structure.objects.filter(commune__territoires=territoire))  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            services.create_poste(territoire=territoire, by=request.user, **form.cleaned_data)
        except ValidationError as e:
            form_errors(form, e)
        else:
            messages.success(request, "Le poste est enregistré.")
            return redirect(f"{reverse('annuaire:postes')}?territoire={territoire.slug}")
    return render(request, "annuaire/poste_form.html", {"form": form, "territoire": territoire})
