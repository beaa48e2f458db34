from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from maillage.accompagnements import permissions, services
from maillage.accompagnements.enums import BESOIN_VERS_TRAITE, FaconDeFaire, TypeLieu
from maillage.accompagnements.forms import AccompagnementForm, BeneficiaireForm, QuestionnaireForm
from maillage.accompagnements.models import ROLES_ACCOMPAGNEMENT, Accompagnement, Beneficiaire, ReponseQuestionnaire
from maillage.accompagnements.views_seances import lien_questionnaire
from maillage.comptes.models import Structure
from maillage.comptes.permissions import structure_ids_for
from maillage.core.consentement import current_consent_text
from maillage.core.enums import TypeConsentement
from maillage.core.refus import form_errors
from maillage.lieux.models import Lieu
from maillage.orientations.models import Orientation


def _structures(user):
    return Structure.objects.filter(pk__in=structure_ids_for(user, *ROLES_ACCOMPAGNEMENT)).order_by("nom")


def _is_uuid(value) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def _suite_lieux(structure_ids: list[int], public_id: str | None = None) -> list[tuple[str, str]]:
    """Lieux publiés des autres structures, où orienter la personne à la fin de la séance."""
    qs = Lieu.objects.published().filter(structure__isnull=False).exclude(structure_id__in=structure_ids)
    if public_id is not None:  # POST : seul le lieu choisi est à valider (pas la liste entière)
        qs = qs.filter(public_id=public_id) if _is_uuid(public_id) else qs.none()
    return [(str(pid), f"{nom} ({commune})") for pid, nom, commune in
            qs.order_by("nom").values_list("public_id", "nom", "commune")[:300]]  # fmt: skip


def _orientation_and_beneficiaire(request, params) -> tuple[Orientation | None, Beneficiaire | None]:
    """L'orientation reçue et la personne suivie nommées dans l'adresse ou le formulaire (404 hors de portée)."""
    orientation = None
    if _is_uuid(params.get("orientation", "")):
        orientation = get_object_or_404(
            Orientation.objects.received_by(request.user), public_id=params.get("orientation")
        )
    beneficiaire = None
    if _is_uuid(params.get("beneficiaire", "")):
        beneficiaire = get_object_or_404(
            Beneficiaire.objects.visible_by(request.user), public_id=params["beneficiaire"]
        )
    return orientation, beneficiaire


def _initial(request, structures, orientation: Orientation | None) -> tuple[dict, Accompagnement | None]:
    """Valeurs de départ : aujourd'hui, la séance précédente (« refaire la même ») ou l'orientation reçue."""
    initial = {"date": timezone.localdate(), "structure": structures[0].pk}
    last = services.last_accompagnement(request.user) if request.method == "GET" else None
    if request.GET.get("repeter") and last is not None:
        initial = AccompagnementForm.initial_from(last)
    if orientation is not None:
        initial.update(
            structure=orientation.structure_destinataire_id,
            lieu=orientation.lieu_id,
            type_lieu=TypeLieu.LIEU,
            besoins=[BESOIN_VERS_TRAITE[b] for b in orientation.besoins if b in BESOIN_VERS_TRAITE],
        )
    return initial, last


def _record(request, form, *, beneficiaire: Beneficiaire | None, orientation: Orientation | None):
    """Enregistre la séance du formulaire valide ; None si le service refuse (erreurs portées sur le formulaire)."""
    data = form.cleaned_data
    if not permissions.can_record(request.user, data["structure"]):
        raise PermissionDenied
    suite = None
    if data.get("suite_lieu"):
        suite = services.OrientationSuite(
            lieu=Lieu.objects.get(public_id=data["suite_lieu"]),
            besoins=[data["suite_besoin"]],
            consentement=current_consent_text(TypeConsentement.ORIENTATION),
        )
    try:
        return services.record_accompagnement(
            by=request.user,
            structure=data["structure"],
            type=data["type"],
            date=data["date"],
            duree=data.get("duree_minutes"),
            type_lieu=data["type_lieu"],
            lieu=data.get("lieu"),
            arret=data.get("arret"),
            commune=data.get("commune"),
            besoins=data["besoins_facons"],
            raisons=data["raisons"],
            materiel=data.get("materiel") or [],
            precisions_demarche=data.get("precisions_demarche", ""),
            resultat=data.get("resultat", ""),
            participants=data.get("participants") or 0,
            repartitions=data["repartitions"],
            niveau=data.get("niveau", ""),
            titre_atelier=data.get("titre_atelier", ""),
            notes=data.get("notes", ""),
            beneficiaire=beneficiaire,
            orientation_recue=orientation,
            orientation_suite=suite,
        )
    except ValidationError as exc:
        form_errors(form, exc)
        return None


