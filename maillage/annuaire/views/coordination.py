"""Fiches de l'annuaire tenues par la coordination (et par la personne qui tient chaque fiche)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from maillage.annuaire import permissions, services
from maillage.annuaire.forms import ActeurForm
from maillage.annuaire.models import Acteur
from maillage.annuaire.perimetre import epcis_du_territoire
from maillage.comptes.enums import Role
from maillage.comptes.models import Structure
from maillage.comptes.territoires import territoire_choisi
from maillage.core.formulaires import traiter_formulaire
from maillage.core.refus import flash_error


def _form(request, territoire, acteur=None):
    structures = Structure.objects.filter(commune__territoires=territoire).exclude(
        fiches_annuaire__territoire=territoire, fiches_annuaire__archived_at__isnull=True
    )
    initial = {}
    if acteur:
        initial = {"roles": acteur.roles, "dispositifs": acteur.dispositifs, "epcis": acteur.epcis,
                   "description": acteur.description,
                   "communes": "\n".join(c.label for c in acteur.communes.all())}  # fmt: skip
    return ActeurForm(request.POST or None, initial=initial, territoire=territoire, structures=structures,
                      epcis=epcis_du_territoire(territoire), edition=acteur is not None)  # fmt: skip


def acteur_form(request, public_id=None):
    acteur = None
    if public_id:
        acteur = get_object_or_404(Acteur.objects.actifs().select_related("territoire", "structure"),
                                   public_id=public_id)  # fmt: skip
        if not permissions.can_edit_acteur(request.user, acteur):
            raise PermissionDenied
        territoire, territoires = acteur.territoire, []
    else:
        territoire, territoires = territoire_choisi(request, roles=(Role.COORDINATEUR,),
                                                    peut=permissions.can_manage_annuaire)  # fmt: skip
    form = _form(request, territoire, acteur)

    def enregistrer(d) -> Acteur:
        return services.save_acteur(
            by=request.user, territoire=territoire, structure=d.get("structure") or acteur.structure,
            roles=d["roles"], dispositifs=d["dispositifs"], communes=d["communes"], epcis=d["epcis"],
            description=d["description"], acteur=acteur, mainteneur=None if acteur else request.user,
        )  # fmt: skip

    reponse = traiter_formulaire(
        request, form, enregistrer, succes="La fiche est enregistrée et marquée vérifiée aujourd'hui.",
        redirection=lambda a: reverse("annuaire:acteur", args=[a.public_id]),
    )  # fmt: skip
    return reponse or render(request, "annuaire/acteur_form.html", {
        "form": form, "acteur": acteur, "territoire": territoire, "territoires": territoires,
    })  # fmt: skip


@require_POST
def acteur_action(request, public_id, action):
    if action not in ("verifier", "archiver"):
        raise Http404
    acteur = get_object_or_404(Acteur.objects.actifs(), public_id=public_id)
    if not permissions.can_edit_acteur(request.user, acteur):
        raise PermissionDenied
    try:
        if action == "verifier":
            services.check_acteur(acteur=acteur, by=request.user)
            messages.success(request, "Merci : la fiche est marquée à jour aujourd'hui.")
        else:
            services.archive_acteur(acteur=acteur, by=request.user)
            messages.success(request, "La fiche est archivée : elle ne paraît plus dans l'annuaire.")
            return redirect("annuaire:annuaire")
    except ValidationError as e:
        flash_error(request, e)
    return redirect("annuaire:acteur", public_id=acteur.public_id)
