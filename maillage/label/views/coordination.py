"""Pour la coordination : le référentiel du territoire (versions, réglages, profils de référence, pairs
fondateurs, export sous licence ouverte) et la commission (demandes, complètes d'abord)."""

import json

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from maillage.aidants.enums import Niveau
from maillage.aidants.models import ProfilAidant
from maillage.core.formulaires import traiter_bouton, traiter_formulaire
from maillage.label import selectors, services
from maillage.label.enums import CHAMPS, GRILLE_EXEMPLE, SourceNiveau
from maillage.label.forms import ImportReferentielForm, PairFondateurForm, ProfilReferenceForm, ReglagesForm
from maillage.label.models import PairFondateur, ReferentielLabel
from maillage.label.views.outils import territoire_choisi


def _retour(territoire) -> str:
    return f"{reverse('label:referentiel')}?territoire={territoire.slug}"


@require_http_methods(["GET", "POST"])
def referentiel(request):
    territoire, territoires = territoire_choisi(request)
    actuel = selectors.referentiel_en_vigueur(territoire)
    initial = {"grille": "\n".join(actuel.grille_posture if actuel else GRILLE_EXEMPLE),
               "pairs_autre_structure": actuel.pairs_autre_structure if actuel else True,
               "validite_mois": actuel.validite_mois if actuel else 24,
               "sources_acceptees": actuel.sources_acceptees if actuel else SourceNiveau.values}  # fmt: skip
    form = ReglagesForm(request.POST or None, initial=initial)
    reponse = traiter_formulaire(
        request, form, lambda d: services.publish_referentiel(territoire=territoire, by=request.user, **d),
        succes="Nouvelle version du référentiel publiée.", redirection=_retour(territoire),
    )  # fmt: skip
    if reponse:
        return reponse
    profils = selectors.profils_reference(actuel)
    return render(request, "label/referentiel.html", {
        "territoire": territoire, "territoires": territoires, "actuel": actuel, "form": form,
        "profils": [{"niveau": n, "profil": profils.get(n.value)} for n in Niveau],
        "versions": ReferentielLabel.objects.filter(territoire=territoire).order_by("-version"),
        "pairs": PairFondateur.objects.filter(territoire=territoire).select_related("profil"),
        "pair_form": PairFondateurForm(profils=_aidants(territoire)),
    })  # fmt: skip


def _aidants(territoire):
    return ProfilAidant.objects.actifs().in_territoire(territoire).order_by("nom", "prenom")


@require_http_methods(["GET", "POST"])
def profil_reference(request, niveau):
    territoire, _ = territoire_choisi(request)
    if niveau not in Niveau.values:
        raise Http404
    actuel = selectors.referentiel_en_vigueur(territoire)
    existant = selectors.profils_reference(actuel).get(niveau)
    form = ProfilReferenceForm(request.POST or None, niveaux=existant.niveaux() if existant else {})
    reponse = traiter_formulaire(
        request, form,
        lambda _: services.publish_referentiel(territoire=territoire, by=request.user,
                                               profils={niveau: form.niveaux_saisis()}),
        succes="Profil enregistré : une nouvelle version du référentiel est publiée.", redirection=_retour(territoire),
    )  # fmt: skip
    return reponse or render(request, "label/profil_reference.html", {
        "territoire": territoire, "niveau": Niveau(niveau), "form": form, "actuel": actuel,
    })  # fmt: skip


@require_http_methods(["POST"])
def pair_fondateur(request):
    territoire, _ = territoire_choisi(request)
    form = PairFondateurForm(request.POST, profils=_aidants(territoire))

    def designer() -> None:
        if not form.is_valid():
            raise ValidationError("Choisissez un aidant ou une aidante du territoire.")
        services.designate_pair_fondateur(territoire=territoire, profil=form.cleaned_data["profil"], by=request.user)

    return traiter_bouton(request, designer, succes="Pair fondateur désigné.", redirection=_retour(territoire))


def referentiel_export(request):
    """Le référentiel en vigueur en JSON, sous Licence Ouverte : la « règle du jeu » se partage (aucune personne)."""
    territoire, _ = territoire_choisi(request)
    actuel = selectors.referentiel_en_vigueur(territoire)
    if actuel is None:
        raise Http404("Aucun référentiel publié.")
    data = {
        "licence": actuel.licence, "territoire": territoire.nom, "version": actuel.version,
        "exemple": actuel.est_exemple, "grille_posture": actuel.grille_posture,
        "pairs_autre_structure": actuel.pairs_autre_structure, "validite_mois": actuel.validite_mois,
        "sources_acceptees": actuel.sources_acceptees,
        "profils": {p.niveau: {c: getattr(p, CHAMPS[c]) for c in CHAMPS} for p in actuel.profils.all()},
    }  # fmt: skip
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="referentiel-label-v{actuel.version}.json"'
    return response


@require_http_methods(["GET", "POST"])
def referentiel_import(request):
    """Importer un référentiel exporté (le sien, ou celui d'un autre territoire) : tout ou rien, une nouvelle version ;
    un fichier fautif n'écrit rien et la page dit, clé par clé, ce qui ne va pas."""
    territoire, _ = territoire_choisi(request)
    form = ImportReferentielForm(request.POST or None, request.FILES or None)
    reponse = traiter_formulaire(
        request, form,
        lambda d: services.import_referentiel(territoire=territoire, by=request.user,
                                              contenu=d["fichier"].read(services.MAX_IMPORT_OCTETS + 1)),
        succes=lambda nouveau: f"Référentiel importé : la version {nouveau.version} est publiée.",
        redirection=_retour(territoire),
    )  # fmt: skip
    return reponse or render(request, "label/referentiel_import.html", {
        "territoire": territoire, "form": form, "actuel": selectors.referentiel_en_vigueur(territoire),
    })  # fmt: skip


def commission(request):
    territoire, territoires = territoire_choisi(request)
    lignes = selectors.commission(territoire)
    decidees = selectors.demandes_du_territoire(territoire).exclude(statut__in=("EN_COURS", "A_RENOUVELER"))[:200]
    return render(request, "label/commission.html", {
        "territoire": territoire, "territoires": territoires, "lignes": lignes, "decidees": decidees,
    })  # fmt: skip
