"""Service civique : la page d'ensemble (coordination : missions à valider, alertes ; structure : ses missions ;
volontaire : sa mission et ses points d'étape), la page d'une mission (valider ou renvoyer, compléter), le point
d'étape d'une ou un volontaire."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from maillage.comptes.enums import Role
from maillage.comptes.models import Structure
from maillage.comptes.permissions import structure_ids_for, territoire_ids_for
from maillage.core.refus import flash_error, form_errors
from maillage.formations import permissions, selectors, services
from maillage.formations.enums import Critere, EtatMission
from maillage.formations.forms import DecisionMissionForm, MissionForm, PointEtapeForm
from maillage.formations.models import Cohorte, Mission, Volontaire


@require_http_methods(["GET", "POST"])
def accueil(request):
    u = request.user
    coord = territoire_ids_for(u, Role.COORDINATEUR)
    geres = structure_ids_for(u, Role.GESTIONNAIRE)
    cohortes = Cohorte.objects.filter(territoire__communes__structures__in=geres).distinct()
    form = MissionForm(request.POST or None, cohortes=cohortes)
    if request.method == "POST" and form.is_valid():
        structure = Structure.objects.filter(pk__in=geres).order_by("nom").first()
        try:
            if structure is None:
                raise PermissionDenied
            m = services.propose_mission(structure=structure, cohorte=form.cleaned_data["cohorte"], by=u,
                                         intitule=form.cleaned_data["intitule"], tuteur=form.cleaned_data["tuteur"],
                                         description=form.cleaned_data["description"], criteres=form.criteres())  # fmt: skip
        except ValidationError as e:
            form_errors(form, e)
        else:
            messages.success(request, "Mission proposée : la coordination la validera quand elle sera complète.")
            return redirect("formations:mission", public_id=m.public_id)
    return render(request, "formations/service_civique.html", {
        "a_valider": Mission.objects.filter(cohorte__territoire_id__in=coord, etat=EtatMission.PROPOSEE),
        "alertes": selectors.alertes_de_la_coordination(u) if coord or u.is_staff else [],
        "mes_missions": Mission.objects.filter(structure_id__in=geres),
        "volontariats": Volontaire.objects.filter(profil__user=u).select_related("mission"),
        "form": form if cohortes.exists() else None,
    })  # fmt: skip


def _mission(request, public_id) -> Mission:
    m = get_object_or_404(Mission.objects.select_related("cohorte__territoire", "structure"), public_id=public_id)
    if not permissions.can_view_mission(request.user, m):
        raise Http404
    return m


@require_http_methods(["GET", "POST"])
def mission(request, public_id):
    m = _mission(request, public_id)
    peut_modifier = permissions.can_propose_mission(request.user, m.structure) and m.etat != EtatMission.CLOSE
    initial = {"tuteur": m.tuteur, "description": m.description,
               **{f"critere_{c}": v for c, v in m.criteres.items()}}  # fmt: skip
    form = MissionForm(request.POST or None, initial=initial, avec_entete=False)
    if request.method == "POST" and peut_modifier and form.is_valid():
        try:
            services.update_mission(mission=m, by=request.user, tuteur=form.cleaned_data["tuteur"],
                                    criteres=form.criteres(), description=form.cleaned_data["description"])  # fmt: skip
        except ValidationError as e:
            form_errors(form, e)
        else:
            messages.success(request, "Mission mise à jour.")
            return redirect("formations:mission", public_id=m.public_id)
    coordination = permissions.can_coordinate_cohorte(request.user, m.cohorte)
    volontaires = [
        {"v": v, "points": selectors.points_etape(v, tous=coordination)}
        for v in m.volontaires.select_related("profil")
    ]
    return render(request, "formations/mission.html", {
        "mission": m, "form": form if peut_modifier else None, "peut_decider": coordination,
        "decision_form": DecisionMissionForm(), "manques": services.manques(m), "volontaires": volontaires,
        "criteres": [(c.label, m.criteres.get(c.value, "")) for c in Critere],
    })  # fmt: skip


@require_POST
def decider(request, public_id):
    m = _mission(request, public_id)
    form = DecisionMissionForm(request.POST)
    form.is_valid()
    try:
        services.decide_mission(mission=m, by=request.user, valider=request.POST.get("decision") == "valider",
                                motif=form.cleaned_data.get("motif", ""))  # fmt: skip
    except ValidationError as e:
        flash_error(request, e)
    else:
        messages.success(request, f"Mission « {m.intitule} » : {m.get_etat_display().lower()}.")
    return redirect("formations:mission", public_id=m.public_id)


@require_http_methods(["GET", "POST"])
def volontariat(request, public_id):
    v = get_object_or_404(Volontaire.objects.select_related("mission__structure", "profil"), public_id=public_id)
    if not permissions.can_write_point_etape(request.user, v):
        raise Http404
    form = PointEtapeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.point_etape(volontaire=v, by=request.user, **form.cleaned_data)
        except ValidationError as e:
            form_errors(form, e)
        else:
            messages.success(request, "Point d'étape enregistré. La coordination le lira.")
            return redirect("formations:volontariat", public_id=v.public_id)
    return render(request, "formations/volontariat.html", {
        "volontaire": v, "form": form, "points": selectors.points_etape(v, tous=True),
    })  # fmt: skip
