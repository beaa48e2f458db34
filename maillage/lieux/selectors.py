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
- `pass_numerique=True` : le lieu a une qualification Pass numérique approuvée
  (`pass_numerique.QualificationPass`, statut « APPROUVEE »). Si ce modèle n'existe pas, le filtre est ignoré
  et le résultat le dit (`SearchResult.ignored_filters`).
- Lieu itinérant : sa distance est celle de l'arrêt le plus proche ; il est « ouvert maintenant » si l'un de ses
  arrêts l'est (ou ses propres horaires, s'il en a).
"""

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.apps import apps
from django.db.models import Count, ExpressionWrapper, F, FloatField, Q, Value, Window
from django.utils import timezone

from maillage.core.models import Commune
from maillage.core.utils import bounding_box, distance_km, normalize_text
from maillage.lieux.enums import BESOIN_SERVICES, PriseEnCharge, StatutLieu
from maillage.lieux.horaires import is_open
from maillage.lieux.models import Arret, Lieu

MAX_LIMIT = 200
MAX_RAYON_KM = 1000
MAX_SQL_PARAMS = 20_000  # sous la limite de SQLite (32 766 paramètres)


@dataclass
class LieuResult:
    lieu: Lieu
    distance_km: float | None
    ouvert_maintenant: bool | None


@dataclass
class SearchResult:
    total: int
    items: list[LieuResult]
    centre: tuple[float, float] | None = None
    ignored_filters: list[str] = field(default_factory=list)


class SearchError(ValueError):
    """Paramètre de recherche impossible (message en français, destiné à la personne ou au réutilisateur)."""


def pass_numerique_model():
    """Le modèle QualificationPass de l'app pass_numerique, ou None s'il n'existe pas (encore)."""
    try:
        return apps.get_model("pass_numerique", "QualificationPass")
    except LookupError:
        return None


def pass_accepted_ids(lieu_ids) -> set[int]:
    """Parmi ces lieux, ceux qualifiés pour le Pass numérique (une requête ; vide sans l'app pass_numerique)."""
    qualification = pass_numerique_model()
    if qualification is None or not lieu_ids:
        return set()
    return set(
        qualification.objects.filter(lieu_id__in=list(lieu_ids), statut="APPROUVEE").values_list("lieu_id", flat=True)
    )


def _any_token(field_name: str, values) -> Q:
    q = Q()
    for v in values:
        q |= Q(filtres__contains=Lieu.filtre_token(field_name, v))
    return q


