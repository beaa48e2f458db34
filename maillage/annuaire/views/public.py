"""L'annuaire public : liste filtrée et sa carte (jumelles), page d'un acteur ; contacts partenaires (aidants)."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render

from maillage.annuaire import permissions, selectors
from maillage.annuaire.forms import FiltreAnnuaireForm
from maillage.annuaire.models import Acteur, ContactPartenaire
from maillage.comptes.models import Territoire
from maillage.comptes.permissions import structure_ids_for, territoire_ids_for
from maillage.core.pagination import paginate


@login_not_required
def annuaire(request):
    form = FiltreAnnuaireForm(request.GET or None)
    filtres = form.cleaned_data if form.is_valid() else {}
    commune = filtres.get("commune")
    acteurs = selectors.recherche_acteurs(
        q=filtres.get("q", ""), role=filtres.get("role", ""), dispositif=filtres.get("dispositif", ""),
        commune=commune.pk if commune else "",
    )  # fmt: skip
    page = paginate(request, acteurs)
    selectors.avec_perimetre(page.object_list)
    return render(request, "annuaire/annuaire.html", {
        "form": form, "page_obj": page, "commune": commune, "carte": selectors.points_carte(acteurs),
        "map_tile_url": settings.MAP_TILE_URL, "map_attribution": settings.MAP_TILE_ATTRIBUTION,
    })  # fmt: skip


@login_not_required
def acteur(request, public_id):
    fiche = get_object_or_404(Acteur.objects.select_related("structure__commune", "territoire"), public_id=public_id)
    selectors.avec_perimetre([fiche])
    lieux = []
    if request.user.is_authenticated and not fiche.archived_at:
        # Le lien vers le périmètre d'un lieu ne s'offre qu'à qui peut le déclarer (jamais une page refusée).
        lieux = [lieu for lieu in selectors.lieux_de_l_acteur(fiche)
                 if permissions.can_edit_perimetre_lieu(request.user, lieu, fiche.territoire)]  # fmt: skip
    return render(request, "annuaire/acteur.html", {
        "acteur": fiche, "peut_modifier": permissions.can_edit_acteur(request.user, fiche), "lieux": lieux,
    })  # fmt: skip


def contacts(request):
    if not permissions.can_view_contacts(request.user):
        raise PermissionDenied
    # Les territoires de ses structures (aidants) et ceux que la personne coordonne ; tous pour l'équipe.
    territoires = Territoire.objects.all()
    if not request.user.is_staff:
        ids = structure_ids_for(request.user)
        territoires = territoires.filter(communes__structures__in=ids) | territoires.filter(
            pk__in=territoire_ids_for(request.user)
        )
    liste = ContactPartenaire.objects.filter(territoire__in=territoires.distinct(), archived_at__isnull=True)
    contacts = list(liste.select_related("territoire"))
    for c in contacts:
        c.gerable = permissions.can_manage_annuaire(request.user, c.territoire)
    return render(request, "annuaire/contacts.html", {
        "contacts": contacts, "peut_ajouter": permissions.can_manage_some_contacts(request.user),
        "peut_gerer": any(c.gerable for c in contacts),
    })  # fmt: skip
