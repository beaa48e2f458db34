from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from maillage.comptes.models import Structure
from maillage.comptes.permissions import can_record_accompagnement, structure_ids_for
from maillage.core.consentement import current_consent_text
from maillage.core.enums import TypeConsentement
from maillage.core.pagination import paginate
from maillage.core.refus import form_errors
from maillage.lieux import horaires
from maillage.lieux.models import Lieu
from maillage.orientations import permissions, services
from maillage.orientations.enums import StatutOrientation, a_apporter
from maillage.orientations.forms import AcceptForm, CloseForm, DeclineForm, OrientationForm, RedirectForm
from maillage.orientations.models import ROLES_ORIENTATION, Orientation, OrientationSimple
from maillage.orientations.selectors import suggest_lieux


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _lieu_label(s) -> str:
    parts = [s.lieu.nom, f"{s.lieu.adresse}, {s.lieu.code_postal} {s.lieu.commune}"]
    if s.intervient_dans_la_commune:
        parts.append("Intervient dans la commune de la personne")
    if s.a_distance:
        parts.append("aide à distance (téléphone, visio)")
    elif s.distance_km is not None:
        parts.append(f"à {str(s.distance_km).replace('.', ',')} km")
    if s.simple:
        parts.append("hors Maillage : orientation simple, fiche à imprimer, sans suivi")
    if s.ouvert_maintenant:
        parts.append("ouvert en ce moment")
    elif s.prochaine_ouverture:
        d = timezone.localtime(s.prochaine_ouverture)
        parts.append(f"prochaine ouverture le {d:%d/%m} à {d.hour} h {d:%M}".removesuffix(" 00"))
    return " — ".join(parts)


def _suggestions(besoins, commune, structure_commune, exclude_pk=None, aidants_connect=False, simples=False):
    centre = commune or structure_commune
    lat = centre.latitude if centre else None
    lon = centre.longitude if centre else None
    # Le périmètre ne se lit qu'avec la commune de la personne (pas celle de la structure, simple centre par défaut).
    items = suggest_lieux(
        besoins=besoins, lat=lat, lon=lon, aidants_connect=aidants_connect, rattaches_seulement=not simples,
        commune=commune.code_insee if commune else None,
    )  # fmt: skip
    return [s for s in items if s.lieu.pk != exclude_pk]


def _form_data(request) -> QueryDict | None:
    """Le formulaire envoyé ; ou, en GET, ce qu'un lien peut pré-remplir."""
    if request.method == "POST":
        return request.POST
    if "besoins" not in request.GET:
        return None
    # Un lien peut pré-remplir les besoins, le lieu, la structure et le filtre Aidants Connect ; jamais ce qui
    # parle de la personne (prénom, commune, contact, messages) : dans une adresse, cela resterait dans les
    # historiques et journaux.
    data = QueryDict(mutable=True)
    for key in ("besoins", "lieu", "structure", "aidants_connect"):
        data.setlist(key, request.GET.getlist(key))
    return data


def _probe_commune(probe: OrientationForm, data: QueryDict | None):
    """La commune saisie, si elle se lit déjà (pour centrer les propositions de lieux)."""
    if not data:
        return None
    try:
        return probe.fields["personne_commune"].clean(data.get("personne_commune", ""))
    except ValidationError:
        return None


def _probe_aidants_connect(probe: OrientationForm, data: QueryDict | None) -> bool:
    """La case « Seulement les lieux avec des aidants habilités Aidants Connect » (lue comme le ferait le
    formulaire : « on », « true », « 1 »… cochée ; « false », « 0 » ou absente, non)."""
    return bool(data) and probe.fields["aidants_connect"].clean(data.get("aidants_connect"))


def _lieu_choices(suggestions: list, lieu_param: str) -> list[tuple[str, str]]:
    """Les lieux proposés, précédés du lieu choisi d'avance s'il n'en fait pas partie."""
    choices = [(str(s.lieu.public_id), _lieu_label(s)) for s in suggestions]
    preselected = Lieu.objects.filter(public_id=lieu_param).first() if lieu_param and _is_uuid(lieu_param) else None
    if preselected and str(preselected.public_id) not in dict(choices):
        choices.insert(
            0, (str(preselected.public_id), f"{preselected.nom} — {preselected.adresse}, {preselected.commune}")
        )
    return choices