def _point(lat, lon):
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
    accessible: bool = False,
    pass_numerique: bool = False,
    ouvert_maintenant: bool = False,
    q: str | None = None,
    now: datetime | None = None,
    limit: int = 20,
    offset: int = 0,
    queryset=None,
) -> SearchResult:
    """Lieux publiés qui répondent à la recherche, triés par distance s'il y a un centre (sinon par nom).

    Les valeurs de `services`, `publics`, `frais` sont les valeurs des enums (`Service.AIDE_DEMARCHES`…),
    `besoin` une valeur de `Besoin` (insensible à la casse). Lève `SearchError` pour un paramètre impossible.
    `queryset` permet de restreindre la base (ex. lieux d'un territoire) : il est toujours limité aux publiés.
    """
    now = now or timezone.now()
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

    qs = (queryset if queryset is not None else Lieu.objects.all()).published()
    result_meta = SearchResult(total=0, items=[])

    centre = _point(lat, lon)
    commune_filter = None
    if commune:
        commune = commune.strip().upper()
        c = Commune.objects.filter(code_insee=commune).values_list("latitude", "longitude").first()
        if c is None:
            raise SearchError(f"Commune inconnue : code INSEE « {commune} ».")
        if centre is None:
            centre = _point(*c)
        if rayon_km is None:
            commune_filter = commune
    if rayon_km is not None and centre is None:
        raise SearchError("Un rayon demande un centre : une position (lat, lon) ou une commune.")
    result_meta.centre = centre

    if commune_filter:
        qs = qs.filter(
            Q(code_insee=commune_filter)
            | Q(commune_ref_id=commune_filter)
            | Q(pk__in=Arret.objects.filter(commune_id=commune_filter).values("lieu_id"))
        )
    wanted_services = list(services or [])
    if besoin:
        key = besoin.strip().upper()
        if key not in BESOIN_SERVICES:
            raise SearchError(f"Besoin inconnu : « {besoin} ».")
        wanted_services += [s for s in BESOIN_SERVICES[key] if s not in wanted_services]
    if wanted_services:
        qs = qs.filter(_any_token("services", wanted_services))
    if publics:
        qs = qs.filter(_any_token("publics_specifiquement_adresses", publics))
    if frais:
        qs = qs.filter(_any_token("frais_a_charge", frais))
    if accessible:
        qs = qs.filter(
            ~Q(fiche_acces_libre="")
            | Q(filtres__contains=Lieu.filtre_token("prise_en_charge_specifique", PriseEnCharge.HANDICAPS_MOTEURS))
        )
    if pass_numerique:
        qualification = pass_numerique_model()
        if qualification is not None:
            # Sous-requête plutôt que jointure + DISTINCT (un lieu qualifié sur plusieurs territoires).
            qs = qs.filter(pk__in=qualification.objects.filter(statut="APPROUVEE").values("lieu_id"))
        else:
            result_meta.ignored_filters.append("pass_numerique")
    if q:
        for word in normalize_text(q).split()[:8]:
            qs = qs.filter(search_text__contains=word)
    # Lieux qui ont des arrêts (itinérants) : peu nombreux, traités en Python (distance = arrêt le plus proche,
    # ouvert = un arrêt ouvert). Tous les autres restent en SQL : filtres, rayon, tri, page.
    special_ids = set(Arret.objects.order_by().values_list("lieu_id", flat=True).distinct()[:20_000])
    special = _special_rows(qs, special_ids, centre, rayon_km, ouvert_maintenant, now) if special_ids else []
    sql_qs = qs.exclude(pk__in=special_ids) if special_ids else qs

    if ouvert_maintenant:
        # « Ouvert maintenant » en SQL : on évalue chaque texte d'horaires distinct une fois (il y en a bien
        # moins que de lieux), puis on filtre sur la liste des textes ouverts.
        geo_qs = _geo_filter(sql_qs, centre, rayon_km) if centre is not None else sql_qs
        texts = list(geo_qs.order_by().values_list("horaires", flat=True).distinct()[:50_000])
        open_texts = [t for t in texts if t and is_open(t, now) is True]
        if len(open_texts) <= MAX_SQL_PARAMS:
            sql_qs = sql_qs.filter(horaires__in=open_texts)
        else:  # très improbable (des dizaines de milliers d'horaires différents) : repli par clés
            open_set = set(open_texts)
            ids = [pk for pk, h in geo_qs.values_list("pk", "horaires").iterator() if h in open_set]
            sql_qs = sql_qs.filter(pk__in=ids)

    if centre is None:
        # Tri par nom ; les lieux itinérants retenus s'intercalent à leur place alphabétique.
        if special:
            sql_qs = qs.filter(Q(pk__in=[r[2] for r in special]) | Q(pk__in=sql_qs.values("pk")))
        # Ordre alphabétique sans accents ni casse (search_text commence par le nom normalisé) : l'index
        # (statut, search_text) sert à la fois au filtre texte et au tri.
        sql_qs = sql_qs.order_by("search_text", "pk")
        # Une lecture : la page (clés seulement : trier des lignes entières coûte cher) et le total.
        head = list(sql_qs.annotate(total=Window(Count("pk"))).values_list("pk", "total")[offset : offset + limit])
        result_meta.total = head[0][1] if head else (sql_qs.count() if offset else 0)
        page_ids = [row[0] for row in head]
        objs = Lieu.objects.prefetch_related("arrets").in_bulk(page_ids)
        page = [objs[pk] for pk in page_ids]
        result_meta.items = [
            LieuResult(lieu, None, True if ouvert_maintenant else open_now_for(lieu, now)) for lieu in page
        ]
        return result_meta

    sql_qs = _geo_filter(sql_qs, centre, rayon_km, annotate=True)
    # Une seule lecture : les premières lignes par distance ET le nombre total (COUNT(*) OVER ()).
    head = list(
        sql_qs.annotate(total=Window(Count("pk")))
        .order_by(F("d2").asc(nulls_last=True), "nom", "pk")
        .values_list("latitude", "longitude", "nom", "pk", "total")[: offset + limit]
    )
    total_sql = head[0][4] if head else (sql_qs.count() if offset else 0)
    head = [row[:4] for row in head]
    scored = []
    for l_lat, l_lon, nom, pk in head:
        dist = distance_km(centre[0], centre[1], l_lat, l_lon) if l_lat is not None and l_lon is not None else None
        scored.append((dist, nom, pk))
    scored += special
    scored.sort(key=lambda t: (t[0] is None, t[0] if t[0] is not None else 0.0, t[1], t[2]))
    result_meta.total = total_sql + len(special)
    page = scored[offset : offset + limit]
    objs = Lieu.objects.prefetch_related("arrets").in_bulk([t[2] for t in page])
    result_meta.items = [
        LieuResult(
            objs[pk],
            round(dist, 2) if dist is not None else None,
            True if ouvert_maintenant else open_now_for(objs[pk], now),
        )
        for dist, _nom, pk in page
    ]
    return result_meta


