"""Recherche de lieux publiés : « trouver le bon lieu » (page publique, API, orientation).

Méthode (conventions : portable SQLite/PostgreSQL, pas de PostGIS) :
1. SQL : lieux publiés + filtres sur les listes fermées (colonne dénormalisée `Lieu.filtres`, motif `|s:VALEUR|`)
   et texte sans accents (`search_text`).
2. Centre + rayon, en SQL : rectangle englobant sur l'index (statut, latitude, longitude), puis disque avec le
   carré de la distance équirectangulaire locale (`d2`, km²), tri par `d2` et total en une seule lecture
   (`COUNT(*) OVER ()`). Distances renvoyées : haversine exacte, calculée pour la page seule.
3. « Ouvert maintenant », en SQL aussi : chaque texte d'horaires distinct des candidats est évalué une fois en
   Python (heure de Paris, fériés), puis filtre `horaires IN (textes ouverts)`.
4. Lieux à arrêts (itinérants, peu nombreux) : calculés en Python (distance = arrêt le plus proche, ouvert si un
   arrêt l'est) et fusionnés avec les résultats SQL.
5. SQL : les objets `Lieu` de la page seule, avec leurs arrêts. Nombre de requêtes constant.

Sans centre : tri alphabétique sans accents ni casse (`search_text`), sur l'index (statut, search_text).

Décisions :
- `commune` (code INSEE) sans `rayon_km` : lieux de cette commune (code INSEE du lieu ou d'un arrêt), triés par
  distance au centre de la commune. Avec `rayon_km` : le centre de la commune sert de centre du cercle.
  Des `lat`/`lon` fournis priment sur le centre de la commune.
- `accessible=True` : lieu dont on peut vérifier l'accessibilité physique, c'est-à-dire qui a une fiche
  Accès libre (`fiche_acces_libre`), ou qui déclare accueillir les personnes en situation de handicap moteur
  (`prise_en_charge_specifique` contient « Handicaps moteurs »).
- `frais` : le lieu a au moins une des valeurs demandées (ex. GRATUIT → les lieux gratuits, même s'ils ont
  aussi des services payants). `services`/`besoin`/`publics` : au moins une des valeurs demandées (OU).
  Les différents filtres se combinent (ET).
- `pass_numerique=True` : le lieu accepte le Pass numérique (drapeau `Lieu.accepte_pass`, tenu par le service du
  Pass dans la transaction de chaque décision de qualification).
- Lieu itinérant : sa distance est celle de l'arrêt le plus proche ; il est « ouvert maintenant » si l'un de ses
  arrêts l'est (ou ses propres horaires, s'il en a). Même règle pour les créneaux.
- `prise_en_charge` : au moins une des valeurs demandées (surdité, langues, illettrisme…), comme `publics`.
- `intervient_dans` (code INSEE ; par défaut la `commune` cherchée) : les lieux dont le périmètre déclaré dans
  l'annuaire comprend cette commune passent en premier (puis l'ordre habituel) et portent
  `intervient_dans_la_commune`. Avec `commune` sans rayon, ils s'ajoutent aux lieux de la commune. Aucune requête de
  plus : une sous-requête sur la relation `perimetre_annuaire` (nom tenu par l'annuaire, décision 0020), sans
  importer l'annuaire (app plus haute, qui importe déjà les lieux).
- `creneaux` : fenêtres de temps (`horaires.fenetres_soiree`, `fenetres_jour`) ; le lieu doit être ouvert à un
  moment de chacune (ET entre créneaux). Évalué comme « ouvert maintenant » : une fois par texte d'horaires distinct
  (et mis en cache d'une requête à l'autre), puis `horaires IN (…)` en SQL.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

import numpy as np
from django.db.models import (
    Case,
    Count,
    Expression,
    F,
    IntegerField,
    OrderBy,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
    prefetch_related_objects,
)
from django.utils import timezone

from maillage.core.utils import distance_km, normalize_text
from maillage.lieux.enums import BESOIN_SERVICES, PriseEnCharge
from maillage.lieux.horaires import Fenetres, is_open, ouvert_pendant
from maillage.lieux.models import Arret, Lieu, VersionLieux
from maillage.lieux.selectors import autour
from maillage.lieux.selectors.index import (
    a_jour,
    centre_commune,
    commune_la_plus_proche,
    index_en_cache,
    jeton_en_base,
    masque,
)

MAX_LIMIT = 200
MAX_RAYON_KM = 1000
MAX_SQL_PARAMS = 20_000  # sous la limite de SQLite (32 766 paramètres)
#: Communes servies d'un lieu, par la relation inverse que déclare l'annuaire (`PerimetreLieu.lieu`,
#: related_name « perimetre_annuaire ») : une jointure, sans importer l'annuaire.
PERIMETRE_COMMUNES = "perimetre_annuaire__communes_servies"


@dataclass
class LieuResult:
    lieu: Lieu
    distance_km: float | None
    ouvert_maintenant: bool | None
    intervient_dans_la_commune: bool = False
    #: Retenu parce qu'il aide à distance et que sa zone comprend la commune de la personne (hors du rayon).
    a_distance: bool = False


@dataclass
class SearchResult:
    total: int
    items: list[LieuResult]
    centre: tuple[float, float] | None = None
    ignored_filters: list[str] = field(default_factory=list)


class SearchError(ValueError):
    """Paramètre de recherche impossible (message en français, destiné à la personne ou au réutilisateur)."""


def pass_accepted_ids(lieu_ids: Iterable[int]) -> set[int]:
    """Parmi ces lieux, ceux qui acceptent le Pass numérique (une requête, sur le drapeau tenu par le Pass)."""
    lieu_ids = list(lieu_ids)
    if not lieu_ids:
        return set()
    return set(Lieu.objects.filter(pk__in=lieu_ids, accepte_pass=True).values_list("pk", flat=True))


def _servant(code: str) -> Q:
    """Lieux dont le périmètre (annuaire) comprend la commune : sous-requête, évaluée une fois par la base."""
    return Q(pk__in=Lieu.objects.filter(**{PERIMETRE_COMMUNES: code}).values("pk"))


def _rang_perimetre(code: str | None) -> Expression:
    """0 pour un lieu qui intervient dans la commune, 1 sinon (toujours 1 sans commune)."""
    if not code:
        return Value(1, output_field=IntegerField())
    return Case(When(_servant(code), then=Value(0)), default=Value(1), output_field=IntegerField())


def _any_token(field_name: str, values: Iterable[str]) -> Q:
    q = Q()
    for v in values:
        q |= Q(filtres__contains=Lieu.filtre_token(field_name, v))
    return q


def _point(lat: float | None, lon: float | None) -> tuple[float, float] | None:
    if lat is None or lon is None:
        return None
    return (float(lat), float(lon))


def search_lieux(
    *,
    lat: float | None = None,
    lon: float | None = None,
    rayon_km: float | None = None,
    commune: str | None = None,
    services: list[str] | None = None,
    besoin: str | None = None,
    publics: list[str] | None = None,
    frais: list[str] | None = None,
    prise_en_charge: list[str] | None = None,
    accessible: bool = False,
    pass_numerique: bool = False,
    ouvert_maintenant: bool = False,
    creneaux: list[Fenetres] | None = None,
    q: str | None = None,
    now: datetime | None = None,
    limit: int = 20,
    offset: int = 0,
    queryset: QuerySet[Lieu] | None = None,
    intervient_dans: str | None = None,
    a_distance: bool = True,
    lecteur: "Lecteur | None" = None,
) -> SearchResult:
    """Lieux publiés qui répondent à la recherche, triés par distance s'il y a un centre (sinon par nom).

    Les valeurs de `services`, `publics`, `frais` sont les valeurs des enums (`Service.AIDE_DEMARCHES`…),
    `besoin` une valeur de `Besoin` (insensible à la casse). Lève `SearchError` pour un paramètre impossible.
    `queryset` permet de restreindre la base (ex. lieux d'un territoire) : il est toujours limité aux publiés.
    `intervient_dans` (code INSEE, par défaut `commune`) : les lieux qui interviennent dans cette commune d'abord.
    `a_distance` : avec un rayon ou une commune, ajoute l'aide à distance qui couvre la commune (module `autour`).
    `lecteur` : lit les lieux de la page (et le jeton de version) autrement qu'en objets `Lieu` (l'API, qui garde
    ses sorties en mémoire) ; seulement avec un centre, sans quoi ce sont des `Lieu`.
    """
    now = now or timezone.now()
    _check_bounds(lat, lon, rayon_km, limit, offset)
    centre, commune_filter = _centre(lat, lon, commune, rayon_km)
    result = SearchResult(total=0, items=[], centre=centre)
    servie = (intervient_dans or commune or "").strip().upper() or None
    wanted = _wanted_services(services, besoin)
    tests = _hours_tests(ouvert_maintenant, creneaux or [], now)
    page = Page(offset=offset, limit=limit, ouvert_maintenant=ouvert_maintenant, now=now, par_perimetre=bool(servie))
    if centre is not None:
        demande = autour.Demande(
            centre=centre, rayon_km=rayon_km, commune_filtre=commune_filter, servie=servie,
            commune_personne=_commune_personne(commune or intervient_dans, centre, rayon_km, commune_filter,
                                               a_distance),
            a_distance=a_distance, accessible=accessible, accepte_pass=pass_numerique,
            masques=tuple(masque(prefix, values) for prefix, values in (("s", wanted), ("p", publics),
                          ("f", frais), ("c", prise_en_charge)) if values),
            mots=tuple(normalize_text(q or "").split()[:8]), tests_horaires=tuple(tests),
            pks_permis=_pks_permis(queryset),
        )  # fmt: skip
        _fill_from_index(result, demande, page, lecteur or _lire_page)
        return result
    qs = (queryset if queryset is not None else Lieu.objects.all()).published()
    if commune_filter:
        qs = qs.filter(
            Q(code_insee=commune_filter)
            | Q(commune_ref_id=commune_filter)
            | Q(pk__in=Arret.objects.filter(commune_id=commune_filter).values("lieu_id"))
            | _servant(commune_filter)
        )
    qs = _list_filters(qs, services=wanted, publics=publics, frais=frais, prise_en_charge=prise_en_charge)
    qs = _condition_filters(qs, accessible=accessible, pass_numerique=pass_numerique, q=q, result=result)
    # Lieux qui ont des arrêts (itinérants) : peu nombreux, traités en Python (ouvert = un arrêt ouvert).
    special_ids = set(Arret.objects.order_by().values_list("lieu_id", flat=True).distinct()[:20_000])
    rang = _rang_perimetre(servie)
    special = _special_rows(qs, special_ids, tests, rang) if special_ids else []
    sql_qs = qs.exclude(pk__in=special_ids) if special_ids else qs
    if tests:
        sql_qs = _hours_filter(sql_qs, tests)
    sql_qs = sql_qs.alias(rang_perimetre=rang)
    _fill_by_name(result, qs, sql_qs, special, page, rang)
    return result


def _commune_personne(
    commune: str | None,
    centre: tuple[float, float],
    rayon_km: float | None,
    commune_filter: str | None,
    a_distance: bool,
) -> str | None:
    """La commune de la personne, que l'aide à distance doit couvrir : celle cherchée (ou celle où l'on cherche qui
    intervient), sinon la plus proche du point. Sans rayon ni commune, tous les lieux répondent déjà : pas d'ajout."""
    if not a_distance or (rayon_km is None and not commune_filter):
        return None
    if commune:
        return commune.strip().upper()
    return commune_la_plus_proche(*centre)


