"""Les repérages du territoire (observatoire) : par commune et besoin, sur une période ; « < 5 » hors coordination."""

from datetime import date, timedelta

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from maillage.comptes import territoires
from maillage.comptes.enums import ROLES_TERRITORIAUX
from maillage.comptes.permissions import can_coordinate_territoire
from maillage.diagnostic.permissions import can_read_reperages
from maillage.diagnostic.selectors import reperages_par_commune

PERIODE_PAR_DEFAUT = timedelta(days=90)


def _jour(valeur: str | None, defaut: date) -> tuple[date, bool]:
    try:
        return (date.fromisoformat(valeur), True) if valeur else (defaut, True)
    except ValueError:
        return defaut, False


@require_GET
def reperages(request):
    territoire, lus = territoires.territoire_choisi(request, roles=tuple(ROLES_TERRITORIAUX), peut=can_read_reperages)
    aujourd_hui = timezone.localdate()
    jusqua, ok_fin = _jour(request.GET.get("jusqua"), aujourd_hui)
    depuis, ok_debut = _jour(request.GET.get("depuis"), jusqua - PERIODE_PAR_DEFAUT)
    erreur = ""
    if not (ok_debut and ok_fin):
        erreur = "Une date n'est pas lisible : écrivez-la comme 2026-09-30. La période par défaut est montrée."
    elif depuis > jusqua:
        erreur = "La date de début suit la date de fin : les deux ont été inversées."
        depuis, jusqua = jusqua, depuis
    masquer = not can_coordinate_territoire(request.user, territoire)
    lignes = reperages_par_commune(territoire, depuis, jusqua, masquer=masquer)
    context = {"territoire": territoire, "territoires": lus, "lignes": lignes, "depuis": depuis, "jusqua": jusqua,
               "masquer": masquer, "erreur": erreur}  # fmt: skip
    return render(request, "diagnostic/reperages.html", context)
