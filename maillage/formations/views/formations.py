"""« Formations pour mes besoins » (l'aidant), la page d'une session (s'inscrire, inscrire un aidant de sa
structure, pointer les présences), l'annulation, l'attestation PDF, l'export iCalendar des sessions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from maillage.aidants.models import ProfilAidant
from maillage.aidants.selectors import profils_visibles
from maillage.core.formulaires import traiter_bouton
from maillage.formations import documents, permissions, selectors, services
from maillage.formations.enums import ETATS_PLACE, EtatInscription
from maillage.formations.models import Inscription, Session


def _profil_courant(request) -> ProfilAidant | None:
    return ProfilAidant.objects.filter(user=request.user, archived_at__isnull=True).first()


def mes_besoins(request):
    profil = _profil_courant(request)
    if profil is None:
        messages.info(request, "Créez d'abord votre profil d'aidant : vos formations s'y rattachent.")
        return redirect("aidants:mon_profil")
    return render(request, "formations/mes_besoins.html", {
        "profil": profil, **selectors.formations_pour_mes_besoins(profil), **selectors.mes_inscriptions(profil),
    })  # fmt: skip


def catalogue(request):
    return render(
        request,
        "formations/catalogue.html",
        {
            "sessions": selectors.avec_places(list(selectors.sessions_a_venir()[:100])),
            "peut_proposer": permissions.can_open_offre(request.user),
        },
    )


@login_not_required
def calendrier(request):
    contenu = documents.sessions_ics(selectors.sessions_a_venir()[:500], domaine=request.get_host())
    response = HttpResponse(contenu, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="formations-aidants.ics"'
    return response


def _session(public_id) -> Session:
    return get_object_or_404(Session.objects.select_related("formation", "formation__structure_formatrice"),
                             public_id=public_id)  # fmt: skip


def session(request, public_id):
    s = _session(public_id)
    profil = _profil_courant(request)
    peut_pointer = permissions.can_manage_session(request.user, s)
    inscrits = s.inscriptions.exclude(etat=EtatInscription.ANNULEE).select_related("profil") if peut_pointer else []
    # Une ou un gestionnaire inscrit les aidants de ses structures (profils visibles, hors soi).
    a_inscrire = profils_visibles(request.user).exclude(user=request.user).filter(archived_at__isnull=True)[:200]
    return render(request, "formations/session.html", {
        "session": s, "profil": profil, "places_prises": s.inscriptions.filter(etat__in=ETATS_PLACE).count(),
        "mon_inscription": s.inscriptions.filter(profil=profil).exclude(etat=EtatInscription.ANNULEE).first()
        if profil else None,
        "peut_pointer": peut_pointer, "inscrits": inscrits, "a_inscrire": a_inscrire,
        "peut_programmer": permissions.can_manage_formation(request.user, s.formation),
    })  # fmt: skip


@require_POST
def inscrire(request, public_id):
    s = _session(public_id)
    cible = request.POST.get("profil")
    profil = get_object_or_404(profils_visibles(request.user), public_id=cible) if cible else _profil_courant(request)
    if profil is None:
        raise Http404

    def message(i: Inscription) -> str:
        quoi = "sur la liste d'attente" if i.etat == EtatInscription.ATTENTE else "à la session"
        return f"{profil} est inscrite ou inscrit {quoi}."

    return traiter_bouton(
        request,
        lambda: services.register(session=s, profil=profil, by=request.user,
                                  liste_attente=bool(request.POST.get("attente"))),
        succes=message, redirection=reverse("formations:session", args=[s.public_id]),
    )  # fmt: skip


@require_POST
def annuler(request, public_id):
    i = get_object_or_404(Inscription.objects.select_related("session", "profil"), public_id=public_id)
    if not permissions.can_register(request.user, i.profil):
        raise Http404
    return traiter_bouton(request, lambda: services.cancel(inscription=i, by=request.user),
                          succes="L'inscription est annulée ; la place va à la première personne en attente.",
                          redirection=reverse("formations:session", args=[i.session.public_id]))  # fmt: skip


@require_POST
def pointer(request, public_id):
    s = _session(public_id)
    if not permissions.can_manage_session(request.user, s):
        raise PermissionDenied
    profil = ProfilAidant.objects.filter(public_id=request.POST.get("profil")).first()

    def pointer_presence() -> None:
        if profil is None:
            raise ValidationError("Choisissez une personne inscrite à la session.")
        services.mark_attendance(session=s, profil=profil, by=request.user, present=request.POST.get("present") == "1")

    return traiter_bouton(request, pointer_presence, succes=f"Présence de {profil} enregistrée.",
                          redirection=reverse("formations:session", args=[s.public_id]))  # fmt: skip


def attestation(request, public_id):
    i = get_object_or_404(Inscription.objects.select_related("session__formation__structure_formatrice", "profil"),
                          public_id=public_id, etat=EtatInscription.PRESENTE)  # fmt: skip
    if not (
        permissions.can_register(request.user, i.profil) or permissions.can_manage_session(request.user, i.session)
    ):
        raise Http404
    response = HttpResponse(documents.attestation_pdf(i), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="attestation-formation-{i.public_id}.pdf"'
    return response
