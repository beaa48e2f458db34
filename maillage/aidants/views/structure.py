"""« Les aidants de ma structure » : ajouter (même sans adresse électronique), détacher, archiver, noter une
signature sur papier, imprimer un badge. Aidant d'une autre structure : 404."""

import segno
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from maillage.aidants import permissions, selectors, services
from maillage.aidants.enums import EtatSignature, MoyenSignature
from maillage.aidants.forms import AjoutAidantForm, SignaturePapierForm
from maillage.aidants.models import CONSERVATION_APRES_DEPART, RattachementAidant
from maillage.comptes.enums import Role
from maillage.comptes.models import Structure, Territoire
from maillage.comptes.permissions import structure_ids_for
from maillage.core.formulaires import traiter_formulaire

BADGE_SALT = "aidants.badge"


def _managed_structure(request, public_id) -> Structure:
    structure = get_object_or_404(Structure, public_id=public_id)
    if not permissions.can_manage_aidants_of(request.user, structure):
        raise Http404  # la structure d'un autre : on ne dit pas qu'elle existe
    return structure


def _managed_rattachement(request, public_id) -> RattachementAidant:
    r = get_object_or_404(
        RattachementAidant.objects.select_related("profil", "structure"), public_id=public_id, detached_at__isnull=True
    )
    if not permissions.can_manage_rattachement(request.user, r):
        raise Http404
    return r


def mes_structures(request):
    if not permissions.can_list_own_structures_aidants(request.user):
        raise PermissionDenied
    structures = Structure.objects.filter(pk__in=structure_ids_for(request.user, Role.GESTIONNAIRE)).order_by("nom")
    if len(structures) == 1:
        return redirect("aidants:structure", public_id=structures[0].public_id)
    return render(request, "aidants/mes_structures.html", {"structures": structures})


def _rows(structure: Structure) -> list[dict]:
    rattachements = list(
        RattachementAidant.objects.filter(structure=structure, detached_at__isnull=True, profil__archived_at=None)
        .select_related("profil")
        .order_by("profil__nom", "profil__prenom")
    )
    territoire = Territoire.objects.filter(communes=structure.commune_id).order_by("pk").first()
    etats = {}
    if territoire is not None and rattachements:
        qs = selectors.annotate_etat_signature(
            selectors.ProfilAidant.objects.filter(pk__in=[r.profil_id for r in rattachements]), territoire
        )
        etats = dict(qs.values_list("pk", "etat_signature"))
    return [{"r": r, "etat": EtatSignature(etats.get(r.profil_id, EtatSignature.NON_SIGNEE))} for r in rattachements]


def _archives(structure: Structure) -> list[dict]:
    """Profils archivés encore rattachés : leurs données partent 12 mois après l'archivage, ou avant, à leur demande."""
    rattachements = (
        RattachementAidant.objects.filter(
            structure=structure, detached_at__isnull=True, profil__archived_at__isnull=False,
            profil__anonymized_at__isnull=True,
        )
        .select_related("profil")
        .order_by("profil__nom", "profil__prenom")
    )  # fmt: skip
    return [{"r": r, "efface_le": r.profil.archived_at + CONSERVATION_APRES_DEPART} for r in rattachements]


@require_http_methods(["GET", "POST"])
def structure(request, public_id):
    structure = _managed_structure(request, public_id)
    form = AjoutAidantForm(request.POST or None)
    reponse = traiter_formulaire(
        request, form, lambda d: services.add_aidant(by=request.user, structure=structure, **d),
        succes=lambda profil: f"{profil} est ajouté ou ajoutée à votre structure.",
        redirection=reverse("aidants:structure", args=[structure.public_id]),
    )  # fmt: skip
    return reponse or render(request, "aidants/structure.html", {
        "structure": structure, "form": form, "rows": _rows(structure), "archives": _archives(structure),
    })  # fmt: skip


@require_POST
def detacher(request, public_id):
    r = _managed_rattachement(request, public_id)
    services.detach_rattachement(rattachement=r, by=request.user)
    messages.success(request, f"{r.profil} n'est plus rattaché ou rattachée à {r.structure}.")
    return redirect("aidants:structure", public_id=r.structure.public_id)


@require_POST
def archiver(request, public_id):
    r = _managed_rattachement(request, public_id)
    services.archive_profil(profil=r.profil, by=request.user)
    messages.success(request, f"{r.profil} est archivé ou archivée : ce profil n'apparaît plus dans les chiffres.")
    return redirect("aidants:structure", public_id=r.structure.public_id)


@require_http_methods(["GET", "POST"])
def signature_papier(request, public_id):
    r = _managed_rattachement(request, public_id)
    territoire = Territoire.objects.filter(communes=r.structure.commune_id).order_by("pk").first()
    charte = selectors.charte_publiee(territoire) if territoire else None
    form = SignaturePapierForm(request.POST or None)

    def signer(d) -> None:
        if charte is None:
            raise ValidationError("Votre territoire n'a pas encore publié de charte.")
        services.sign_charte(profil=r.profil, charte=charte, by=request.user, moyen=MoyenSignature.PAPIER,
                             signed_on=d["signed_on"])  # fmt: skip

    reponse = traiter_formulaire(
        request, form, signer, succes=f"La signature sur papier de {r.profil} est enregistrée.",
        redirection=reverse("aidants:structure", args=[r.structure.public_id]),
    )  # fmt: skip
    if reponse:
        return reponse
    engagements = charte.engagements_pour(r.profil.tous_niveaux) if charte else []
    return render(request, "aidants/signature_papier.html", {
        "r": r, "charte": charte, "form": form, "engagements": engagements,
    })  # fmt: skip


def badge_token(r: RattachementAidant) -> str:
    return signing.dumps({"p": str(r.profil.public_id), "s": str(r.structure.public_id)}, salt=BADGE_SALT)


def badge(request, public_id):
    """Badge à imprimer : nom, structure, version de la charte, QR code vers une adresse signée."""
    r = get_object_or_404(
        RattachementAidant.objects.select_related("profil", "structure"), public_id=public_id, detached_at__isnull=True
    )
    if not (r.profil.user_id == request.user.pk or permissions.can_manage_aidants_of(request.user, r.structure)):
        raise Http404
    verification = selectors.verifier_badge(
        profil_public_id=str(r.profil.public_id), structure_public_id=str(r.structure.public_id)
    )
    url = request.build_absolute_uri(reverse("aidants:verifier_badge", args=[badge_token(r)]))
    qr = segno.make(url, error="m").svg_inline(scale=4, title="QR code de vérification") if verification else ""
    # L'adresse du QR code est trop longue pour être recopiée : le badge imprimé donne aussi la page de vérification.
    verifier_url = request.build_absolute_uri(reverse("aidants:verifier"))
    return render(request, "aidants/badge.html", {
        "r": r, "verification": verification, "qr": qr, "url": url, "verifier_url": verifier_url,
    })  # fmt: skip
