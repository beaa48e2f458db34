"""Campagnes : création, page de suivi (observatoire), génération, attribution, relevés, clôture, correction."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from maillage.comptes.enums import Role
from maillage.comptes.models import Structure
from maillage.comptes.permissions import territoire_ids_for
from maillage.core.formulaires import traiter_formulaire
from maillage.core.utils import pluriel
from maillage.pass_numerique import codes, selectors, services
from maillage.pass_numerique.forms import AllocationForm, CampagneForm, CorrectionForm, PaiementForm, ReleveMoisForm
from maillage.pass_numerique.models import Campagne, Cheque
from maillage.pass_numerique.permissions import (
    actions_campagne,
    can_allocate_carnets,
    can_correct_encaissement,
    can_manage_campagne,
    can_manage_campagnes,
)
from maillage.pass_numerique.views.commun import get_campagne


def _retour(public_id):
    return redirect("pass_numerique:campagne", public_id=public_id)


def campagne_nouvelle(request):
    if not territoire_ids_for(request.user, Role.COMMANDITAIRE):
        raise PermissionDenied("Seul un financeur crée une campagne.")
    form = CampagneForm(request.POST or None, **selectors.choix_campagne(request.user))

    def creer(cd) -> Campagne:
        if not can_manage_campagnes(request.user, cd["territoire"]):
            raise PermissionDenied
        return services.create_campagne(
            territoire=cd["territoire"], nom=cd["nom"], valeur_cheque=cd["valeur_cheque"],
            cheques_par_carnet=cd["cheques_par_carnet"], nombre_carnets=cd["nombre_carnets"],
            starts_on=cd["starts_on"], ends_on=cd["ends_on"], tolerance_jours=cd["tolerance_jours"],
            budget=cd["budget"], services=list(cd["services"]), lieux=list(cd["lieux"]),
            cofinancements=form.cofinancements(), by=request.user,
            reste_a_charge_autorise=cd["reste_a_charge_autorise"],
        )  # fmt: skip

    reponse = traiter_formulaire(
        request, form, creer, succes=lambda c: f"Campagne « {c.nom} » créée. Générez maintenant ses carnets.",
        redirection=lambda c: reverse("pass_numerique:campagne", args=[c.public_id]),
    )  # fmt: skip
    return reponse or render(request, "pass_numerique/campagne_nouvelle.html", {"form": form})


def campagne_detail(request, public_id):
    campagne = get_campagne(request, public_id)
    obs = selectors.observatoire(campagne)
    context = {
        "campagne": campagne,
        "obs": obs,
        "tableaux": obs.tableaux(),
        "carte": obs.carte(),
        "map_tile_url": settings.MAP_TILE_URL,
        "map_attribution": settings.MAP_TILE_ATTRIBUTION,
        **actions_campagne(request.user, campagne),
        "allocation_form": AllocationForm(
            structures=Structure.objects.filter(commune__territoires=campagne.territoire).order_by("nom")
        ),
        "releve_form": ReleveMoisForm(),
        "correction_form": CorrectionForm(),
        "paiement_form": PaiementForm(),
        "cofinancements": list(campagne.cofinancements.select_related("financeur")),
        "releves": list(campagne.releves.select_related("qualification__lieu").order_by("-mois", "pk")),
        "avoirs": list(campagne.avoirs.select_related("financeur").order_by("pk")),
        "services_eligibles": list(campagne.services_eligibles.all()),
        "stocks": selectors.structures_en_stock(campagne),
    }
    return render(request, "pass_numerique/campagne_detail.html", context)


@require_POST
def campagne_generer(request, public_id):
    campagne = get_campagne(request, public_id)
    if not can_manage_campagne(request.user, campagne):
        raise PermissionDenied
    try:
        n = services.generate_carnets(campagne=campagne, by=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        selectors.invalidate(campagne.pk)
        messages.success(request, f"{campagne.nombre_carnets} carnets générés ({n} chèques).")
    return _retour(public_id)


@require_POST
def campagne_attribuer(request, public_id):
    campagne = get_campagne(request, public_id)
    if not can_allocate_carnets(request.user, campagne):
        raise PermissionDenied
    form = AllocationForm(request.POST, structures=Structure.objects.filter(commune__territoires=campagne.territoire))
    if not form.is_valid():
        messages.error(request, "Choisissez une structure et un nombre de carnets d'au moins 1.")
        return _retour(public_id)
    structure = form.cleaned_data["structure"]
    try:
        lo, hi = services.allocate_carnets(
            campagne=campagne, structure=structure, nombre=form.cleaned_data["nombre"], by=request.user
        )
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        selectors.invalidate(campagne.pk)
        messages.success(request, f"Carnets n° {lo} à {hi} attribués à {structure}.")
    return _retour(public_id)


@require_POST
def campagne_releves(request, public_id):
    campagne = get_campagne(request, public_id)
    if not can_manage_campagne(request.user, campagne):
        raise PermissionDenied
    form = ReleveMoisForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Indiquez un mois.")
        return _retour(public_id)
    mois = form.cleaned_data["mois"]
    try:
        releves = services.build_releves(mois=mois, by=request.user, campagne=campagne)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(
            request, f"{len(releves)} relevé{pluriel(len(releves))} établi{pluriel(len(releves))} pour {mois:%m/%Y}."
        )
    return _retour(public_id)


@require_POST
def campagne_cloturer(request, public_id):
    campagne = get_campagne(request, public_id)
    if not can_manage_campagne(request.user, campagne):
        raise PermissionDenied
    try:
        cloture = services.close_campagne(campagne=campagne, by=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        selectors.invalidate(campagne.pk)
        n = cloture.cheques_inutilises
        messages.success(
            request, f"Campagne clôturée : {n} chèque{pluriel(n)} non utilisé{pluriel(n)} porté{pluriel(n)} en avoir."
        )
    return _retour(public_id)


@require_POST
def campagne_corriger(request, public_id):
    campagne = get_campagne(request, public_id)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Indiquez le code du chèque et le motif de la correction.")
        return _retour(public_id)
    cheque = Cheque.objects.filter(campagne=campagne, code=codes.normalize(form.cleaned_data["code"])).first()
    if cheque is None:
        messages.error(request, "Aucun chèque de cette campagne ne porte ce code.")
        return _retour(public_id)
    if not can_correct_encaissement(request.user, cheque):
        raise PermissionDenied
    try:
        services.correct_encaissement(cheque=cheque, by=request.user, motif=form.cleaned_data["motif"])
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        selectors.invalidate(campagne.pk)
        messages.success(request, "Encaissement corrigé : une ligne de correction est ajoutée au registre.")
    return _retour(public_id)