def _send(request, form: OrientationForm, texte) -> Orientation | OrientationSimple | None:
    """Envoie l'orientation du formulaire valide (simple si le lieu n'est pas sur Maillage) ; None si elle est
    refusée (erreur portée sur le formulaire)."""
    lieu = Lieu.objects.get(public_id=form.cleaned_data["lieu"])
    structure = form.cleaned_data["structure"]
    if not permissions.can_create_orientation(request.user, structure):
        raise PermissionDenied
    if lieu.structure_id is None:
        try:
            return services.create_orientation_simple(
                by=request.user, structure=structure, lieu=lieu, besoins=form.cleaned_data["besoins"],
                echeance=form.cleaned_data["echeance"],
            )  # fmt: skip
        except ValidationError as exc:
            form_errors(form, exc)
            return None
    if not form.cleaned_data["consentement"]:
        form.add_error("consentement", "L'accord de la personne est nécessaire pour l'orienter par Maillage.")
        return None
    try:
        return services.create_orientation(
            by=request.user,
            structure=structure,
            lieu=lieu,
            besoins=form.cleaned_data["besoins"],
            consentement=texte,
            personne_prenom=form.cleaned_data["personne_prenom"],
            personne_commune=form.cleaned_data["personne_commune"],
            personne_contact=form.cleaned_data["personne_contact"],
            contact_consenti=form.cleaned_data["contact_consenti"],
            echeance=form.cleaned_data["echeance"],
            echeance_motif=form.cleaned_data["echeance_motif"],
            message=form.cleaned_data["message"],
        )
    except ValidationError as exc:
        form.add_error(None, _error_text(exc))
        return None


@require_http_methods(["GET", "POST"])
def nouvelle(request):
    if not permissions.can_start_orientation(request.user):
        raise PermissionDenied
    structures = Structure.objects.filter(pk__in=structure_ids_for(request.user, *ROLES_ORIENTATION)).order_by("nom")
    texte = current_consent_text(TypeConsentement.ORIENTATION)
    data = _form_data(request)
    lieu_param = (data or request.GET).get("lieu") or ""

    # Premier passage : on lit besoins et commune pour proposer des lieux, sans exiger le reste.
    probe = OrientationForm(data, structures=structures)
    besoins = data.getlist("besoins") if data else []
    commune = _probe_commune(probe, data)
    aidants_connect = _probe_aidants_connect(probe, data)
    suggestions = (
        _suggestions(besoins, commune, structures[0].commune, aidants_connect=aidants_connect, simples=True)
        if besoins
        else []
    )
    choices = _lieu_choices(suggestions, lieu_param)
    form = OrientationForm(data, structures=structures, lieux_choices=choices, initial={"lieu": lieu_param})

    if request.method == "POST" and request.POST.get("action") == "envoyer" and form.is_valid():
        orientation = _send(request, form, texte)
        if orientation is not None:
            return _envoyee(request, orientation)
    elif request.method == "POST" and request.POST.get("action") != "envoyer":
        form.errors.clear()  # on a seulement cherché des lieux : pas d'erreurs affichées sur le reste
    return render(request, "orientations/nouvelle.html", {
        "form": form, "texte": texte, "suggestions": suggestions, "searched": bool(besoins),
        "aidants_connect": aidants_connect,
    })  # fmt: skip


