"""L'index de l'observatoire et les panneaux d'une commune, d'un EPCI, d'un département et d'un territoire : un
même gabarit, indice, offre, activité et observations de terrain côte à côte, comparés au département. Hors de la
coordination du territoire : 404 (on ne dit pas ce qui existe)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from maillage.comptes.enums import Role
from maillage.comptes.models import Territoire
from maillage.comptes.territoires import territoire_choisi, territoires_lus
from maillage.core.models import Commune, Departement
from maillage.core.utils import pluriel
from maillage.observatoire import permissions, selectors
from maillage.observatoire.models import Indicateur, OffreCommune


def _territoire_de(request, communes_filtre: dict) -> Territoire:
    """Le premier territoire coordonné (par nom) qui contient ces communes ; sinon 404."""
    slug = request.GET.get("territoire")
    for territoire in territoires_lus(request.user, Role.COORDINATEUR).filter(**communes_filtre).distinct():
        if (not slug or territoire.slug == slug) and permissions.can_view_observatoire(request.user, territoire):
            return territoire
    raise Http404


def index(request):
    territoire, territoires = territoire_choisi(request, roles=(Role.COORDINATEUR,),
                                                peut=permissions.can_view_observatoire)  # fmt: skip
    departements = Departement.objects.filter(communes__territoires=territoire).distinct().order_by("code")
    calcul = OffreCommune.objects.filter(commune__territoires=territoire).order_by("calcule_le").first()
    return render(request, "observatoire/index.html", {
        "territoire": territoire, "territoires": territoires,
        "epcis": selectors.epcis_du_territoire(territoire), "departements": departements,
        "indicateurs": Indicateur.objects.lisibles(territoire),
        "peut_deposer": permissions.can_deposer_indicateur(request.user, territoire),
        "peut_calculer": permissions.can_calculer_offre(request.user, territoire),
        "calcul": calcul, "a_moderer": len(selectors.observations_a_moderer(territoire)),
    })  # fmt: skip


def _panneau(request, territoire: Territoire, communes: list[Commune], *, departement: Departement, niveau: str,
             **contexte):  # fmt: skip
    codes = [c.code_insee for c in communes]
    epcis = sorted({c.epci_code for c in communes if c.epci_code})
    today = timezone.localdate()
    return render(request, "observatoire/panneau.html", {
        "territoire": territoire, "departement": departement, "niveau": niveau, "epci": niveau == "epci",
        "population": sum(c.population for c in communes),
        "indicateurs": selectors.indicateurs(territoire, codes, departement.code),
        "offre": selectors.offre(codes, today), "offre_calculee": (ici := selectors.offre_calculee(codes, today)),
        "lignes_offre": selectors.lignes_offre(ici, selectors.offre_departement(departement, today)),
        "activite": selectors.activite(codes, today),
        "observations": selectors.observations_publiees(territoire, codes, epcis),
        **contexte,
    })  # fmt: skip


def commune(request, code_insee):
    c = get_object_or_404(Commune.objects.select_related("departement"), code_insee=code_insee)
    territoire = _territoire_de(request, {"communes": c})
    return _panneau(request, territoire, [c], departement=c.departement, niveau="commune", titre=c.nom,
                    commune=c, sous_titre=f"Commune ({c.code_insee})")  # fmt: skip


def epci(request, siren):
    if not siren.isdigit():
        raise Http404
    territoire = _territoire_de(request, {"communes__epci_code": siren})
    communes = list(territoire.communes.filter(epci_code=siren).select_related("departement"))
    inds, tableau = selectors.tableau_communes(territoire, communes)
    n = len(communes)
    return _panneau(request, territoire, communes, departement=selectors.departement_majoritaire(communes),
                    niveau="epci", titre=communes[0].epci_nom or siren, colonnes=inds, tableau=tableau,
                    sous_titre=f"Intercommunalité (SIREN {siren}), {n} commune{pluriel(n)} dans {territoire.nom}")  # fmt: skip


def departement(request, code):
    dep = get_object_or_404(Departement, code=code)
    territoire = _territoire_de(request, {"communes__departement": dep})
    communes = list(territoire.communes.filter(departement=dep).select_related("departement"))
    n = len(communes)
    epcis = [e for e in selectors.epcis_du_territoire(territoire) if any(c.epci_code == e["siren"] for c in communes)]
    return _panneau(request, territoire, communes, departement=dep, niveau="departement", titre=dep.nom,
                    sous_titre=f"Département ({dep.code}), {n} commune{pluriel(n)} dans {territoire.nom}",
                    liste_epcis=epcis)  # fmt: skip


def hub(request, slug):
    territoire = get_object_or_404(territoires_lus(request.user, Role.COORDINATEUR), slug=slug)
    if not permissions.can_view_observatoire(request.user, territoire):
        raise Http404
    communes = list(territoire.communes.select_related("departement"))
    if not communes:
        raise Http404
    n = len(communes)
    return _panneau(request, territoire, communes, departement=selectors.departement_majoritaire(communes),
                    niveau="territoire", titre=territoire.nom, liste_departements=selectors.departements_du(communes),
                    sous_titre=f"Territoire de coordination, {n} commune{pluriel(n)}")  # fmt: skip