def _pks_permis(queryset: QuerySet[Lieu] | None) -> np.ndarray | None:
    """Restriction de l'appelant (ex. lieux rattachés à une structure) : ses clés, triées (une requête)."""
    if queryset is None:
        return None
    return np.array(sorted(queryset.published().values_list("pk", flat=True)), dtype=np.int64)


#: Colonnes lourdes qu'aucune liste de résultats n'affiche.
_COLONNES_INUTILES = ("presentation_detail", "search_text", "filtres")


Lecteur = Callable[[list[autour.Ligne]], tuple[dict, str | None]]


def _fill_from_index(result: SearchResult, demande: autour.Demande, page: "Page", lecteur: Lecteur) -> None:
    """La page depuis l'index ; la requête de la page relit le jeton de version : s'il a changé, l'index est
    reconstruit et la recherche refaite (deux fois au plus : ensuite, on rend ce qu'on a)."""
    index = index_en_cache()
    for _essai in range(3):
        total, lignes = autour.chercher(index, demande, page.offset, page.limit)
        objs, jeton = lecteur(lignes)
        nouveau = a_jour(index, jeton)
        if nouveau is None or _essai == 2:
            break
        index = nouveau
    result.total = total
    result.items = []
    for ligne in lignes:
        lieu = objs.get(ligne.pk)
        if lieu is None:  # supprimé entre-temps : rare, la page suivante le saura
            continue
        item = page.item(lieu, ligne.distance_km, 0 if ligne.intervient else 1)
        item.a_distance = ligne.a_distance
        result.items.append(item)