def _geo_filter(qs, centre, rayon_km, *, annotate: bool = False):
    """Rectangle englobant (index de position) puis disque, en SQL portable : carré de la distance
    équirectangulaire locale, `d2` en km² (écart avec la distance exacte < 0,1 % sous 100 km). Les distances
    renvoyées sont ensuite calculées exactement (haversine) pour la page seule."""
    lat0, lon0 = centre
    kx = (111.32 * math.cos(math.radians(lat0))) ** 2
    ky = 111.32**2
    d2 = ExpressionWrapper(
        (F("latitude") - Value(lat0)) * (F("latitude") - Value(lat0)) * Value(ky)
        + (F("longitude") - Value(lon0)) * (F("longitude") - Value(lon0)) * Value(kx),
        output_field=FloatField(),
    )
    if rayon_km is not None:
        lat_min, lat_max, lon_min, lon_max = bounding_box(lat0, lon0, rayon_km)
        qs = qs.filter(latitude__gte=lat_min, latitude__lte=lat_max, longitude__gte=lon_min, longitude__lte=lon_max)
        qs = qs.alias(d2=d2).filter(d2__lte=rayon_km * rayon_km)
    if annotate:
        qs = qs.alias(d2=d2) if rayon_km is None else qs
    return qs


def _special_rows(qs, special_ids, centre, rayon_km, ouvert_maintenant, now) -> list[tuple]:
    """(distance, nom, pk) des lieux à arrêts qui répondent aux filtres, calculés en Python."""
    rows = list(qs.filter(pk__in=special_ids).values_list("pk", "nom", "latitude", "longitude", "horaires"))
    if not rows:
        return []
    stops: dict[int, list[tuple]] = {}
    for lieu_id, a_lat, a_lon, a_h in Arret.objects.filter(lieu_id__in=[r[0] for r in rows]).values_list(
        "lieu_id", "latitude", "longitude", "horaires"
    ):
        stops.setdefault(lieu_id, []).append((a_lat, a_lon, a_h))
    out = []
    for pk, nom, l_lat, l_lon, l_h in rows:
        own = stops.get(pk, [])
        dist = None
        if centre is not None:
            points = [(l_lat, l_lon)] + [(a[0], a[1]) for a in own]
            dists = [distance_km(centre[0], centre[1], a, b) for a, b in points if a is not None and b is not None]
            dist = min(dists) if dists else None
            if rayon_km is not None and (dist is None or dist > rayon_km):
                continue
        if ouvert_maintenant and _open_state(l_h, [a[2] for a in own], now) is not True:
            continue
        out.append((dist, nom, pk))
    return out


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


def lieux_a_verifier(queryset=None, *, months: int = 12, now: datetime | None = None):
    """Lieux non fermés dont ni la vérification ni la date de mise à jour n'ont moins de `months` mois."""
    now = now or timezone.now()
    limit = now - timedelta(days=round(months * 30.44))
    qs = queryset if queryset is not None else Lieu.objects.all()
    return qs.exclude(statut=StatutLieu.FERME).filter(
        (Q(verified_at__isnull=True) | Q(verified_at__lt=limit)) & Q(date_maj__lt=limit.date())
    )


# — Doublons probables —

DOUBLON_DISTANCE_KM = 0.1
DOUBLON_NOM_SCORE = 85  # rapidfuzz token_set_ratio sur les noms normalisés
SIRET_INCONNU = {"", "00000000000000"}