@require_http_methods(["GET", "POST"])
def nouveau(request):
    if not permissions.can_record_somewhere(request.user):
        raise PermissionDenied
    structures = _structures(request.user)
    ids = [s.pk for s in structures]
    lieux = Lieu.objects.filter(structure_id__in=ids).order_by("nom")
    params = request.POST if request.method == "POST" else request.GET
    orientation, beneficiaire = _orientation_and_beneficiaire(request, params)
    initial, last = _initial(request, structures, orientation)
    form = AccompagnementForm(
        request.POST if request.method == "POST" else None,
        structures=structures,
        lieux=lieux,
        suite_lieux=_suite_lieux(ids, request.POST.get("suite_lieu") or "")
        if request.method == "POST"
        else _suite_lieux(ids),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        accompagnement = _record(request, form, beneficiaire=beneficiaire, orientation=orientation)
        if accompagnement is not None:
            messages.success(request, "Accompagnement enregistré.")
            return redirect("accompagnements:detail", public_id=accompagnement.public_id)
    if request.method == "POST":  # formulaire à corriger : la liste complète des lieux pour le ré-afficher
        form.fields["suite_lieu"].choices = [("", "Pas d'orientation"), *_suite_lieux(ids)]
    return render(
        request,
        "accompagnements/nouveau.html",
        {
            "form": form,
            "last": last if last is not None else services.last_accompagnement(request.user),
            "orientation": orientation,
            "beneficiaire": beneficiaire,
            "texte_orientation": current_consent_text(TypeConsentement.ORIENTATION),
        },
    )


def detail(request, public_id):
    accompagnement = get_object_or_404(
        Accompagnement.objects.visible_by(request.user).select_related("structure", "lieu", "mediateur"),
        public_id=public_id,
    )
    return render(
        request,
        "accompagnements/detail.html",
        {
            "accompagnement": accompagnement,
            "besoins": accompagnement.besoins.all(),
            "reponse": ReponseQuestionnaire.objects.filter(accompagnement=accompagnement).first(),
            "peut_corriger": permissions.can_correct_accompagnement(request.user, accompagnement),
            "peut_enregistrer": permissions.can_record(request.user, accompagnement.structure),
            "jusqu_au_auteur": accompagnement.created_at + permissions.FENETRE_AUTEUR,
            "jusqu_au_gestion": accompagnement.created_at + permissions.FENETRE_GESTION,
            "journal": accompagnement.journal.select_related("actor"),
            **lien_questionnaire(request, accompagnement),
        },
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def questionnaire(request, token):
    """Page publique, anonyme : deux questions, une seule réponse par séance."""
    accompagnement = get_object_or_404(Accompagnement.objects.actives(), questionnaire_token=token)
    deja = ReponseQuestionnaire.objects.filter(accompagnement=accompagnement).exists()
    form = QuestionnaireForm(request.POST or None)
    if request.method == "POST" and not deja and form.is_valid():
        try:
            services.answer_questionnaire(accompagnement=accompagnement, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            return render(request, "accompagnements/questionnaire_merci.html")
    return render(request, "accompagnements/questionnaire.html", {"form": form, "deja": deja})


# --- Personnes suivies ---


@require_http_methods(["GET", "POST"])
def beneficiaires(request):
    """Liste des personnes suivies. La recherche par nom passe par POST : un nom dans l'adresse resterait dans
    l'historique du navigateur, les journaux du serveur et l'en-tête Referer ; `?q=` en GET est ignoré."""
    if not permissions.can_record_somewhere(request.user):
        raise PermissionDenied
    q = request.POST.get("q", "").strip()[:100] if request.method == "POST" else ""
    qs = Beneficiaire.objects.visible_by(request.user)
    if q:
        qs = qs.filter(Q(prenom__icontains=q) | Q(nom__icontains=q))
    return render(request, "accompagnements/beneficiaires.html", {"beneficiaires": qs[:100], "q": q})


@require_http_methods(["GET", "POST"])
def beneficiaire_nouveau(request):
    if not permissions.can_record_somewhere(request.user):
        raise PermissionDenied
    structures = _structures(request.user)
    texte = current_consent_text(TypeConsentement.SUIVI)
    form = BeneficiaireForm(request.POST or None, structures=structures)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            beneficiaire = services.follow_beneficiaire(
                by=request.user, structure=data["structure"], consentement=texte, prenom=data["prenom"], nom=data["nom"],
                annee_naissance=data["annee_naissance"], commune=data["commune"], telephone=data["telephone"],
            )  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            return redirect("accompagnements:beneficiaire", public_id=beneficiaire.public_id)
    return render(request, "accompagnements/beneficiaire_nouveau.html", {"form": form, "texte": texte})


def _get_beneficiaire(request, public_id) -> Beneficiaire:
    return get_object_or_404(Beneficiaire.objects.visible_by(request.user), public_id=public_id)


def _trajectoires(accompagnements) -> list[dict]:
    """La trajectoire d'autonomie besoin par besoin : chaque séance y est une étape (de « à la place, sans
    expliquer », niveau 1, à « par soi-même », niveau 4). Un chemin par besoin, pas une note de la personne."""
    niveaux = {facon: i + 1 for i, facon in enumerate(FaconDeFaire.values)}
    par_besoin: dict[str, list] = {}
    for a in sorted(accompagnements, key=lambda a: (a.date, a.created_at)):
        for b in a.besoins.all():
            par_besoin.setdefault(b.besoin, []).append(b)
    trajectoires = []
    for code, etapes in par_besoin.items():
        points = [
            {"b": b, "x": 20 + i * 50, "y": 100 - 20 * niveaux[b.facon], "niveau": niveaux[b.facon]}
            for i, b in enumerate(etapes)
        ]
        trajectoires.append(
            {"label": etapes[0].label, "points": points, "largeur": 40 + 50 * len(points), "code": code}
        )
    return sorted(trajectoires, key=lambda t: t["label"])


def beneficiaire(request, public_id):
    person = _get_beneficiaire(request, public_id)
    services.log_read(beneficiaire=person, by=request.user)
    accompagnements = list(
        person.accompagnements.actives().select_related("structure", "lieu").prefetch_related("besoins")
    )
    orientations = Orientation.objects.filter(accompagnements__beneficiaire=person).select_related("lieu").distinct()
    return render(
        request,
        "accompagnements/beneficiaire.html",
        {
            "person": person,
            "accompagnements": accompagnements,
            "orientations": orientations,
            "trajectoires": _trajectoires(accompagnements),
            "niveaux": FaconDeFaire.choices,
        },
    )


def beneficiaire_copie(request, public_id):
    """Tout ce que Maillage garde sur la personne, à imprimer (ou enregistrer en PDF depuis le navigateur)."""
    person = _get_beneficiaire(request, public_id)
    services.log_read(beneficiaire=person, by=request.user, what="copie")
    return render(
        request,
        "accompagnements/beneficiaire_copie.html",
        {
            "person": person,
            "suivis": person.suivis.select_related("structure", "consentement"),
            "accompagnements": person.accompagnements.select_related("structure").prefetch_related("besoins"),
            "journal": person.journal.select_related("actor"),
        },
    )


@require_POST
def beneficiaire_supprimer(request, public_id):
    person = _get_beneficiaire(request, public_id)
    if request.POST.get("confirme") != "oui":
        # Effacement irréversible : on demande de cocher la case qui dit que la personne l'a demandé.
        messages.error(
            request,
            "Rien n'a été effacé : cochez « La personne m'a demandé d'effacer ses données » pour confirmer.",
        )
        return redirect("accompagnements:beneficiaire", public_id=person.public_id)
    services.request_deletion(beneficiaire=person, by=request.user)
    messages.success(request, "Les données de la personne sont effacées. Ses séances restent, anonymes.")
    return redirect("accompagnements:beneficiaires")