def _lire_page(lignes: list[autour.Ligne]) -> tuple[dict[int, Lieu], str | None]:
    """Une requête : les lieux de la page et le jeton de version ; les arrêts, seulement s'il y a un itinérant."""
    if not lignes:
        return {}, jeton_en_base()
    jeton = Subquery(VersionLieux.objects.filter(pk=1).values("jeton")[:1])
    objs = {
        lieu.pk: lieu
        for lieu in Lieu.objects.filter(pk__in=[ligne.pk for ligne in lignes])
        .defer(*_COLONNES_INUTILES)
        .annotate(jeton_version=jeton)
    }
    itinerants = [objs[ligne.pk] for ligne in lignes if ligne.itinerant and ligne.pk in objs]
    if itinerants:
        prefetch_related_objects(itinerants, "arrets")
    aucun = Arret.objects.none()
    for lieu in objs.values():
        if not hasattr(lieu, "_prefetched_objects_cache") or "arrets" not in lieu._prefetched_objects_cache:
            lieu._prefetched_objects_cache = {"arrets": aucun}
    return objs, next(iter(objs.values())).jeton_version if objs else jeton_en_base()


@dataclass
class Page:
    """La page demandée et ce qu'il faut pour dire de chaque lieu s'il est ouvert."""

    offset: int
    limit: int
    ouvert_maintenant: bool
    now: datetime
    #: Tri d'abord par périmètre (une commune est donnée) ; sinon l'ordre habituel, sur ses index.
    par_perimetre: bool = False

    def ordre(self, *fields: str | OrderBy) -> list:
        return ["rang_perimetre", *fields] if self.par_perimetre else list(fields)

    def item(self, lieu: Lieu, distance: float | None, rang: int = 1) -> LieuResult:
        # Filtre « ouvert maintenant » : chaque lieu retenu est ouvert, inutile de le recalculer. Un lecteur à part
        # (l'API) donne des dicts qui portent leurs textes d'horaires (lieu et arrêts).
        if self.ouvert_maintenant:
            ouvert = True
        elif isinstance(lieu, dict):
            ouvert = _open_state(lieu["horaires"], lieu["_horaires_arrets"], self.now)
        else:
            ouvert = open_now_for(lieu, self.now)
        return LieuResult(lieu, distance, ouvert, intervient_dans_la_commune=rang == 0)


