"""Pages de l'observatoire : l'index des EPCI du territoire, le panneau d'une commune, d'un EPCI, et le dépôt d'un
indicateur. Hors de la coordination du territoire : 404 (on ne dit pas ce qui existe)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from maillage.comptes.enums import Role
from maillage.comptes.territoires import territoire_choisi, territoires_lus
from maillage.core.models import Commune
from maillage.core.refus import form_errors
from maillage.core.utils import pluriel
from maillage.observatoire import permissions, selectors, services
from maillage.observatoire.forms import DepotForm
from maillage.observatoire.models import Indicateur


def _territoire_de(request, communes_filtre: dict):
    """Le premier territoire coordonné (par nom) qui contient ces communes ; sinon 404."""
    slug = request.GET.get("territoire")
    for territoire in territoires_lus(request.user, Role.COORDINATEUR).filter(**communes_filtre).distinct():
        if (not slug or territoire.slug == slug) and permissions.can_view_observatoire(request.user, territoire):
            return territoire
    raise Http404


def index(request):
    territoire, territoires = territoire_choisi(request, roles=(Role.COORDINATEUR,),
                                                peut=permissions.can_view_observatoire)  # fmt: skip
    return render(request, "observatoire/index.html", {
        "territoire": territoire, "territoires": territoires,
        "epcis": selectors.epcis_du_territoire(territoire),
        "indicateurs": Indicateur.objects.lisibles(territoire),
        "peut_deposer": permissions.can_deposer_indicateur(request.user, territoire),
    })  # fmt: skip


def commune(request, code_insee):
    c = get_object_or_404(Commune.objects.select_related("departement"), code_insee=code_insee)
    territoire = _territoire_de(request, {"communes": c})
    today = timezone.localdate()
    return render(request, "observatoire/panneau.html", {
        "territoire": territoire, "titre": c.nom, "commune": c, "sous_titre": f"Commune ({c.code_insee})",
        "population": c.population, "departement": c.departement,
        "indicateurs": selectors.indicateurs(territoire, [c.code_insee], c.departement_id),
        "offre": selectors.offre([c.code_insee], today),
        "activite": selectors.activite([c.code_insee], today),
    })  # fmt: skip


def epci(request, siren):
    if not siren.isdigit():
        raise Http404
    territoire = _territoire_de(request, {"communes__epci_code": siren})
    communes = list(territoire.communes.filter(epci_code=siren).select_related("departement"))
    codes = [c.code_insee for c in communes]
    departement = max({c.departement for c in communes}, key=lambda d: sum(c.departement == d for c in communes))
    today = timezone.localdate()
    inds, tableau = selectors.tableau_communes(territoire, communes)
    return render(request, "observatoire/panneau.html", {
        "territoire": territoire, "titre": communes[0].epci_nom or siren,
        "sous_titre": f"Intercommunalité (SIREN {siren}), {len(communes)} commune{pluriel(len(communes))}"
                      f" dans {territoire.nom}",
        "population": sum(c.population for c in communes), "departement": departement, "epci": True,
        "indicateurs": selectors.indicateurs(territoire, codes, departement.code),
        "offre": selectors.offre(codes, today), "activite": selectors.activite(codes, today),
        "colonnes": inds, "tableau": tableau,
    })  # fmt: skip


def deposer(request):
    territoire, territoires = territoire_choisi(request, roles=(Role.COORDINATEUR,),
                                                peut=permissions.can_deposer_indicateur)  # fmt: skip
    form = DepotForm(request.POST or None, request.FILES or None)
    erreurs, total = None, 0
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            depot = services.deposer_indicateur(
                territoire=territoire, by=request.user, libelle=d["libelle"], unite=d["unite"], methode=d["methode"],
                plus_haut_plus_fragile=d["sens"] == "haut", contenu=d["fichier"].read(),
            )  # fmt: skip
        except services.DepotRefuse as e:
            erreurs, total = e.erreurs, e.total
        except ValidationError as e:
            form_errors(form, e)
        else:
            v = depot.valeurs
            messages.success(request, f"Indicateur « {depot.indicateur.libelle} » chargé : {v.creees} "
                                      f"valeur{pluriel(v.creees)} ajoutée{pluriel(v.creees)}, {v.modifiees} "
                                      f"modifiée{pluriel(v.modifiees)}, {v.inchangees} inchangée{pluriel(v.inchangees)}.")  # fmt: skip
            return redirect(f"{reverse('observatoire:index')}?territoire={territoire.slug}")
    return render(request, "observatoire/deposer.html", {
        "form": form, "territoire": territoire, "territoires": territoires, "erreurs": erreurs, "total": total,
    })  # fmt: skip
