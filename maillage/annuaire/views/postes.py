"""Les postes de médiation d'un territoire : fins de financement, doublons, couverture par EPCI ; saisie."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from maillage.annuaire import permissions, selectors, services
from maillage.annuaire.forms import PosteForm
from maillage.annuaire.models import Poste
from maillage.annuaire.perimetre import epcis_du_territoire
from maillage.comptes.enums import Role
from maillage.comptes.models import Structure, Territoire
from maillage.comptes.territoires import territoire_choisi
from maillage.core.formulaires import traiter_bouton, traiter_formulaire
from maillage.core.pagination import paginate

POSTES_PAR_PAGE = 50
DOUBLONS_PAR_PAGE = 20


def postes(request):
    territoire, territoires = territoire_choisi(request, roles=(Role.COORDINATEUR, Role.COMMANDITAIRE),
                                                peut=permissions.can_view_postes)  # fmt: skip
    today = timezone.localdate()
    masquer = not permissions.sees_exact_counts(request.user, territoire)
    return render(request, "annuaire/postes.html", {
        "territoire": territoire, "territoires": territoires, "masquer": masquer,
        "peut_saisir": permissions.can_manage_annuaire(request.user, territoire),
        # Hors de la coordination : seulement des effectifs (pas de liste de postes, de noms ni d'employeurs).
        "fins": None if masquer else paginate(request, selectors.fins_prochaines(territoire, today),
                                              per_page=POSTES_PAR_PAGE, param="fins"),
        "doublons": None if masquer else paginate(request, selectors.doublons(territoire, today),
                                                  per_page=DOUBLONS_PAR_PAGE, param="doublons"),
        "couverture": selectors.couverture_epci(territoire, today, masquer=masquer),
        "nb_fins": len(selectors.fins_prochaines(territoire, today)) if masquer else None,
        # La coordination tient la liste : tous les postes en cours, à modifier ou archiver.
        # Paginée : un hub de cinq départements en compte 2 000 (bench/bench_annuaire.py).
        "tous": None if masquer else paginate(request, selectors.postes_actifs(territoire).order_by(
            "fin_financement", "employeur__nom", "pk"), per_page=POSTES_PAR_PAGE),
    })  # fmt: skip


def poste_nouveau(request):
    territoire, _ = territoire_choisi(request, roles=(Role.COORDINATEUR,),
                                      peut=permissions.can_manage_annuaire)  # fmt: skip
    return _saisie(request, territoire, poste=None)


def poste_modifier(request, public_id):
    poste = _poste_gerable(request, public_id)
    return _saisie(request, poste.territoire, poste=poste)


def _liste(territoire: Territoire) -> str:
    return f"{reverse('annuaire:postes')}?territoire={territoire.slug}"


def _poste_gerable(request, public_id) -> Poste:
    poste = get_object_or_404(Poste.objects.select_related("territoire", "employeur"), public_id=public_id,
                              archived_at=None)  # fmt: skip
    if not permissions.can_manage_annuaire(request.user, poste.territoire):
        raise PermissionDenied
    return poste


def _saisie(request, territoire: Territoire, *, poste: Poste | None):
    """Un poste nouveau ou à modifier : le même formulaire, les mêmes règles (`services.ChampsPoste`)."""
    initial = {}
    if poste:
        initial = {
            "employeur": poste.employeur_id, "financeur": poste.financeur, "dispositif": poste.dispositif,
            "debut_financement": poste.debut_financement, "fin_financement": poste.fin_financement,
            "temps_travail": poste.temps_travail, "publics": poste.publics, "epcis": poste.epcis,
            "communes": "\n".join(c.label for c in poste.communes.all()),
            "personne_nom": poste.personne_nom, "personne_accord": poste.personne_accord,
        }  # fmt: skip
    form = PosteForm(request.POST or None, initial=initial, territoire=territoire,
                     epcis=epcis_du_territoire(territoire),
                     structures=Structure.objects.filter(commune__territoires=territoire))  # fmt: skip

    def enregistrer(d) -> Poste:
        if poste is None:
            return services.create_poste(territoire=territoire, by=request.user, **d)
        return services.update_poste(poste=poste, by=request.user, **d)

    reponse = traiter_formulaire(
        request, form, enregistrer, succes="Le poste est modifié." if poste else "Le poste est enregistré.",
        redirection=_liste(territoire),
    )  # fmt: skip
    return reponse or render(request, "annuaire/poste_form.html", {
        "form": form, "territoire": territoire, "poste": poste,
    })  # fmt: skip


@require_POST
def poste_archiver(request, public_id):
    poste = _poste_gerable(request, public_id)
    return traiter_bouton(request, lambda: services.archive_poste(poste=poste, by=request.user),
                          succes=f"Le poste chez {poste.employeur.nom} est archivé : il ne compte plus.",
                          redirection=_liste(poste.territoire))  # fmt: skip