def _check_bounds(lat: float | None, lon: float | None, rayon_km: float | None, limit: int, offset: int) -> None:
    """Paramètres hors bornes : `SearchError` avec la raison en français."""
    if (lat is None) != (lon is None):
        raise SearchError("Indiquez à la fois la latitude et la longitude.")
    if lat is not None and not (-90 <= lat <= 90):
        raise SearchError("La latitude doit être comprise entre -90 et 90.")
    if lon is not None and not (-180 <= lon <= 180):
        raise SearchError("La longitude doit être comprise entre -180 et 180.")
    if rayon_km is not None and not (0 < rayon_km <= MAX_RAYON_KM):
        raise SearchError(f"Le rayon doit être compris entre 0 et {MAX_RAYON_KM} km.")
    if not (1 <= limit <= MAX_LIMIT):
        raise SearchError(f"Le nombre de résultats par page doit être compris entre 1 et {MAX_LIMIT}.")
    if offset < 0:
        raise SearchError("Le décalage (offset) ne peut pas être négatif.")


def _centre(
    lat: float | None, lon: float | None, commune: str | None, rayon_km: float | None
) -> tuple[tuple[float, float] | None, str | None]:
    """(centre du cercle ou du tri, commune à laquelle se limiter) : la position donnée prime sur le centre de
    la commune ; une commune sans rayon limite aux lieux de cette commune."""
    centre = _point(lat, lon)
    commune_filter = None
    if commune:
        commune = commune.strip().upper()
        c = centre_commune(commune)
        if c is None:
            raise SearchError(f"Commune inconnue : code INSEE « {commune} ».")
        if centre is None:
            centre = _point(*c)
        if rayon_km is None:
            commune_filter = commune
    if rayon_km is not None and centre is None:
        raise SearchError("Un rayon demande un centre : une position (lat, lon) ou une commune.")
    return centre, commune_filter


