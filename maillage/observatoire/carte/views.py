"""La carte d'un indicateur et ses données. Même règle que l'index : la coordination du territoire (et l'équipe
d'administration) ; un territoire que l'on ne coordonne pas : 404 ; ne coordonner aucun territoire : 403."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from maillage.comptes.enums import Role
from maillage.comptes.territoires import territoire_choisi
from maillage.observatoire import permissions
from maillage.observatoire.carte import selectors
from maillage.observatoire.carte.forms import CarteForm
from maillage.observatoire.models import Indicateur


def _choix(request):
    territoire, territoires = territoire_choisi(request, roles=(Role.COORDINATEUR,),
                                                peut=permissions.can_view_observatoire)  # fmt: skip
    form = CarteForm(request.GET, territoire=territoire, indicateurs=list(Indicateur.objects.lisibles(territoire)),
                     departements=selectors.departements(territoire))  # fmt: skip
    c = None
    if form.is_valid():
        c = selectors.carte(territoire, form.cleaned_data["indicateur"], form.cleaned_data["departement"])
    return territoire, territoires, form, c


def _url_donnees(territoire, c) -> str:
    if c is None:
        return ""
    q = urlencode({"territoire": territoire.slug, "indicateur": c.indicateur.pk, "departement": c.departement.code})
    return f"{reverse('observatoire:carte_donnees')}?{q}"


def carte(request):
    territoire, territoires, form, c = _choix(request)
    return render(request, "observatoire/carte/carte.html", {
        "territoire": territoire, "territoires": territoires, "form": form, "carte": c,
        "donnees_url": _url_donnees(territoire, c),
        # Adresse d'un panneau sans son code : un {% url %} par ligne coûte cher pour 900 communes.
        "url_communes": reverse("observatoire:commune", args=["0"]).removesuffix("0/"),
        "map_tile_url": settings.MAP_TILE_URL, "map_attribution": settings.MAP_TILE_ATTRIBUTION,
    })  # fmt: skip


def donnees(request):
    _territoire, _territoires, form, c = _choix(request)
    if c is None:
        erreurs = [str(e) for liste in form.errors.values() for e in liste]
        return JsonResponse({"erreurs": erreurs}, status=400, json_dumps_params={"ensure_ascii": False})
    return HttpResponse(selectors.donnees(c), content_type="application/json")
