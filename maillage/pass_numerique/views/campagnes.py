"""Campagnes : création, page de suivi (observatoire), génération, attribution, relevés, clôture, correction."""

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from maillage.comptes.enums import Role
from maillage.comptes.models import Structure
from maillage.comptes.permissions import territoire_ids_for
from maillage.core.formulaires import traiter_bouton, traiter_formulaire
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

R = TypeVar("R")


def _adresse(public_id) -> str:
    return reverse("pass_numerique:campagne", args=[public_id])


def _retour(public_id):
    return redirect(_adresse(public_id))


def _puis_invalider(campagne, ecrire: Callable[[], R]) -> Callable[[], R]:
    """Le service, puis les chiffres de la campagne recalculés (seulement s'il a écrit)."""

    def action() -> R:
        resultat = ecrire()
        selectors.invalidate(campagne.pk)
        return resultat

    return action


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
        redirection=lambda c: _adresse(c.public_id),
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
    return traiter_bouton(
        request, _puis_invalider(campagne, lambda: services.generate_carnets(campagne=campagne, by=request.user)),
        succes=lambda n: f"{campagne.nombre_carnets} carnets générés ({n} chèques).", redirection=_adresse(public_id),
    )  # fmt: skip


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
    attribuer = _puis_invalider(campagne, lambda: services.allocate_carnets(
        campagne=campagne, structure=structure, nombre=form.cleaned_data["nombre"], by=request.user,
    ))  # fmt: skip
    return traiter_bouton(request, attribuer, succes=lambda r: f"Carnets n° {r[0]} à {r[1]} attribués à {structure}.",
                          redirection=_adresse(public_id))  # fmt: skip


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
    return traiter_bouton(
        request, lambda: len(services.build_releves(mois=mois, by=request.user, campagne=campagne)),
        succes=lambda n: f"{n} relevé{pluriel(n)} établi{pluriel(n)} pour {mois:%m/%Y}.",
        redirection=_adresse(public_id),
    )  # fmt: skip


@require_POST
def campagne_cloturer(request, public_id):
    campagne = get_campagne(request, public_id)
    if not can_manage_campagne(request.user, campagne):
        raise PermissionDenied

    def message(cloture) -> str:
        n = cloture.cheques_inutilises
        return f"Campagne clôturée : {n} chèque{pluriel(n)} non utilisé{pluriel(n)} porté{pluriel(n)} en avoir."

    return traiter_bouton(
        request, _puis_invalider(campagne, lambda: services.close_campagne(campagne=campagne, by=request.user)),
        succes=message, redirection=_adresse(public_id),
    )  # fmt: skip


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
    corriger = _puis_invalider(campagne, lambda: services.correct_encaissement(
        cheque=cheque, by=request.user, motif=form.cleaned_data["motif"],
    ))  # fmt: skip
    return traiter_bouton(request, corriger, redirection=_adresse(public_id),
                          succes="Encaissement corrigé : une ligne de correction est ajoutée au registre.")  # fmt: skip
