"""Service civique : la page d'ensemble (coordination : missions à valider, alertes ; structure : ses missions ;
volontaire : sa mission et ses points d'étape), la page d'une mission (valider ou renvoyer, compléter, accueillir
une ou un volontaire), le point d'étape d'une ou un volontaire ; pour la coordination : créer une cohorte, sa page
(missions, volontaires, journées et regroupements), pointer une rencontre, terminer un volontariat avant son terme."""

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from maillage.aidants.models import RattachementAidant
from maillage.comptes.enums import Role
from maillage.comptes.models import Structure, Territoire
from maillage.comptes.permissions import structure_ids_for, territoire_ids_for
from maillage.core.formulaires import traiter_bouton, traiter_formulaire
from maillage.formations import permissions, selectors, services
from maillage.formations.enums import Critere, EtatMission, EtatVolontaire
from maillage.formations.forms import (
    CohorteForm,
    DecisionMissionForm,
    FinAnticipeeForm,
    MissionForm,
    PointEtapeForm,
    RencontreForm,
    VolontaireForm,
)
from maillage.formations.models import Cohorte, Mission, Rencontre, Volontaire

T = TypeVar("T")


@require_http_methods(["GET", "POST"])
def accueil(request):
    u = request.user
    coord = territoire_ids_for(u, Role.COORDINATEUR)
    geres = structure_ids_for(u, Role.GESTIONNAIRE)
    cohortes = Cohorte.objects.filter(territoire__communes__structures__in=geres).distinct()
    form = MissionForm(request.POST or None, cohortes=cohortes)

    def proposer(d) -> Mission:
        structure = Structure.objects.filter(pk__in=geres).order_by("nom").first()
        if structure is None:
            raise PermissionDenied
        return services.propose_mission(structure=structure, cohorte=d["cohorte"], by=u, intitule=d["intitule"],
                                        tuteur=d["tuteur"], description=d["description"],
                                        criteres=form.criteres())  # fmt: skip

    reponse = traiter_formulaire(
        request, form, proposer, succes="Mission proposée : la coordination la validera quand elle sera complète.",
        redirection=lambda m: reverse("formations:mission", args=[m.public_id]),
    )  # fmt: skip
    return reponse or render(request, "formations/service_civique.html", {
        "a_valider": Mission.objects.filter(cohorte__territoire_id__in=coord, etat=EtatMission.PROPOSEE),
        "alertes": selectors.alertes_de_la_coordination(u) if coord or u.is_staff else [],
        "mes_missions": Mission.objects.filter(structure_id__in=geres),
        "volontariats": Volontaire.objects.filter(profil__user=u).select_related("mission"),
        "form": form if cohortes.exists() else None,
        "peut_creer_cohorte": permissions.can_open_cohortes(u),
        "cohortes_coordonnees": Cohorte.objects.all() if u.is_staff else Cohorte.objects.filter(territoire_id__in=coord),
    })  # fmt: skip


def _a_portee(request, queryset: QuerySet[T], peut: Callable[..., bool], public_id) -> T:
    """L'objet si la personne peut le voir, sinon 404 (hors de portée, elle n'apprend pas qu'il existe)."""
    objet = get_object_or_404(queryset, public_id=public_id)
    if not peut(request.user, objet):
        raise Http404
    return objet


def _mission(request, public_id) -> Mission:
    missions = Mission.objects.select_related("cohorte__territoire", "structure")
    return _a_portee(request, missions, permissions.can_view_mission, public_id)


