"""La feuille de route d'un territoire : dernière version publiée (ou brouillon pour la coordination), imprimable,
avec ses indicateurs vivants ; publication et état des actions (brouillon seulement)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from maillage.annuaire import permissions, selectors, services
from maillage.annuaire.enums import TRANSITIONS_ACTION, StatutAction
from maillage.annuaire.models import Action, FeuilleDeRoute
from maillage.comptes.enums import Role
from maillage.comptes.models import Territoire
from maillage.comptes.territoires import territoire_choisi
from maillage.core.refus import flash_error


def feuille_accueil(request):
    """Le menu mène ici : la feuille de route du premier territoire que la personne coordonne ou finance."""
    territoire, _ = territoire_choisi(request, roles=(Role.COORDINATEUR, Role.COMMANDITAIRE),
                                      peut=permissions.can_view_postes)  # fmt: skip
    return redirect("annuaire:feuille", slug=territoire.slug)


def feuille(request, slug):
    territoire = get_object_or_404(Territoire, slug=slug)
    coordination = permissions.can_manage_annuaire(request.user, territoire)
    version = request.GET.get("version")
    qs = territoire.feuilles_de_route.all()
    fdr = qs.filter(version=version).first() if version and version.isdigit() else None
    fdr = fdr or selectors.feuille_affichee(territoire, brouillon=coordination)
    if fdr is None or not permissions.can_view_feuille(request.user, fdr):
        # Pas encore de feuille de route : la coordination et les financeurs du territoire le lisent (200, jamais un
        # menu qui mène à une erreur) ; les autres ne savent pas s'il en existe une en préparation (404).
        statut = 200 if fdr is None and permissions.can_view_postes(request.user, territoire) else 404
        return render(request, "annuaire/feuille.html", {"territoire": territoire, "feuille": None}, status=statut)
    axes = selectors.feuille_complete(fdr, timezone.localdate())
    for axe in axes:
        for action in axe.actions.all():
            action.suivants = (
                []
                if fdr.figee
                else [(s.value, s.label) for s in StatutAction if s in TRANSITIONS_ACTION[action.statut]]
            )
    return render(request, "annuaire/feuille.html", {
        "territoire": territoire, "feuille": fdr, "axes": axes, "coordination": coordination,
        "versions": qs.order_by("-version") if coordination else qs.filter(statut="PUBLIEE").order_by("-version"),
    })  # fmt: skip


@require_POST
def feuille_action(request, slug, version):
    fdr = get_object_or_404(FeuilleDeRoute.objects.select_related("territoire"), territoire__slug=slug,
                            version=version)  # fmt: skip
    if not permissions.can_manage_annuaire(request.user, fdr.territoire):
        raise PermissionDenied
    try:
        if request.POST.get("action_id"):
            action = get_object_or_404(Action, pk=request.POST["action_id"], axe__feuille=fdr)
            services.change_action_statut(action=action, statut=request.POST.get("statut", ""), by=request.user)
            messages.success(request, "L'état de l'action est enregistré.")
        elif request.POST.get("quoi") == "publier":
            services.publish_feuille(feuille=fdr, by=request.user)
            messages.success(request, f"La version {fdr.version} est publiée : elle ne changera plus.")
        else:
            nouvelle = services.create_feuille(territoire=fdr.territoire, titre=fdr.titre, by=request.user)
            messages.success(request, f"La version {nouvelle.version} est prête en brouillon.")
    except ValidationError as e:
        flash_error(request, e)
    return redirect("annuaire:feuille", slug=slug)
