"""Ce que les vues du diagnostic partagent : trouver la commune (ou la position) et les trois lieux."""

from dataclasses import dataclass, field
from functools import wraps

from csp.constants import NONE
from django.core.exceptions import ValidationError

from maillage.core.models import Commune
from maillage.core.utils import de
from maillage.diagnostic.selectors import CommuneHorsTerritoire, LieuProche, commune_du_territoire, lieux_proches
from maillage.diagnostic.services import compter_reperages

PICTOS = "dsfr/dist/artwork/pictograms/"


POLITIQUE_REFERENT = "strict-origin"


def sans_referent(view):
    """Les pages dont l'adresse porte le jeton des réponses (signé, lisible) : `Referrer-Policy: strict-origin`.
    L'en-tête Referer ne dit plus que l'origine du site (`https://…/`), jamais le chemin ni le jeton : ni un autre
    site ni les journaux d'un serveur (même celui de Maillage, pour la page d'un lieu) ne reçoivent l'adresse.
    Pas `no-referrer` : avec lui, le navigateur envoie `Origin: null` avec les formulaires POST de ces pages
    (« Imprimer », « Qu'un lieu me contacte », joindre à la séance) et la protection CSRF de Django les refuse."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.headers["Referrer-Policy"] = POLITIQUE_REFERENT
        return response

    return wrapper


def page_legere(view):
    """Les pages légères du diagnostic (gabarit `base_leger.html`) ne téléchargent aucune police : la feuille du
    diagnostic pose les polices du système, et la politique de sécurité du contenu de la réponse le garantit
    (`font-src 'none'`). Le cœur du DSFR déclare Marianne (`@font-face`) : Chromium l'a parfois demandée malgré
    tout (80 Ko, vu en CI, jamais reproduit ici), ce qui dépassait le budget de 100 Ko de ces pages."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response._csp_replace = {**getattr(response, "_csp_replace", {}), "font-src": [NONE]}
        return response

    return wrapper


@dataclass
class Recherche:
    commune: Commune | None = None
    autour_de_moi: bool = False
    lieux: list[LieuProche] = field(default_factory=list)
    hors_territoire: bool = False
    faite: bool = False

    @property
    def autour(self) -> str:
        """« autour de votre position », « autour d'Angers » (élision : `core.utils.de`)."""
        return "autour de votre position" if self.autour_de_moi else f"autour {de(self.commune.label)}"


def chercher_lieux(
    form, *, services: list[str], source: str, contraintes=frozenset(), tirage: str = "", compter: bool = True
) -> Recherche:
    """Résout la commune tapée (ou la position « autour de moi »), cherche trois lieux et compte le repérage
    anonyme (sauf `compter=False` : page du résultat du premier accueil, rechargée ou imprimée). Une commune
    inconnue, ambiguë ou hors du territoire : message sous le champ « ou »."""
    out = Recherche()
    data = form.cleaned_data
    lat, lon = data.get("lat"), data.get("lon")
    if lat is not None and lon is not None:
        out.autour_de_moi = True
    else:
        try:
            out.commune = commune_du_territoire(data.get("ou") or "")
        except CommuneHorsTerritoire as exc:
            out.hors_territoire = True
            form.add_error("ou", exc)
            return out
        except ValidationError as exc:
            form.add_error("ou", exc)
            return out
    out.lieux = lieux_proches(services=services, commune=out.commune, lat=lat, lon=lon, contraintes=contraintes)
    out.faite = True
    if compter:
        compter_reperages(services=services, commune=out.commune, source=source, tirage=tirage)
    return out
