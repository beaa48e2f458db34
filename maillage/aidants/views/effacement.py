"""Effacer les données d'un aidant à sa demande (gestionnaire ou coordination) : une page qui dit ce qui part et ce
qui reste, une case à cocher, un bouton. Profil hors de portée : 404."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from maillage.aidants import permissions, services
from maillage.aidants.models import ProfilAidant


def _retour(request) -> str:
    """D'où vient la personne (page de la structure, réseau), si c'est une adresse du site ; sinon, sa page."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=False):
        return url
    return "aidants:reseau" if permissions.can_open_reseau(request.user) else "aidants:mes_structures"


@require_http_methods(["GET", "POST"])
def effacer(request, public_id):
    profil = get_object_or_404(ProfilAidant, public_id=public_id, anonymized_at__isnull=True)
    if not permissions.can_erase_profil(request.user, profil):
        raise Http404  # l'aidant d'une autre structure : on ne dit pas qu'il existe
    retour = _retour(request)
    if request.method == "POST":
        if request.POST.get("confirme") != "oui":
            # Effacement irréversible : la case dit que la personne l'a demandé.
            messages.error(
                request,
                "Rien n'a été effacé : cochez « La personne m'a demandé d'effacer ses données » pour confirmer.",
            )
        else:
            services.erase_on_request(profil=profil, by=request.user)
            messages.success(
                request, "Les données de la personne sont effacées, partout. Ses signatures restent, sans son nom."
            )
            return redirect(retour)
    return render(
        request,
        "aidants/effacer.html",
        {"profil": profil, "next": request.POST.get("next") or request.GET.get("next", "")},
    )