def _wanted_services(services: list[str] | None, besoin: str | None) -> list[str]:
    """Les services demandés, plus ceux qui répondent au besoin (sans doublon, dans l'ordre)."""
    wanted = list(services or [])
    if besoin:
        key = besoin.strip().upper()
        if key not in BESOIN_SERVICES:
            raise SearchError(f"Besoin inconnu : « {besoin} ».")
        wanted += [s for s in BESOIN_SERVICES[key] if s not in wanted]
    return wanted


def _list_filters(
    qs: QuerySet[Lieu],
    *,
    services: list[str],
    publics: list[str] | None,
    frais: list[str] | None,
    prise_en_charge: list[str] | None,
) -> QuerySet[Lieu]:
    """Listes fermées : au moins une des valeurs demandées pour chaque liste (OU), les listes entre elles (ET)."""
    for field_name, values in (("services", services), ("publics_specifiquement_adresses", publics),
                               ("frais_a_charge", frais), ("prise_en_charge_specifique", prise_en_charge)):  # fmt: skip
        if values:
            qs = qs.filter(_any_token(field_name, values))
    return qs


def _condition_filters(
    qs: QuerySet[Lieu], *, accessible: bool, pass_numerique: bool, q: str | None, result: SearchResult
) -> QuerySet[Lieu]:
    """Accessible, Pass numérique (noté ignoré dans `result` sans l'app), mots du texte (8 au plus)."""
    if accessible:
        qs = qs.filter(
            ~Q(fiche_acces_libre="")
            | Q(filtres__contains=Lieu.filtre_token("prise_en_charge_specifique", PriseEnCharge.HANDICAPS_MOTEURS))
        )
    if pass_numerique:
        qs = qs.filter(accepte_pass=True)
    for word in normalize_text(q or "").split()[:8]:
        qs = qs.filter(search_text__contains=word)
    return qs


HoursTest = Callable[[str], bool]


def _hours_tests(ouvert_maintenant: bool, creneaux: list[Fenetres], now: datetime) -> list[HoursTest]:
    """Ce que des horaires doivent vérifier : ouverts maintenant, ouverts pendant chaque créneau."""
    tests: list[HoursTest] = [lambda text: is_open(text, now) is True] if ouvert_maintenant else []
    tests += [partial(_ouvert_pendant, fenetres=f) for f in creneaux]
    return tests


def _ouvert_pendant(text: str, *, fenetres: Fenetres) -> bool:
    return ouvert_pendant(text, fenetres)


def _hours_filter(sql_qs: QuerySet[Lieu], tests: list[HoursTest]) -> QuerySet[Lieu]:
    """Horaires en SQL : chaque texte d'horaires distinct est évalué une fois (il y en a bien moins que de
    lieux), puis on filtre sur la liste des textes qui conviennent."""
    texts = list(sql_qs.order_by().values_list("horaires", flat=True).distinct()[:50_000])
    open_texts = [t for t in texts if t and all(test(t) for test in tests)]
    if len(open_texts) <= MAX_SQL_PARAMS:
        return sql_qs.filter(horaires__in=open_texts)
    # Très improbable (des dizaines de milliers d'horaires différents) : repli par clés.
    open_set = set(open_texts)
    ids = [pk for pk, h in sql_qs.values_list("pk", "horaires").iterator() if h in open_set]
    return sql_qs.filter(pk__in=ids)