def _envoyee(request, orientation):
    """Message et page suivante : la fiche à imprimer (orientation simple) ou le suivi de l'orientation."""
    nom = orientation.lieu.nom
    if isinstance(orientation, OrientationSimple):
        messages.success(request, f"Orientation simple vers {nom} : imprimez la fiche pour la personne.")
        return redirect("orientations:fiche_simple", public_id=orientation.public_id)
    messages.success(request, f"Orientation envoyée à {nom}. Imprimez la fiche pour la personne.")
    return redirect("orientations:detail", public_id=orientation.public_id)


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def boite(request):
    """Orientations reçues par les structures de la personne, celles à traiter en premier."""
    if not permissions.can_view_received_orientations(request.user):
        raise PermissionDenied
    statut = request.GET.get("statut", "")
    qs = Orientation.objects.received_by(request.user).select_related("lieu", "structure_prescriptrice")
    if statut in StatutOrientation.values:
        qs = qs.filter(statut=statut)
    qs = qs.annotate(
        ordre=Case(
            When(statut=StatutOrientation.ENVOYEE, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    ).order_by("ordre", "-created_at")
    return render(
        request,
        "orientations/boite.html",
        {"page_obj": paginate(request, qs, per_page=50), "statut": statut, "statuts": StatutOrientation.choices},
    )


def mes_orientations(request):
    if not permissions.can_list_sent_orientations(request.user):
        raise PermissionDenied
    qs = Orientation.objects.sent_by(request.user).select_related("lieu", "structure_destinataire")
    simples = OrientationSimple.objects.visible_by(request.user).select_related("lieu")
    context = {
        "page_obj": paginate(request, qs, per_page=50),
        "simples": simples[:10],
        "simples_total": simples.count(),
    }
    return render(request, "orientations/mes_orientations.html", context)


def _get_visible(request, public_id) -> Orientation:
    return get_object_or_404(
        Orientation.objects.visible_by(request.user).select_related(
            "lieu",
            "structure_prescriptrice",
            "structure_destinataire",
            "prescripteur",
            "consentement",
            "personne_commune",
        ),
        public_id=public_id,
    )


def detail(request, public_id):
    orientation = _get_visible(request, public_id)
    can_answer = permissions.can_answer_orientation(request.user, orientation)
    redirect_form = None
    if can_answer:
        suggestions = _suggestions(
            orientation.besoins, orientation.personne_commune, orientation.structure_destinataire.commune,
            exclude_pk=orientation.lieu_id,
        )  # fmt: skip
        redirect_form = RedirectForm(lieux_choices=[(str(s.lieu.public_id), _lieu_label(s)) for s in suggestions])
    return render(
        request,
        "orientations/detail.html",
        {
            "orientation": orientation,
            "chaine": orientation.chaine(),
            "journal": orientation.journal.select_related("actor"),
            "can_answer": can_answer,
            "can_close": permissions.can_close_orientation(request.user, orientation),
            "can_record": can_record_accompagnement(request.user, orientation.structure_destinataire),
            "accept_form": AcceptForm(),
            "decline_form": DeclineForm(),
            "redirect_form": redirect_form,
            "close_form": CloseForm(),
            "accompagnements": orientation.accompagnements.all() if not orientation.anonymized_at else [],
        },
    )


def _answer(request, public_id, action):
    orientation = _get_visible(request, public_id)
    if not permissions.is_receiver(request.user, orientation):
        raise PermissionDenied
    try:
        if action == "accept":
            form = AcceptForm(request.POST)
            if not form.is_valid():
                raise ValidationError(" ".join(e for errs in form.errors.values() for e in errs))
            services.accept_orientation(
                orientation=orientation, by=request.user, rendez_vous_at=form.cleaned_data["rendez_vous_at"]
            )
            messages.success(request, "Orientation acceptée. La personne qui a orienté est prévenue.")
        elif action == "decline":
            form = DeclineForm(request.POST)
            if not form.is_valid():
                raise ValidationError("Choisissez la raison du refus.")
            services.decline_orientation(
                orientation=orientation, by=request.user, motif=form.cleaned_data["motif"],
                precision=form.cleaned_data["precision"],
            )  # fmt: skip
            messages.success(request, "Orientation refusée. La personne qui a orienté est prévenue.")
        else:
            lieu = (
                Lieu.objects.filter(public_id=request.POST.get("lieu")).first()
                if _is_uuid(request.POST.get("lieu", ""))
                else None
            )
            if lieu is None:
                raise ValidationError("Choisissez le lieu vers lequel rediriger la personne.")
            nouvelle = services.redirect_orientation(
                orientation=orientation, by=request.user, lieu=lieu, message=request.POST.get("message", "")
            )
            messages.success(request, f"La personne est redirigée vers {nouvelle.lieu.nom}.")
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect("orientations:detail", public_id=orientation.public_id)


@require_POST
def accepter(request, public_id):
    return _answer(request, public_id, "accept")


@require_POST
def refuser(request, public_id):
    return _answer(request, public_id, "decline")


@require_POST
def rediriger(request, public_id):
    return _answer(request, public_id, "redirect")


@require_POST
def clore(request, public_id):
    orientation = _get_visible(request, public_id)
    if not permissions.can_view_orientation(request.user, orientation):
        raise PermissionDenied
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    else:
        try:
            services.close_orientation(
                orientation=orientation,
                by=request.user,
                personne_venue=form.cleaned_data["personne_venue"],
                besoin_resultat=form.cleaned_data["besoin_resultat"],
            )
            messages.success(request, "Orientation close.")
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
    return redirect("orientations:detail", public_id=orientation.public_id)


def _fiche(request, orientation: Orientation | OrientationSimple, *, suivie: bool):
    """Fiche imprimable remise à la personne (une page A4) : lieu, adresse, horaires en mots, quoi apporter."""
    today = timezone.localdate()
    context = {
        "orientation": orientation,
        "suivie": suivie,
        "semaine": horaires.describe_week(orientation.lieu.horaires, today) if orientation.lieu.horaires else [],
        "a_apporter": a_apporter(orientation.besoins),
    }
    return render(request, "orientations/fiche.html", context)


def fiche(request, public_id):
    return _fiche(request, _get_visible(request, public_id), suivie=True)


def fiche_simple(request, public_id):
    """Fiche d'une orientation simple (lieu hors Maillage) : seule la structure qui a orienté la revoit."""
    simple = get_object_or_404(
        OrientationSimple.objects.visible_by(request.user).select_related("lieu", "structure_prescriptrice"),
        public_id=public_id,
    )
    return _fiche(request, simple, suivie=False)
