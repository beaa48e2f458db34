"""« Mes compétences » : les 16 niveaux Pix en un formulaire (un menu par compétence, groupés par domaine), la
source, et l'écart au profil de référence de chacun de ses niveaux (« à renforcer : 4.2, 5.1 »)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from maillage.aidants.models import ProfilAidant
from maillage.aidants.selectors import profils_visibles
from maillage.core.formulaires import traiter_formulaire
from maillage.label import permissions, selectors, services
from maillage.label.forms import CompetencesForm


class SansProfil(Exception):
    """La personne n'a pas encore de profil d'aidant : on l'envoie le créer."""


def _profil_courant(request) -> ProfilAidant:
    profil = ProfilAidant.objects.filter(user=request.user, archived_at__isnull=True).first()
    if profil is None:
        raise SansProfil
    return profil


def sans_profil(request):
    messages.info(request, "Créez d'abord votre profil d'aidant : vos compétences et votre label s'y rattachent.")
    return redirect("aidants:mon_profil")


@require_http_methods(["GET", "POST"])
def mes_competences(request):
    try:
        profil = _profil_courant(request)
    except SansProfil:
        return sans_profil(request)
    return _page(request, profil, soi=True)


@require_http_methods(["GET", "POST"])
def competences(request, public_id):
    profil = get_object_or_404(profils_visibles(request.user), public_id=public_id)
    return _page(request, profil, soi=profil.user_id == request.user.pk)


def _page(request, profil: ProfilAidant, *, soi: bool):
    if not permissions.can_edit_competences(request.user, profil):
        raise PermissionDenied
    actuelles = selectors.competences_de(profil)
    form = CompetencesForm(request.POST or None, niveaux=actuelles.niveaux() if actuelles else {})
    reponse = traiter_formulaire(
        request, form,
        lambda d: services.save_competences(profil=profil, by=request.user, niveaux=form.niveaux_saisis(),
                                            source=d["source"], evalue_le=d["evalue_le"], preuve=d["preuve"]),
        succes="Vos niveaux sont enregistrés." if soi else "Les niveaux sont enregistrés.", redirection=request.path,
    )  # fmt: skip
    return reponse or render(request, "label/competences.html", {
        "profil": profil, "soi": soi, "form": form, "ecarts": selectors.ecarts_de_l_aidant(profil),
        "tableau": selectors.tableau_competences(actuelles),
    })  # fmt: skip