@require_http_methods(["GET", "POST"])
def mission(request, public_id):
    m = _mission(request, public_id)
    peut_modifier = permissions.can_propose_mission(request.user, m.structure) and m.etat != EtatMission.CLOSE
    initial = {"tuteur": m.tuteur, "description": m.description,
               **{f"critere_{c}": v for c, v in m.criteres.items()}}  # fmt: skip
    form = MissionForm(request.POST or None, initial=initial, avec_entete=False)
    reponse = peut_modifier and traiter_formulaire(
        request, form, lambda d: services.update_mission(mission=m, by=request.user, tuteur=d["tuteur"],
                                                         criteres=form.criteres(), description=d["description"]),
        succes="Mission mise à jour.", redirection=reverse("formations:mission", args=[m.public_id]),
    )  # fmt: skip
    if reponse:
        return reponse
    coordination = permissions.can_coordinate_cohorte(request.user, m.cohorte)
    volontaires = [
        {"v": v, "points": selectors.points_etape(v, tous=coordination)}
        for v in m.volontaires.select_related("profil")
    ]
    return render(request, "formations/mission.html", {
        "mission": m, "form": form if peut_modifier else None, "peut_decider": coordination,
        "peut_accueillir": m.etat == EtatMission.VALIDEE,
        "decision_form": DecisionMissionForm(), "manques": services.manques(m), "volontaires": volontaires,
        "criteres": [(c.label, m.criteres.get(c.value, "")) for c in Critere],
    })  # fmt: skip


