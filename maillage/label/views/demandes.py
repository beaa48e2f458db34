"""« Mon label » (l'aidant : ses demandes, ses trois piliers), la page d'une demande (commission : décider,
retirer), l'entretien entre pairs (sur un téléphone, critère par critère)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from maillage.aidants.selectors import territoires_du_profil
from maillage.core.formulaires import traiter_bouton, traiter_formulaire
from maillage.label import permissions, selectors, services
from maillage.label.forms import DecisionForm, DemandeForm, EntretienForm, RetraitForm
from maillage.label.models import DemandeLabel, pairs_eligibles
from maillage.label.views.competences import SansProfil, _profil_courant, sans_profil


@require_http_methods(["GET", "POST"])
def mon_label(request):
    try:
        profil = _profil_courant(request)
    except SansProfil:
        return sans_profil(request)
    territoires = list(territoires_du_profil(profil))
    form = DemandeForm(request.POST or None, niveaux=profil.niveaux)

    def demander(d) -> None:
        territoire = next((t for t in territoires if str(t.pk) == request.POST.get("territoire")), None)
        territoire = territoire or (territoires[0] if len(territoires) == 1 else None)
        if territoire is None:
            raise ValidationError("Choisissez le territoire de votre demande.")
        services.apply_for_label(profil=profil, territoire=territoire, niveau=d["niveau"], by=request.user)

    reponse = traiter_formulaire(
        request, form, demander, redirection="label:mon_label",
        succes="Votre demande est déposée : la coordination la verra dès qu'elle est complète.",
    )  # fmt: skip
    if reponse:
        return reponse
    demandes = [
        {"demande": d, "piliers": selectors.piliers(d)}
        for d in profil.demandes_label.select_related("territoire").order_by("-created_at")
    ]
    return render(request, "label/mon_label.html", {
        "profil": profil, "demandes": demandes, "form": form, "territoires": territoires,
        "ecarts": selectors.ecarts_de_l_aidant(profil),
    })  # fmt: skip


def _demande(request, public_id) -> DemandeLabel:
    demande = get_object_or_404(DemandeLabel.objects.select_related("profil", "territoire"), public_id=public_id)
    if not permissions.can_view_demande(request.user, demande):
        raise Http404  # hors de portée : 404, comme partout
    return demande


def demande(request, public_id):
    d = _demande(request, public_id)
    return render(request, "label/demande.html", {
        "demande": d, "piliers": selectors.piliers(d), "entretiens": d.entretiens.select_related("pair_1", "pair_2"),
        "peut_decider": permissions.can_decide(request.user, d),
        "peut_entretien": permissions.can_record_entretien(request.user, d),
        "decision_form": DecisionForm(), "retrait_form": RetraitForm(),
    })  # fmt: skip


@require_POST
def decider(request, public_id):
    d = _demande(request, public_id)
    if not permissions.can_decide(request.user, d):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("label:demande", public_id=d.public_id)
    return traiter_bouton(
        request, lambda: services.decide_demande(demande=d, by=request.user, motif=form.cleaned_data["motif"],
                                                 accorder=form.cleaned_data["decision"] == "accorder"),
        succes="La décision est enregistrée.", redirection=reverse("label:demande", args=[d.public_id]),
    )  # fmt: skip


@require_POST
def retirer(request, public_id):
    d = _demande(request, public_id)
    if not permissions.can_decide(request.user, d):
        raise PermissionDenied
    form = RetraitForm(request.POST)

    def retirer_label() -> None:
        if not form.is_valid():
            raise ValidationError("Écrivez le motif du retrait.")
        services.withdraw_label(demande=d, by=request.user, motif=form.cleaned_data["motif_retrait"])

    return traiter_bouton(request, retirer_label, succes="Le label est retiré.",
                          redirection=reverse("label:demande", args=[d.public_id]))  # fmt: skip


@require_http_methods(["GET", "POST"])
def entretien(request, public_id):
    d = _demande(request, public_id)
    if not permissions.can_record_entretien(request.user, d):
        raise PermissionDenied
    referentiel = selectors.referentiel_en_vigueur(d.territoire)
    if referentiel is None:
        messages.error(request, "Le territoire n'a pas encore publié son référentiel du label.")
        return redirect("label:demande", public_id=d.public_id)
    pairs = pairs_eligibles(d.territoire, timezone.localdate()).exclude(pk=d.profil_id).order_by("nom", "prenom")
    form = EntretienForm(request.POST or None, pairs=pairs, grille=referentiel.grille_posture,
                         initial={"mene_le": timezone.localdate()})  # fmt: skip
    reponse = traiter_formulaire(
        request, form, lambda c: services.record_entretien(
            demande=d, by=request.user, pair_1=c["pair_1"], pair_2=c["pair_2"], mene_le=c["mene_le"],
            resultats=form.resultats(), avis=c["avis"], commentaire=c["commentaire"],
        ),
        succes="L'entretien est enregistré.", redirection=reverse("label:demande", args=[d.public_id]),
    )  # fmt: skip
    return reponse or render(request, "label/entretien.html", {"demande": d, "form": form, "referentiel": referentiel})
