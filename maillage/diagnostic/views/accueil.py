"""Le kit de premier accueil : un formulaire d'un écran pour l'agent ou l'agente d'accueil, trois lieux, une fiche.

Une utilisation compte une fois : le formulaire est envoyé en POST, qui compte le repérage puis redirige vers
l'adresse du résultat (GET, jeton signé des critères). Recharger cette page, revenir en arrière puis en avant ou
l'imprimer ne compte plus rien ; une nouvelle recherche (nouvel envoi du formulaire) compte de nouveau.
"""

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from maillage.diagnostic.enums import Source
from maillage.diagnostic.forms import PremierAccueilForm
from maillage.diagnostic.permissions import can_use_premier_accueil
from maillage.diagnostic.selectors import CARTE_NATIONALE
from maillage.diagnostic.views.commun import chercher_lieux, page_legere
from maillage.orientations.enums import BESOIN_SERVICE, Besoin
from maillage.orientations.permissions import can_start_orientation

SALT = "maillage.diagnostic.premier_accueil"
LIEN_ABIME = "Ce lien de résultat ne peut pas être relu (abîmé ou modifié) : refaites la recherche."


def _jeton(donnees: dict) -> str:
    """Les critères (besoin, commune tapée, contraintes) signés, pas chiffrés : rien sur la personne."""
    criteres = {"b": donnees["besoin"], "o": donnees["ou"], "c": list(donnees["contraintes"])}
    return signing.dumps(criteres, salt=SALT, compress=True)


def _criteres(jeton: str) -> dict | None:
    try:
        data = signing.loads(jeton, salt=SALT)
        return {"besoin": str(data["b"]), "ou": str(data["o"]), "contraintes": [str(c) for c in data["c"]]}
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


@require_http_methods(["GET", "POST"])
@page_legere
def premier_accueil(request):
    if not can_use_premier_accueil(request.user):
        raise PermissionDenied
    lien_abime = False
    if request.method == "POST":
        form = PremierAccueilForm(request.POST)
    elif "r" in request.GET:
        criteres = _criteres(request.GET["r"])
        lien_abime = criteres is None
        form = PremierAccueilForm(criteres)  # None si le lien est abîmé : formulaire vide
    else:
        form = PremierAccueilForm()
    recherche = None
    if form.is_bound and form.is_valid():
        besoin = form.cleaned_data["besoin"]
        recherche = chercher_lieux(
            form,
            services=[BESOIN_SERVICE[besoin]],
            source=Source.PREMIER_ACCUEIL,
            contraintes=set(form.cleaned_data["contraintes"]),
            compter=request.method == "POST",  # seul l'envoi du formulaire compte, jamais la page du résultat
        )
        if request.method == "POST" and recherche.faite:
            url = f"{reverse('diagnostic:premier_accueil')}?{urlencode({'r': _jeton(form.cleaned_data)})}#fiche"
            return redirect(url)
    context = {
        "form": form,
        "recherche": recherche,
        "lien_abime": LIEN_ABIME if lien_abime else "",
        "besoin": form.cleaned_data.get("besoin") if recherche else "",
        "besoin_libelle": Besoin(form.cleaned_data["besoin"]).label if recherche else "",
        "peut_orienter": can_start_orientation(request.user),
        "carte_nationale": CARTE_NATIONALE,
    }
    return render(request, "diagnostic/premier_accueil.html", context)
