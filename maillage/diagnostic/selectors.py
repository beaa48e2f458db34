"""Lectures du diagnostic : trois lieux proches, qui répondent aux besoins et ouvrent bientôt ; la commune saisie.

La recherche elle-même est celle des lieux (`lieux.selectors.search_lieux`) : on ne fait ici que choisir, parmi
les plus proches, ceux qui ouvrent le plus tôt, et dire leurs horaires en mots.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone

from maillage.comptes.models import Territoire
from maillage.core.communes import resolve_commune
from maillage.core.masquage import masque
from maillage.core.models import Commune
from maillage.diagnostic.enums import Contrainte
from maillage.diagnostic.models import Reperage
from maillage.lieux import horaires as h
from maillage.lieux.enums import PriseEnCharge, Service
from maillage.lieux.models import Lieu
from maillage.lieux.presentation import format_distance
from maillage.lieux.selectors import LieuResult, SearchError, search_lieux

CARTE_NATIONALE = "https://cartographie.societenumerique.gouv.fr/"
#: Rayons essayés l'un après l'autre tant qu'on n'a pas trois lieux.
RAYONS_KM = (15.0, 40.0)
CANDIDATS = 6  # les plus proches, parmi lesquels on choisit ceux qui ouvrent le plus tôt (moins = page plus rapide)
NB_LIEUX = 3
BIENTOT = timedelta(hours=48)
JOURS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
LANGUES = {PriseEnCharge.LANGUES_ANGLAIS.value, PriseEnCharge.LANGUES_AUTRES.value}


class CommuneHorsTerritoire(ValidationError):
    """La commune existe mais n'est dans aucun territoire de Maillage : la carte nationale peut aider."""

    def __init__(self, commune: Commune):
        self.commune = commune
        super().__init__(
            "%(nom)s n'est pas dans le territoire couvert par Maillage. La carte nationale des lieux d'aide au "
            "numérique vous montrera les lieux près de chez vous.",
            code="hors_territoire",
            params={"nom": commune.label},
        )


def commune_du_territoire(texte: str) -> Commune:
    """La commune tapée, si elle est dans un territoire de Maillage ; sinon une ValidationError en français
    (inconnue, ambiguë : règle de `core.communes` ; hors territoire : `CommuneHorsTerritoire`)."""
    commune = resolve_commune(texte)
    if not commune.territoires.exists():
        raise CommuneHorsTerritoire(commune)
    return commune


@dataclass
class LieuProche:
    lieu: Lieu
    distance: str
    quand: str  # « Ouvert maintenant, jusqu'à 17 h » / « Ouvre mardi à 9 h » / « Horaires non renseignés »
    aujourdhui: str
    ouvre_bientot: bool


def quand_ouvert(horaires: str, now: datetime) -> tuple[str, datetime | None]:
    """Les horaires d'un lieu en une phrase, et le moment de sa prochaine ouverture (None : inconnu)."""
    if not (horaires or "").strip():
        return "Horaires non renseignés : appelez avant d'y aller.", None
    if h.is_open(horaires, now):
        return "Ouvert maintenant.", now
    nxt = h.next_opening(horaires, now)
    if nxt is None:
        return "Horaires non renseignés : appelez avant d'y aller.", None
    heure = f"{nxt.hour} h" if not nxt.minute else f"{nxt.hour} h {nxt.minute:02d}"
    local = h.to_paris(now)
    if nxt.date() == local.date():
        jour = "aujourd'hui"
    elif nxt.date() == local.date() + timedelta(days=1):
        jour = "demain"
    else:
        jour = f"{JOURS[nxt.weekday()]} {nxt.day}"
    return f"Ouvre {jour} à {heure}.", nxt


def _proche(item: LieuResult, now: datetime) -> LieuProche:
    lieu = item.lieu
    quand, nxt = quand_ouvert(lieu.horaires, now)
    if lieu.is_itinerant and not lieu.horaires:
        quand, nxt = "Lieu itinérant : voir ses arrêts et ses jours de passage.", None
    return LieuProche(
        lieu=lieu,
        distance=format_distance(item.distance_km),
        quand=quand,
        aujourdhui=h.describe_day(lieu.horaires, h.to_paris(now).date()) if lieu.horaires else "",
        ouvre_bientot=nxt is not None and nxt - now <= BIENTOT,
    )


def _convient(lieu: Lieu, contraintes: set[str]) -> bool:
    if Contrainte.LANGUE in contraintes and not LANGUES & set(lieu.prise_en_charge_specifique or []):
        return False
    return True


def lieux_proches(
    *,
    services: list[str],
    commune: Commune | None = None,
    lat: float | None = None,
    lon: float | None = None,
    contraintes: set[str] | frozenset[str] = frozenset(),
    now: datetime | None = None,
) -> list[LieuProche]:
    """Trois lieux publiés proches qui offrent au moins un des services, ceux qui ouvrent dans les 48 heures
    d'abord (puis les plus proches). Contraintes du premier accueil : mobilité → lieu accessible ; sans appareil →
    accès au matériel ; langue → lieu qui accueille en langues étrangères, s'il y en a ; urgence → ouvert bientôt
    seulement, s'il y en a."""
    now = now or timezone.now()
    contraintes = set(contraintes)
    services = list(services) or [Service.OUTILS_QUOTIDIEN.value, Service.AIDE_DEMARCHES.value]
    if Contrainte.SANS_APPAREIL in contraintes and Service.ACCES_MATERIEL.value not in services:
        services.append(Service.ACCES_MATERIEL.value)
    where = {"lat": lat, "lon": lon} if lat is not None else {"commune": commune.code_insee if commune else None}
    if where.get("commune") is None and lat is None:
        return []
    found = []
    for rayon in RAYONS_KM:
        try:
            result = search_lieux(
                **where, rayon_km=rayon, services=services, accessible=Contrainte.MOBILITE in contraintes,
                limit=CANDIDATS, now=now,
            )  # fmt: skip
        except SearchError:
            return []
        found = [_proche(item, now) for item in result.items]
        if len(found) >= NB_LIEUX:
            break
    preferes = [p for p in found if _convient(p.lieu, contraintes)] or found
    if Contrainte.URGENCE in contraintes:
        preferes = [p for p in preferes if p.ouvre_bientot] or preferes
    # Tri stable : l'ordre de la recherche (distance) est gardé à l'intérieur de chaque groupe.
    return sorted(preferes, key=lambda p: not p.ouvre_bientot)[:NB_LIEUX]


@dataclass
class LigneReperages:
    commune: str
    besoin: str
    total: int | str  # « < 5 » hors de la coordination


def reperages_par_commune(territoire: Territoire, depuis: date, jusqua: date, *, masquer: bool = True
                          ) -> list[LigneReperages]:  # fmt: skip
    """Repérages anonymes par commune du territoire et besoin, du jour `depuis` au jour `jusqua` inclus.

    `masquer` (hors de la coordination) : un effectif de 1 à 4 s'écrit « < 5 » (`core.masquage`)."""
    besoins = dict(Service.choices)
    rows = (
        Reperage.objects.filter(commune__territoires=territoire, jour__gte=depuis, jour__lte=jusqua)
        .values("commune__nom", "besoin").annotate(total=Count("id")).order_by("commune__nom", "-total", "besoin")
    )  # fmt: skip
    return [
        LigneReperages(r["commune__nom"], besoins.get(r["besoin"], r["besoin"]),
                       masque(r["total"]) if masquer else r["total"])
        for r in rows
    ]  # fmt: skip
