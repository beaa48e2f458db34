"""Tenir les lieux à jour : « Mes lieux », créer et modifier un lieu (horaires, arrêts), vérifier, publier,
fusionner les doublons, importer un fichier. Chaque écriture passe par `maillage.lieux.services` (historique).

Un lieu (ou une structure) hors de portée donne 404, jamais 403 : les requêtes passent par `editable_lieux` ou
`coordinated_lieux`, et on ne dit pas qu'un lieu d'un autre territoire existe. Un 403 ne répond qu'à un rôle qui
n'a pas accès à la page (ex. un médiateur sur « Mes lieux »).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from maillage.comptes.enums import Role
from maillage.comptes.models import Structure
from maillage.comptes.permissions import structure_ids_for, territoire_ids_for
from maillage.core.formulaires import traiter_bouton
from maillage.core.pagination import paginate
from maillage.core.refus import form_errors
from maillage.core.utils import normalize_text
from maillage.lieux import services
from maillage.lieux.enums import StatutLieu
from maillage.lieux.forms import ArretForm, ArretFormSet, FusionForm, HorairesForm, LieuForm, StatutForm
from maillage.lieux.models import Lieu, LieuEvent
from maillage.lieux.permissions import (
    can_access_gestion,
    can_create_lieu,
    can_edit_lieu,
    can_merge_lieux,
    can_see_territoire_lieux,
    can_verify_lieu,
    coordinated_lieux,
    editable_lieux,
)
from maillage.lieux.selectors import doublons_probables, lieux_a_verifier
from maillage.lieux.selectors.doublons import champs_compares

PAGE_SIZE = 50
FILTRES = {"tous": "Tous mes lieux", "a_verifier": "Non vérifiés depuis 12 mois", "doublons": "Doublons probables"}


def _require_gestion(user):
    if not can_access_gestion(user):
        raise PermissionDenied("Cette page est réservée aux gestionnaires de structure et à la coordination.")


def _structures_for(user, lieu: Lieu | None = None):
    """Structures auxquelles la personne peut rattacher un lieu : les siennes (gestionnaire), celles de son
    territoire (coordination), toutes (équipe) ; plus la structure actuelle du lieu."""
    if user.is_staff:
        qs = Structure.objects.all()
    else:
        condition = Q(pk__in=structure_ids_for(user, Role.GESTIONNAIRE))
        territoires = territoire_ids_for(user, Role.COORDINATEUR)
        if territoires:
            condition |= Q(commune__territoires__in=territoires)
        if lieu is not None and lieu.structure_id:
            condition |= Q(pk=lieu.structure_id)
        qs = Structure.objects.filter(condition).distinct()
    return qs.order_by("nom")


def mes_lieux(request):
    """« Mes lieux » : les lieux que la personne tient à jour ; pour la coordination, filtres « non vérifiés
    depuis 12 mois » et « doublons probables »."""
    user = request.user
    _require_gestion(user)
    coordination = can_see_territoire_lieux(user)
    filtre = request.GET.get("filtre", "tous")
    if filtre not in FILTRES or (filtre != "tous" and not coordination):
        filtre = "tous"
    q = (request.GET.get("q") or "").strip()[:100]
    statut = request.GET.get("statut", "")
    qs = editable_lieux(user).select_related("structure")
    context = {
        "filtre": filtre,
        "filtre_label": FILTRES[filtre],
        "coordination": coordination,
        "q": q,
        "statut": statut,
    }
    context["statuts"] = StatutLieu.choices
    context["can_create"] = can_create_lieu(user)
    if filtre == "doublons":
        # Paires parmi les lieux du territoire coordonné (un doublon touche souvent deux structures).
        paires = doublons_probables(coordinated_lieux(user))
        context["paires"] = paires[:200]
        context["paires_total"] = len(paires)
        return render(request, "lieux/gestion/liste.html", context)
    if filtre == "a_verifier":
        qs = lieux_a_verifier(qs)
    if statut in StatutLieu.values:
        qs = qs.filter(statut=statut)
    if q:
        for word in normalize_text(q).split()[:8]:
            qs = qs.filter(search_text__contains=word)
    page = paginate(request, qs.order_by("nom", "pk"), per_page=PAGE_SIZE)
    context.update(page=page, lieux=page.object_list, total=page.paginator.count)
    return render(request, "lieux/gestion/liste.html", context)


def _arret_formset(request, lieu: Lieu | None):
    initial = [ArretForm.initial_for(a) for a in lieu.arrets.select_related("commune")] if lieu else []
    if request.method == "POST":
        return ArretFormSet(request.POST, initial=initial, prefix="arrets")
    return ArretFormSet(initial=initial, prefix="arrets")


def _arrets_data(formset) -> list[dict]:
    return [
        f.service_data()
        for f in formset.forms
        if f.has_changed() and not (formset.can_delete and f.cleaned_data.get("DELETE")) and f.cleaned_data
    ]


def _save(request, *, lieu: Lieu | None, form, horaires_form, arrets_formset) -> Lieu | None:
    """Écrit le lieu, ses horaires et ses arrêts en une transaction ; None si le service refuse (erreurs posées
    sur le formulaire)."""
    data = form.service_data()
    data["horaires"] = horaires_form.cleaned_data["horaires"]
    itinerant = "ITINERANT" in (data.get("itinerance") or [])
    try:
        with transaction.atomic():
            if lieu is None:
                lieu = services.create_lieu(data=data, by=request.user)
            else:
                lieu = services.update_lieu(lieu=lieu, data=data, by=request.user)
            if itinerant or lieu.arrets.exists():
                services.replace_arrets(
                    lieu=lieu, arrets=_arrets_data(arrets_formset) if itinerant else [], by=request.user
                )
    except ValidationError as error:
        if hasattr(error, "error_dict") and "horaires" in error.error_dict:
            for e in error.error_dict.pop("horaires"):
                horaires_form.add_error("horaires_expert", e)
        if not hasattr(error, "error_dict") or error.error_dict:
            form_errors(form, error, renames=LieuForm.SERVICE_FIELDS)
        return None
    return lieu


def creer(request):
    """Déclarer un nouveau lieu (brouillon, à publier ensuite)."""
    user = request.user
    if not can_create_lieu(user):
        raise PermissionDenied(
            "La déclaration d'un lieu est réservée aux gestionnaires de structure et à la coordination."
        )
    structures = _structures_for(user)
    if request.method == "POST":
        form = LieuForm(request.POST, structures=structures)
        horaires_form = HorairesForm(request.POST, prefix="h")
        arrets_formset = _arret_formset(request, None)
        if form.is_valid() and horaires_form.is_valid() and arrets_formset.is_valid():
            if not can_create_lieu(user, form.cleaned_data["structure"]):  # structure hors de portée : 404
                raise Http404("Structure introuvable.")
            lieu = _save(request, lieu=None, form=form, horaires_form=horaires_form, arrets_formset=arrets_formset)
            if lieu is not None:
                messages.success(request, "Le lieu est créé comme brouillon. Publiez-le quand il est prêt.")
                return redirect("lieux:modifier", public_id=lieu.public_id)
    else:
        form = LieuForm(
            structures=structures, initial={"structure": structures.first()} if structures.count() == 1 else None
        )
        horaires_form = HorairesForm(prefix="h")
        arrets_formset = _arret_formset(request, None)
    return render(
        request,
        "lieux/gestion/modifier.html",
        {"form": form, "horaires_form": horaires_form, "arrets_formset": arrets_formset, "lieu": None},
        status=400 if request.method == "POST" else 200,
    )


def modifier(request, public_id):
    """Modifier un lieu : contenu, horaires (grille ou mode expert), arrêts ; voir son historique."""
    user = request.user
    lieu = get_object_or_404(editable_lieux(user).select_related("structure", "commune_ref"), public_id=public_id)
    if not can_edit_lieu(user, lieu):  # pragma: no cover — editable_lieux et can_edit_lieu disent la même règle
        raise Http404
    structures = _structures_for(user, lieu)
    status = 200
    if request.method == "POST":
        form = LieuForm(request.POST, structures=structures, lieu=lieu)
        horaires_form = HorairesForm(request.POST, prefix="h", horaires=lieu.horaires)
        arrets_formset = _arret_formset(request, lieu)
        if form.is_valid() and horaires_form.is_valid() and arrets_formset.is_valid():
            structure = form.cleaned_data.get("structure")
            if structure is not None and structure.pk != lieu.structure_id and not can_create_lieu(user, structure):
                raise Http404("Structure introuvable.")  # hors de portée : comme si elle n'existait pas
            saved = _save(request, lieu=lieu, form=form, horaires_form=horaires_form, arrets_formset=arrets_formset)
            if saved is not None:
                messages.success(request, "Les modifications sont enregistrées.")
                return redirect("lieux:modifier", public_id=lieu.public_id)
            lieu.refresh_from_db()
        status = 400
    else:
        form = LieuForm(structures=structures, lieu=lieu)
        horaires_form = HorairesForm(prefix="h", horaires=lieu.horaires)
        arrets_formset = _arret_formset(request, lieu)
    historique = list(lieu.historique.select_related("actor")[:50])
    return render(
        request,
        "lieux/gestion/modifier.html",
        {
            "form": form,
            "horaires_form": horaires_form,
            "arrets_formset": arrets_formset,
            "lieu": lieu,
            "historique": [_historique_row(h) for h in historique],
            "can_verify": can_verify_lieu(user, lieu),
            "statuts": StatutLieu,
        },
        status=status,
    )


FIELD_LABELS = {f.name: str(f.verbose_name) for f in Lieu._meta.get_fields() if hasattr(f, "verbose_name")}
FIELD_LABELS["arrets"] = "arrêts"
# Ordre d'affichage des champs changés : celui du modèle (PostgreSQL ne garde pas l'ordre des clés JSON).
FIELD_ORDER = {name: i for i, name in enumerate(FIELD_LABELS)}


def _changed_labels(changes) -> str:
    return ", ".join(FIELD_LABELS.get(c, c) for c in sorted(changes, key=lambda c: (FIELD_ORDER.get(c, 999), c)))


def _historique_row(entry) -> dict:
    details = entry.details or {}
    changes = details.get("changes") or {}
    if entry.event == LieuEvent.STATUS:
        quoi = f"{_statut_label(details.get('from'))} → {_statut_label(details.get('to'))}"
    elif entry.event == LieuEvent.MERGED:
        quoi = "fusion avec un doublon" + (
            f" ({', '.join(FIELD_LABELS.get(c, c) for c in changes)})" if changes else ""
        )
    else:
        quoi = _changed_labels(changes)
    if entry.event == LieuEvent.IMPORTED and details.get("source"):
        # D'où vient la donnée : la source (et le fichier) de l'import, avant les champs changés.
        origine = f"source « {details['source']} »"
        if details.get("fichier"):
            origine += f", fichier « {details['fichier']} »"
        quoi = f"{origine} : {quoi}" if quoi else origine
    if entry.actor_id:
        qui = entry.actor.get_full_name() or entry.actor.email
    elif entry.event == LieuEvent.IMPORTED:
        qui = "import"
    else:
        qui = "système"
    return {"quand": entry.created_at, "qui": qui, "evenement": entry.get_event_display(), "quoi": quoi}


def _statut_label(value) -> str:
    try:
        return StatutLieu(value).label.lower()
    except ValueError:
        return str(value or "")


@require_POST
def verifier(request, public_id):
    """« Ces informations sont toujours justes » : date de vérification = maintenant (historique)."""
    lieu = get_object_or_404(editable_lieux(request.user), public_id=public_id)
    if not can_verify_lieu(request.user, lieu):  # pragma: no cover — même règle que editable_lieux
        raise Http404
    services.verify_lieu(lieu=lieu, by=request.user)
    messages.success(request, f"Merci : « {lieu.nom} » est marqué comme vérifié aujourd'hui.")
    suivant = request.POST.get("suivant", "")
    if suivant.startswith("/lieux/gestion/"):
        return redirect(suivant)
    return redirect("lieux:modifier", public_id=lieu.public_id)


@require_POST
def changer_statut(request, public_id):
    """Publier, fermer ou repasser en brouillon un lieu."""
    lieu = get_object_or_404(editable_lieux(request.user), public_id=public_id)
    form = StatutForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Ce statut n'existe pas.")
        return redirect("lieux:modifier", public_id=lieu.public_id)
    return traiter_bouton(
        request, lambda: services.set_statut(lieu=lieu, statut=form.cleaned_data["statut"], by=request.user),
        succes=lambda _: f"Le lieu est maintenant : {lieu.get_statut_display().lower()}.",
        redirection=reverse("lieux:modifier", args=[lieu.public_id]),
    )  # fmt: skip


def fusionner(request):
    """Comparer deux fiches probablement en double et les fusionner (coordination)."""
    user = request.user
    if not can_see_territoire_lieux(user):
        raise PermissionDenied("La fusion des doublons est réservée à la coordination.")
    form = FusionForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        messages.error(request, "Choisissez deux lieux à comparer.")
        return redirect(reverse("lieux:gestion") + "?filtre=doublons")
    scope = coordinated_lieux(user).select_related("structure")
    garder = get_object_or_404(scope, public_id=form.cleaned_data["garder"])
    retirer = get_object_or_404(scope, public_id=form.cleaned_data["retirer"])
    if garder.pk == retirer.pk:
        messages.error(request, "Choisissez deux lieux différents : un lieu ne se fusionne pas avec lui-même.")
        return redirect(reverse("lieux:gestion") + "?filtre=doublons")
    if not can_merge_lieux(user, garder, retirer):  # pragma: no cover — coordinated_lieux dit la même règle
        raise Http404
    if request.method == "POST":
        try:
            services.merge_lieux(keep=garder, remove=retirer, by=user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(reverse("lieux:gestion") + "?filtre=doublons")
        messages.success(
            request,
            f"« {retirer.nom} » est fusionné dans « {garder.nom} » (l'ancienne fiche est fermée, pas supprimée).",
        )
        return redirect("lieux:modifier", public_id=garder.public_id)
    return render(
        request,
        "lieux/gestion/fusionner.html",
        {"garder": garder, "retirer": retirer, "champs": champs_compares(garder, retirer)},
    )
