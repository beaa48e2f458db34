"""Retrouver une séance enregistrée, la corriger ou la supprimer dans sa fenêtre ; questionnaire papier."""

import segno
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from maillage.accompagnements import permissions
from maillage.accompagnements.corrections import Saisie, correct_accompagnement, delete_accompagnement
from maillage.accompagnements.forms import AccompagnementForm, FiltreSeancesForm, QuestionnaireForm, SuppressionForm
from maillage.accompagnements.models import ROLES_ACCOMPAGNEMENT, ROLES_LECTURE_SEANCES, Accompagnement, Beneficiaire
from maillage.accompagnements.selectors import FiltreSeances, seances_pour
from maillage.comptes.models import Structure
from maillage.comptes.permissions import structure_ids_for
from maillage.core.formulaires import traiter_formulaire
from maillage.core.pagination import paginate
from maillage.lieux.models import Lieu


def _get(request, public_id) -> Accompagnement:
    return get_object_or_404(
        Accompagnement.objects.visible_by(request.user).select_related("structure", "lieu", "mediateur"),
        public_id=public_id,
    )


def seances(request):
    """« Mes accompagnements » et ceux de la structure, filtrés (date, lieu, besoin, personne), paginés."""
    if not permissions.can_list_seances(request.user):
        raise PermissionDenied
    ids = structure_ids_for(request.user, *ROLES_LECTURE_SEANCES)
    form = FiltreSeancesForm(
        request.GET or None,
        lieux=Lieu.objects.filter(structure_id__in=ids).order_by("nom"),
        personnes=Beneficiaire.objects.visible_by(request.user).order_by("prenom", "nom"),
    )
    accompagne = bool(structure_ids_for(request.user, *ROLES_ACCOMPAGNEMENT))
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qui = data.get("qui") or ("moi" if accompagne else "structure")
    filtre = FiltreSeances(**{**data, "qui": qui, "besoin": data.get("besoin", "")})
    page = paginate(request, seances_pour(request.user, filtre))
    return render(
        request,
        "accompagnements/seances.html",
        {
            "form": form,
            "page": page,
            "qui": qui,
            "voit_personnes": structure_ids_for(request.user, *ROLES_ACCOMPAGNEMENT),
        },
    )


def _form(request, accompagnement: Accompagnement, data=None) -> AccompagnementForm:
    structure = accompagnement.structure
    form = AccompagnementForm(
        data,
        structures=Structure.objects.filter(pk=structure.pk),
        lieux=Lieu.objects.filter(structure=structure).order_by("nom"),
        initial=AccompagnementForm.initial_for_correction(accompagnement),
    )
    for name in ("suite_lieu", "suite_besoin", "suite_consentement"):  # une correction n'oriente personne
        del form.fields[name]
    return form


def saisie_depuis(data: dict) -> Saisie:
    """Les données valides du formulaire de séance, pour le service de correction."""
    return Saisie(
        date=data["date"], duree=data.get("duree_minutes"), besoins=data["besoins_facons"], raisons=data["raisons"],
        type=data["type"], type_lieu=data["type_lieu"], lieu=data.get("lieu"), arret=data.get("arret"),
        commune=data.get("commune"), materiel=data.get("materiel") or [],
        precisions_demarche=data.get("precisions_demarche", ""), resultat=data.get("resultat", ""),
        participants=data.get("participants") or 0, repartitions=data["repartitions"], niveau=data.get("niveau", ""),
        titre_atelier=data.get("titre_atelier", ""), notes=data.get("notes", ""),
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def corriger(request, public_id):
    accompagnement = _get(request, public_id)
    if not permissions.can_correct_accompagnement(request.user, accompagnement):
        raise PermissionDenied
    form = _form(request, accompagnement, request.POST if request.method == "POST" else None)
    reponse = traiter_formulaire(
        request, form,
        lambda d: correct_accompagnement(accompagnement=accompagnement, by=request.user, saisie=saisie_depuis(d)),
        succes="Séance corrigée.", redirection=reverse("accompagnements:detail", args=[accompagnement.public_id]),
    )  # fmt: skip
    return reponse or render(
        request, "accompagnements/corriger.html", {"form": form, "accompagnement": accompagnement, "correction": True}
    )


@require_http_methods(["GET", "POST"])
def supprimer(request, public_id):
    accompagnement = _get(request, public_id)
    if not permissions.can_correct_accompagnement(request.user, accompagnement):
        raise PermissionDenied
    form = SuppressionForm(request.POST if request.method == "POST" else None)
    reponse = traiter_formulaire(
        request, form,
        lambda d: delete_accompagnement(accompagnement=accompagnement, by=request.user, motif=d["motif"]),
        succes="Séance supprimée : elle ne compte plus dans aucun chiffre.", redirection="accompagnements:seances",
    )  # fmt: skip
    return reponse or render(
        request, "accompagnements/supprimer.html", {"form": form, "accompagnement": accompagnement}
    )


def lien_questionnaire(request, accompagnement: Accompagnement, *, scale: int = 6) -> dict:
    """L'adresse du questionnaire anonyme d'une séance et son code QR (page de la séance, version papier)."""
    url = request.build_absolute_uri(
        reverse("accompagnements:questionnaire", args=[accompagnement.questionnaire_token])
    )
    qr = segno.make(url, error="m").svg_inline(scale=scale, title="Code QR du questionnaire")
    return {"questionnaire_url": url, "qr_svg": mark_safe(qr)}  # noqa: S308 — SVG de segno, URL connue


def questionnaire_papier(request, public_id):
    """Le questionnaire anonyme sur une page A4, avec le code de la séance (le même que le code QR)."""
    accompagnement = _get(request, public_id)
    return render(
        request,
        "accompagnements/questionnaire_papier.html",
        {
            "accompagnement": accompagnement,
            "form": QuestionnaireForm(),
            **lien_questionnaire(request, accompagnement, scale=4),
        },
    )