@require_POST
def decider(request, public_id):
    m = _mission(request, public_id)
    form = DecisionMissionForm(request.POST)
    form.is_valid()
    return traiter_bouton(
        request, lambda: services.decide_mission(mission=m, by=request.user, motif=form.cleaned_data.get("motif", ""),
                                                 valider=request.POST.get("decision") == "valider"),
        succes=lambda _: f"Mission « {m.intitule} » : {m.get_etat_display().lower()}.",
        redirection=reverse("formations:mission", args=[m.public_id]),
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def volontariat(request, public_id):
    v = get_object_or_404(Volontaire.objects.select_related("mission__structure", "profil"), public_id=public_id)
    if not permissions.can_write_point_etape(request.user, v):
        raise Http404
    form = PointEtapeForm(request.POST or None)
    reponse = traiter_formulaire(
        request, form, lambda d: services.point_etape(volontaire=v, by=request.user, **d),
        succes="Point d'étape enregistré. La coordination le lira.",
        redirection=reverse("formations:volontariat", args=[v.public_id]),
    )  # fmt: skip
    return reponse or render(request, "formations/volontariat.html", {
        "volontaire": v, "form": form, "points": selectors.points_etape(v, tous=True),
    })  # fmt: skip


# — Pages de la coordination : cohortes, volontaires, journées et regroupements, fin anticipée —


@require_http_methods(["GET", "POST"])
def creer_cohorte(request):
    if not permissions.can_open_cohortes(request.user):
        raise PermissionDenied
    u = request.user
    territoires = Territoire.objects.all() if u.is_staff else Territoire.objects.filter(
        pk__in=territoire_ids_for(u, Role.COORDINATEUR)
    )  # fmt: skip
    form = CohorteForm(request.POST or None, territoires=territoires)
    reponse = traiter_formulaire(
        request, form, lambda d: services.create_cohorte(by=u, **d),
        succes=lambda c: f"Cohorte « {c.nom} » créée : les structures peuvent y proposer des missions.",
        redirection=lambda c: reverse("formations:cohorte", args=[c.public_id]),
    )  # fmt: skip
    return reponse or render(request, "formations/creer_cohorte.html", {"form": form})


def _cohorte(request, public_id) -> Cohorte:
    return _a_portee(request, Cohorte.objects.select_related("territoire"), permissions.can_coordinate_cohorte,
                     public_id)  # fmt: skip


@require_http_methods(["GET", "POST"])
def cohorte(request, public_id):
    c = _cohorte(request, public_id)
    form = RencontreForm(request.POST or None)
    reponse = traiter_formulaire(
        request, form, lambda d: services.programmer_rencontre(cohorte=c, by=request.user, **d),
        succes=lambda r: f"{r} programmé : pointez les présences ce jour-là.",
        redirection=reverse("formations:cohorte", args=[c.public_id]),
    )  # fmt: skip
    return reponse or render(request, "formations/cohorte.html", {
        "cohorte": c, "form": form,
        "missions": c.missions.select_related("structure"),
        "volontaires": Volontaire.objects.filter(mission__cohorte=c).select_related("profil", "mission__structure"),
        "rencontres": c.rencontres.annotate(presents=Count("presences", filter=Q(presences__present=True))),
    })  # fmt: skip


def _volontaires_de_la_rencontre(r: Rencontre):
    """Les volontaires de la cohorte à la date de la rencontre (sans celles et ceux partis avant)."""
    return (
        Volontaire.objects.filter(mission__cohorte=r.cohorte)
        .exclude(fin_anticipee_le__lt=r.date)
        .select_related("profil", "mission__structure")
        .order_by("profil__nom", "profil__prenom", "pk")
    )


@require_http_methods(["GET", "POST"])
def rencontre(request, pk):
    r = get_object_or_404(Rencontre.objects.select_related("cohorte__territoire"), pk=pk)
    if not permissions.can_coordinate_cohorte(request.user, r.cohorte):
        raise Http404
    volontaires = list(_volontaires_de_la_rencontre(r))
    if request.method == "POST":
        presents = set(request.POST.getlist("presents"))

        def pointer_tous() -> None:
            for v in volontaires:
                services.pointer_rencontre(rencontre=r, volontaire=v, by=request.user,
                                           present=str(v.public_id) in presents)  # fmt: skip

        n = sum(1 for v in volontaires if str(v.public_id) in presents)
        return traiter_bouton(request, pointer_tous, succes=f"Présences enregistrées : {n} sur {len(volontaires)}.",
                              redirection=reverse("formations:rencontre", args=[r.pk]))  # fmt: skip
    pointees = {p.volontaire_id: p.present for p in r.presences.all()}
    return render(request, "formations/rencontre.html", {
        "rencontre": r, "lignes": [{"v": v, "pointee": v.pk in pointees, "present": pointees.get(v.pk, False)}
                                   for v in volontaires],
    })  # fmt: skip


@require_http_methods(["GET", "POST"])
def accueillir(request, public_id):
    m = _mission(request, public_id)
    rattachements = (
        RattachementAidant.objects.filter(structure=m.structure, detached_at__isnull=True,
                                          profil__archived_at__isnull=True)
        .exclude(profil_id__in=m.volontaires.filter(etat=EtatVolontaire.EN_MISSION).values("profil_id"))
        .select_related("profil")
    )  # fmt: skip
    form = VolontaireForm(request.POST or None, rattachements=rattachements,
                          initial={"debut": m.cohorte.debut, "fin": m.cohorte.fin})  # fmt: skip
    reponse = traiter_formulaire(
        request, form, lambda d: services.accueillir_volontaire(mission=m, by=request.user, **d),
        succes=lambda v: f"{v.profil} commence sa mission « {m.intitule} ».",
        redirection=reverse("formations:mission", args=[m.public_id]),
    )  # fmt: skip
    return reponse or render(request, "formations/accueillir.html", {"mission": m, "form": form})


@require_http_methods(["GET", "POST"])
def terminer(request, public_id):
    v = get_object_or_404(Volontaire.objects.select_related("profil", "mission__cohorte__territoire",
                                                            "mission__structure"), public_id=public_id)  # fmt: skip
    if not permissions.can_coordinate_cohorte(request.user, v.mission.cohorte):
        raise Http404
    form = FinAnticipeeForm(request.POST or None, initial={"le": timezone.localdate()})
    reponse = traiter_formulaire(
        request, form,
        lambda d: services.terminer_volontariat(volontaire=v, by=request.user, anticipee=True, le=d["le"]),
        succes=lambda _: f"La mission de {v.profil} se termine le {form.cleaned_data['le']:%d/%m/%Y}.",
        redirection=reverse("formations:cohorte", args=[v.mission.cohorte.public_id]),
    )  # fmt: skip
    return reponse or render(request, "formations/terminer.html", {"volontaire": v, "form": form})