def _fill_by_name(
    result: SearchResult,
    qs: QuerySet[Lieu],
    sql_qs: QuerySet[Lieu],
    special: list[tuple],
    page: Page,
    rang: Expression,
) -> None:
    """Sans centre : tri par nom (les lieux qui interviennent dans la commune d'abord) ; les lieux itinérants
    retenus s'intercalent à leur place alphabétique."""
    if special:
        sql_qs = qs.filter(Q(pk__in=[r[2] for r in special]) | Q(pk__in=sql_qs.values("pk"))).alias(
            rang_perimetre=rang
        )
    # Ordre alphabétique sans accents ni casse (search_text commence par le nom normalisé) : l'index
    # (statut, search_text) sert à la fois au filtre texte et au tri.
    sql_qs = sql_qs.order_by(*page.ordre("search_text", "pk"))
    # Une lecture : la page (clés seulement : trier des lignes entières coûte cher) et le total.
    window = slice(page.offset, page.offset + page.limit)
    head = list(
        sql_qs.annotate(total=Window(Count("pk")), rang=F("rang_perimetre")).values_list("pk", "total", "rang")[window]
    )
    result.total = head[0][1] if head else (sql_qs.count() if page.offset else 0)
    page_ids = [row[0] for row in head]
    objs = Lieu.objects.prefetch_related("arrets").in_bulk(page_ids)
    result.items = [page.item(objs[pk], None, r) for pk, _total, r in head]


def _special_rows(qs: QuerySet[Lieu], special_ids: set[int], tests: list[HoursTest], rang: Expression) -> list[tuple]:
    """(distance, nom, pk, rang du périmètre) des lieux à arrêts qui répondent aux filtres (sans centre)."""
    rows = list(qs.filter(pk__in=special_ids).annotate(rang=rang).values_list("pk", "nom", "horaires", "rang"))
    if not rows or not tests:
        return [(None, nom, pk, r) for pk, nom, _h, r in rows]
    stops: dict[int, list[str]] = {}
    for lieu_id, a_h in Arret.objects.filter(lieu_id__in=[r[0] for r in rows]).values_list("lieu_id", "horaires"):
        stops.setdefault(lieu_id, []).append(a_h)
    return [(None, nom, pk, r) for pk, nom, l_h, r in rows if _any_hours_pass([l_h, *stops.get(pk, [])], tests)]


def _any_hours_pass(texts: list[str], tests: list[HoursTest]) -> bool:
    """Lieu itinérant : chaque condition est remplie par ses horaires ou par ceux d'un de ses arrêts."""
    return all(any(test(t) for t in texts if t) for test in tests)


def _open_state(horaires: str, stop_hours: list[str], now: datetime) -> bool | None:
    """Ouvert si le lieu ou un de ses arrêts est ouvert ; fermé si l'un au moins est connu et aucun ouvert."""
    states = [is_open(h, now) for h in [horaires, *stop_hours] if h]
    if any(s is True for s in states):
        return True
    if any(s is False for s in states):
        return False
    return None


def open_now_for(lieu: Lieu, now: datetime | None = None) -> bool | None:
    """« Ouvert maintenant » d'un lieu : ses horaires, ou ceux d'un de ses arrêts (lieu itinérant).

    Utilise `lieu.arrets.all()` (préchargez les arrêts avec prefetch_related pour une liste).
    """
    now = now or timezone.now()
    return _open_state(lieu.horaires, [a.horaires for a in lieu.arrets.all()], now)


def lieu_distance_km(lieu: Lieu, lat: float, lon: float) -> float | None:
    """Distance du point au lieu ou à son arrêt le plus proche (arrêts préchargés de préférence)."""
    points = [(lieu.latitude, lieu.longitude)] + [(a.latitude, a.longitude) for a in lieu.arrets.all()]
    dists = [distance_km(lat, lon, p[0], p[1]) for p in points if p[0] is not None and p[1] is not None]
    return round(min(dists), 2) if dists else None