@dataclass
class Doublon:
    a: int  # pk
    b: int  # pk
    raison: str  # texte en français
    score: float | None = None


def doublon_item(key, nom, pivot, adresse, code_postal, latitude, longitude) -> tuple:
    """Forme compacte (tuple) d'un lieu pour `find_doublon_pairs` : peu de mémoire sur 50 000 lignes."""
    pivot = (pivot or "").replace(" ", "")
    return (key, normalize_text(nom), "" if pivot in SIRET_INCONNU else pivot,
            f"{normalize_text(adresse or '')}|{code_postal or ''}", latitude, longitude)  # fmt: skip


def find_doublon_pairs(items: list[tuple], *, only_keys=None) -> list[tuple]:
    """Paires (clé_a, clé_b, raison, score) parmi des `doublon_item`. Même SIRET et même adresse, ou noms très
    proches (rapidfuzz) à moins de 100 m. Un seau par SIRET et une grille d'environ 100 m : coût quasi linéaire.
    `only_keys` (prédicat sur la clé) : ne garder que les paires dont au moins un lieu le vérifie."""
    from rapidfuzz import fuzz

    found: dict[tuple[int, int], tuple] = {}
    buckets: dict[tuple[str, str], list[int]] = {}
    for i, it in enumerate(items):
        if it[2]:
            buckets.setdefault((it[2], it[3]), []).append(i)
    for (siret, _adr), group in buckets.items():
        for n, i in enumerate(group):
            for j in group[n + 1 :]:
                found[(i, j)] = ("même SIRET (" + siret + ") et même adresse", None)
    cell = 0.001  # ≈ 110 m en latitude
    grid: dict[tuple[int, int], list[int]] = {}
    for i, it in enumerate(items):
        if it[4] is not None and it[5] is not None:
            grid.setdefault((int(it[4] // cell), int(it[5] // (cell * 1.6))), []).append(i)
    for (gx, gy), group in grid.items():
        neighbours = [j for dx in (-1, 0, 1) for dy in (-1, 0, 1) for j in grid.get((gx + dx, gy + dy), [])]
        for i in group:
            x = items[i]
            for j in neighbours:
                if j <= i or (i, j) in found:
                    continue
                y = items[j]
                d = distance_km(x[4], x[5], y[4], y[5])
                if d > DOUBLON_DISTANCE_KM:
                    continue
                score = fuzz.token_set_ratio(x[1], y[1])
                if score >= DOUBLON_NOM_SCORE:
                    found[(i, j)] = (f"noms très proches à {round(d * 1000)} m", score)
    out = []
    for (i, j), (raison, score) in sorted(found.items()):
        a, b = items[i][0], items[j][0]
        if only_keys is None or only_keys(a) or only_keys(b):
            out.append((a, b, raison, score))
    return out


def find_doublons(rows) -> list[Doublon]:
    """Paires probablement en double parmi `rows` (dicts ou objets avec pk, nom, pivot, adresse, code_postal,
    latitude, longitude) : même SIRET et même adresse, ou noms très proches à moins de 100 m."""

    def get(r, k):
        return r[k] if isinstance(r, dict) else getattr(r, k)

    items = [
        doublon_item(*(get(r, k) for k in ("pk", "nom", "pivot", "adresse", "code_postal", "latitude", "longitude")))
        for r in rows
    ]
    pairs = [Doublon(*sorted((a, b)), raison, score) for a, b, raison, score in find_doublon_pairs(items)]
    return sorted(pairs, key=lambda d: (d.a, d.b))


def doublons_probables(queryset=None) -> list[tuple[Lieu, Lieu, str]]:
    """Paires de lieux (non fermés) probablement en double, pour la coordination : [(lieu_a, lieu_b, raison)]."""
    qs = (queryset if queryset is not None else Lieu.objects.all()).exclude(statut=StatutLieu.FERME)
    rows = qs.values("pk", "nom", "pivot", "adresse", "code_postal", "latitude", "longitude")
    pairs = find_doublons(rows)
    objs = Lieu.objects.in_bulk({p.a for p in pairs} | {p.b for p in pairs})
    return [(objs[p.a], objs[p.b], p.raison) for p in pairs]
