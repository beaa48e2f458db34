"""« Le réseau des aidants » (coordination) : tableau filtrable, chiffres par EPCI, export, rapprochements."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from maillage.aidants import permissions, selectors, services
from maillage.aidants.enums import EtatRapprochement, EtatSignature, Niveau, StatutAidant
from maillage.aidants.models import Rapprochement
from maillage.comptes import territoires
from maillage.comptes.enums import Role
from maillage.comptes.models import Territoire
from maillage.core.exports import tabular_response
from maillage.core.formulaires import traiter_bouton
from maillage.core.pagination import paginate


def territoire_choisi(request) -> tuple[Territoire, list[Territoire]]:
    """Le territoire de l'adresse (`?territoire=slug`), sinon le premier coordonné ; un autre : 404."""
    return territoires.territoire_choisi(request, roles=(Role.COORDINATEUR,), peut=permissions.can_view_reseau)


def _filtres(request) -> selectors.Filtres:
    g = request.GET
    return selectors.Filtres(
        niveau=g.get("niveau", ""), statut=g.get("statut", ""), habilitation=g.get("habilitation", ""),
        etat=g.get("etat", ""),
    )  # fmt: skip


def _lignes(profils, rattachements):
    for p in profils:
        yield {
            "profil": p, "etat": EtatSignature(p.etat_signature), "rattachements": rattachements.get(p.pk, []),
            "niveaux": p.niveaux_labels, "en_attente": [Niveau(n).label for n in p.niveaux_en_attente],
        }  # fmt: skip


def reseau(request):
    territoire, lus = territoire_choisi(request)
    filtres = _filtres(request)
    qs = selectors.reseau(territoire, filtres)
    if fmt := request.GET.get("format"):
        return _export(territoire, qs, fmt)
    page = paginate(request, qs, per_page=50)
    rattachements = selectors.rattachements_par_profil(list(page.object_list), territoire)
    # La coordination voit les chiffres exacts (can_view_reseau) ; la carte reprend ceux du tableau, rien de plus.
    epci = selectors.comptes_par_epci(territoire, masquer=not permissions.can_view_reseau(request.user, territoire))
    return render(request, "aidants/reseau.html", {
        "territoire": territoire, "territoires": lus,
        "filtres": filtres, "page_obj": page, "lignes": list(_lignes(page.object_list, rattachements)),
        "epci": epci, "carte": selectors.carte_par_epci(epci), "niveaux": Niveau.choices,
        "map_tile_url": settings.MAP_TILE_URL, "map_attribution": settings.MAP_TILE_ATTRIBUTION,
        "statuts": StatutAidant.choices, "etats": EtatSignature.choices,
        "rapprochements": Rapprochement.objects.filter(territoire=territoire, etat=EtatRapprochement.PROPOSE).count(),
        "query": request.GET.urlencode(),
    })  # fmt: skip


EXPORT_HEADER = ["Prénom", "Nom", "Mineur", "Niveaux", "Niveaux en attente de signature", "Structures", "Statuts",
                 "Aidants Connect", "Charte", "Vérification publique"]  # fmt: skip


def _export(territoire, qs, fmt):
    profils = list(qs[:20000])
    rattachements = selectors.rattachements_par_profil(profils, territoire)
    rows = [
        [
            p.prenom, p.nom, "oui" if p.est_mineur() else "non", ", ".join(p.niveaux_labels),
            ", ".join(Niveau(n).label for n in p.niveaux_en_attente),
            ", ".join(r.structure.nom for r in rattachements[p.pk]),
            ", ".join(r.get_statut_display() for r in rattachements[p.pk]),
            "oui" if p.aidants_connect else "non", EtatSignature(p.etat_signature).label,
            "oui" if p.verification_publique else "non",
        ]
        for p in profils
    ]  # fmt: skip
    return tabular_response(fmt=fmt, filename=f"aidants-{territoire.slug}", header=EXPORT_HEADER, rows=rows)


def rapprochements(request):
    territoire, _ = territoire_choisi(request)
    items = (
        Rapprochement.objects.filter(territoire=territoire, etat=EtatRapprochement.PROPOSE)
        .select_related("profil", "profil_existant")
        .order_by("created_at")
    )
    return render(request, "aidants/rapprochements.html", {"territoire": territoire, "items": items})


@require_POST
def decider(request, public_id):
    r = get_object_or_404(Rapprochement.objects.select_related("territoire"), public_id=public_id)
    if not permissions.can_decide_rapprochement(request.user, r):
        raise Http404
    return traiter_bouton(
        request,
        lambda: services.decide_rapprochement(rapprochement=r, by=request.user,
                                              confirme=request.POST.get("confirme") == "1"),
        succes="C'est noté.", redirection=f"{reverse('aidants:rapprochements')}?territoire={r.territoire.slug}",
    )  # fmt: skip
