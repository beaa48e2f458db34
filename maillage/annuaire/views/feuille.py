"""La feuille de route d'un territoire : dernière version publiée (ou brouillon pour la coordination), imprimable,
avec ses indicateurs vivants ; publication et état des actions (brouillon seulement)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from maillage.annuaire import permissions, selectors, services
from maillage.annuaire.enums import TRANSITIONS_ACTION, StatutAction
from maillage.annuaire.forms import ActionForm, AxeForm, IndicateurForm
from maillage.annuaire.indicateurs import REGISTRE
from maillage.annuaire.models import Action, FeuilleDeRoute
from maillage.comptes.enums import Role
from maillage.comptes.models import Structure, Territoire
from maillage.comptes.territoires import territoire_choisi
from maillage.core.refus import flash_error, form_errors


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


def _ecrire(quoi: str, form, fdr: FeuilleDeRoute, user) -> str:
    """Appelle le service du formulaire envoyé ; renvoie le message de réussite."""
    d = form.cleaned_data
    if quoi == "axe":
        services.add_axe(feuille=fdr, titre=d["titre"], by=user)
        return f"L'axe « {d['titre']} » est ajouté."
    if quoi == "action":
        services.add_action(axe=d["axe"], titre=d["titre"], pilote=d["pilote"], partenaires=list(d["partenaires"]),
                            statut=d["statut"], debut=d["debut"], fin=d["fin"], by=user)  # fmt: skip
        return f"L'action « {d['titre']} » est ajoutée."
    libelle = d["libelle"].strip() or REGISTRE[d["chiffre"]].libelle
    services.add_indicateur(action=d["action"], libelle=libelle, chiffre=d["chiffre"], cible=d["cible"], by=user)
    return f"L'indicateur « {libelle} » est ajouté à « {d['action'].titre} »."


def feuille_modifier(request, slug, version):
    """Le brouillon de la feuille de route se complète ici : axes, actions (pilote, partenaires, état, dates),
    indicateurs choisis dans le registre. Une version publiée s'affiche en lecture seule (le service refuse)."""
    fdr = get_object_or_404(FeuilleDeRoute.objects.select_related("territoire"), territoire__slug=slug,
                            version=version)  # fmt: skip
    if not permissions.can_manage_annuaire(request.user, fdr.territoire):
        raise PermissionDenied
    axes = fdr.axes.all()
    actions = Action.objects.filter(axe__feuille=fdr).select_related("axe").order_by("axe__ordre", "axe", "pk")
    structures = Structure.objects.filter(
        fiches_annuaire__territoire=fdr.territoire, fiches_annuaire__archived_at__isnull=True
    ).order_by("nom")
    quoi = request.POST.get("quoi") if request.method == "POST" else None
    forms = {
        "axe": AxeForm(request.POST if quoi == "axe" else None),
        "action": ActionForm(request.POST if quoi == "action" else None, axes=axes, structures=structures),
        "indicateur": IndicateurForm(request.POST if quoi == "indicateur" else None, actions=actions),
    }
    form = forms.get(quoi)
    if form is not None and form.is_valid():
        try:
            messages.success(request, _ecrire(quoi, form, fdr, request.user))
        except ValidationError as e:
            if fdr.figee:
                flash_error(request, e)
                return redirect("annuaire:feuille_modifier", slug=slug, version=version)
            form_errors(form, e)
        else:
            return redirect("annuaire:feuille_modifier", slug=slug, version=version)
    statut = 400 if quoi and form is None else 200
    return render(request, "annuaire/feuille_modifier.html", {
        "territoire": fdr.territoire, "feuille": fdr, "forms": forms, "quoi": quoi,
        "axes": axes.prefetch_related("actions__indicateurs", "actions__pilote"),
    }, status=statut)  # fmt: skip
