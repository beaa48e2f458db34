"""L'offre de formation côté coordination et structures qui forment : la liste des formations que la personne
tient, créer une formation, programmer une session. Les règles sont dans `permissions.py` et les services."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from maillage.comptes.enums import Role
from maillage.comptes.models import Structure, Territoire
from maillage.comptes.permissions import structure_ids_for, territoire_ids_for
from maillage.core.formulaires import traiter_formulaire
from maillage.formations import permissions, selectors, services
from maillage.formations.forms import FormationForm, SessionForm
from maillage.formations.models import Formation


def _perimetre(user) -> tuple[QuerySet[Territoire], QuerySet[Structure]]:
    """Les territoires et structures qui forment que la personne peut choisir : ceux qu'elle coordonne (et leurs
    structures), les structures qu'elle gère (et les territoires où elles se trouvent). L'équipe : tout."""
    if user.is_staff:
        return Territoire.objects.all(), Structure.objects.order_by("nom")
    coord = territoire_ids_for(user, Role.COORDINATEUR)
    geres = structure_ids_for(user, Role.GESTIONNAIRE)
    territoires = Territoire.objects.filter(Q(pk__in=coord) | Q(communes__structures__in=geres)).distinct()
    structures = (
        Structure.objects.filter(Q(pk__in=geres) | Q(commune__territoires__in=coord)).distinct().order_by("nom")
    )
    return territoires, structures


def _formations_tenues(user) -> QuerySet[Formation]:
    qs = Formation.objects.select_related("territoire", "structure_formatrice").order_by("titre", "pk")
    if user.is_staff:
        return qs
    coord = territoire_ids_for(user, Role.COORDINATEUR)
    geres = structure_ids_for(user, Role.GESTIONNAIRE)
    return qs.filter(Q(territoire_id__in=coord) | Q(structure_formatrice_id__in=geres))


def offre(request):
    if not permissions.can_open_offre(request.user):
        raise PermissionDenied
    return render(request, "formations/offre.html", {"formations": _formations_tenues(request.user)[:200]})


@require_http_methods(["GET", "POST"])
def creer_formation(request):
    if not permissions.can_open_offre(request.user):
        raise PermissionDenied
    territoires, structures = _perimetre(request.user)
    form = FormationForm(request.POST or None, territoires=territoires, structures=structures)

    def creer(data) -> Formation:
        if not permissions.can_create_formation(request.user, data["territoire"], data["structure_formatrice"]):
            raise ValidationError({"structure_formatrice": (
                f"{data['structure_formatrice']} n'est pas dans le territoire « {data['territoire']} » : "
                "choisissez le territoire où se trouve la structure qui forme."
            )})  # fmt: skip
        return services.create_formation(by=request.user, **data)

    reponse = traiter_formulaire(
        request, form, creer,
        succes=lambda f: f"Formation « {f.titre} » créée. Programmez maintenant sa première session.",
        redirection=lambda f: reverse("formations:creer_session", args=[f.public_id]),
    )  # fmt: skip
    return reponse or render(request, "formations/creer_formation.html", {"form": form})


@require_http_methods(["GET", "POST"])
def creer_session(request, public_id):
    formation = get_object_or_404(
        Formation.objects.select_related("territoire", "structure_formatrice"), public_id=public_id
    )
    if not permissions.can_manage_formation(request.user, formation):
        raise PermissionDenied
    form = SessionForm(request.POST or None, territoire=formation.territoire)
    reponse = traiter_formulaire(
        request, form, lambda data: services.create_session(
            formation=formation, by=request.user, debut=data["debut"], fin=data["fin"],
            capacite=data["capacite"], a_distance=data["a_distance"], lieu=data["lieu"], commune=data["commune"],
        ),
        succes=lambda s: f"Session du {timezone.localtime(s.debut):%d/%m/%Y} programmée : elle est ouverte aux "
                         "inscriptions.",
        redirection=lambda s: reverse("formations:session", args=[s.public_id]),
        renames={"debut": "jour", "fin": "heure_fin"},
    )  # fmt: skip
    if reponse:
        return reponse
    sessions = selectors.avec_places(list(selectors.sessions_a_venir().filter(formation=formation)[:50]))
    return render(request, "formations/creer_session.html", {"form": form, "formation": formation,
                                                              "sessions": sessions})  # fmt: skip
