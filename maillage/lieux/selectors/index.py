"""Index en mémoire des lieux publiés, pour la recherche autour d'un point (décision 0022).

Pourquoi : en SQL portable (sans PostGIS), trier et compter toutes les lignes du rayon coûtait d'autant plus que les
résultats étaient nombreux (×3 de 50 000 à 200 000 lieux). Ici, chaque processus garde des tableaux NumPy des
lieux publiés, rangés par case d'une grille de 0,25° : une recherche ne lit que les cases du rectangle qui contient
le cercle, filtre et mesure ces points d'un bloc, compte exactement, et ne trie que la tête de la page
(`argpartition`). La base ne sert plus qu'à lire les colonnes des lieux de la page, en une requête.

Invalidation : la table `lieux_versionlieux` porte un jeton aléatoire que des déclencheurs changent à chaque
écriture sur les lieux, leurs arrêts et leurs périmètres (lieux/version.py). La requête de la page relit ce jeton ;
s'il a changé, l'index est reconstruit et la recherche refaite (`recherche.py`). Le jeton est lu avant les données :
une écriture qui arrive pendant la construction rend l'index plus neuf que son jeton, jamais l'inverse.
"""

import math
import threading
from dataclasses import dataclass, field

import numpy as np
from django.db import connection

from maillage.comptes.models import Territoire
from maillage.core.models import Commune
from maillage.core.utils import EARTH_RADIUS_KM
from maillage.lieux.enums import Frais, ModaliteAccompagnement, PriseEnCharge, Public, Service
from maillage.lieux.models import Arret, Lieu, VersionLieux

CASE_DEG = 0.25
#: Les listes fermées filtrables, chacune sur ses bits de `bits` (un uint64 par lieu).
LISTES = {
    "s": Service.values,
    "p": Public.values,
    "c": PriseEnCharge.values,
    "f": Frais.values,
    "m": ModaliteAccompagnement.values,
}
BIT = {f"{prefix}:{v}": i for i, (prefix, v) in enumerate((p, v) for p, vs in LISTES.items() for v in vs)}
assert len(BIT) <= 64
BIT_A_DISTANCE = np.uint64(1 << BIT[f"m:{ModaliteAccompagnement.A_DISTANCE}"])
#: Relation inverse déclarée par l'annuaire (`PerimetreLieu.lieu`, related_name « perimetre_annuaire »).
PERIMETRE_COMMUNES = "perimetre_annuaire__communes_servies"
#: Pour qui un lieu aide à distance (`annuaire.enums.ZoneADistance`, valeurs relues ici sans importer l'annuaire).
ZONE_A_DISTANCE = "perimetre_annuaire__zone_a_distance"
TERRITOIRE_A_DISTANCE = "perimetre_annuaire__territoire_a_distance"
ZONE_TERRITOIRE, ZONE_FRANCE = "territoire", "france"


def masque(prefix: str, values: list[str]) -> np.uint64:
    """Les bits de ces valeurs d'une liste fermée (« au moins une de » = `bits & masque != 0`)."""
    out = 0
    for v in values:
        out |= 1 << BIT[f"{prefix}:{v}"]
    return np.uint64(out)


def departement_de(code_insee: str) -> str:
    """Le département d'une commune, lu dans son code INSEE (2 caractères, 3 outre-mer)."""
    return code_insee[:3] if code_insee.startswith("97") else code_insee[:2]


def haversine(lat0: float, lon0: float, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Distances (km) du point aux points donnés : la formule de `core.utils.distance_km`, d'un bloc."""
    p1 = math.radians(lat0)
    p2 = np.radians(lat)
    dp = p2 - p1
    dl = np.radians(lon - lon0)
    a = np.sin(dp / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def sphere(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Coordonnées cartésiennes sur la sphère unité : la corde entre deux points donne leur distance exacte
    (2 R asin(corde / 2), la même que l'haversine), et le disque se teste sans aucune fonction trigonométrique."""
    p, lam = np.radians(lat), np.radians(lon)
    return np.column_stack((np.cos(p) * np.cos(lam), np.cos(p) * np.sin(lam), np.sin(p)))


def _case(lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return np.floor((lat + 90) / CASE_DEG).astype(np.int64), np.floor((lon + 180) / CASE_DEG).astype(np.int64)


NB_COLONNES = int(360 / CASE_DEG) + 1


@dataclass
class Index:
    """Les lieux publiés, rangés par case de la grille (les lieux sans position à la fin)."""

    jeton: str | None
    pk: np.ndarray  # int64
    lat: np.ndarray  # float64 (NaN : sans position)
    lon: np.ndarray
    xyz: np.ndarray  # (3, n) : le point sur la sphère unité (NaN : sans position) — distances sans trigonométrie ;
    # une ligne par coordonnée, pour lire chacune d'un bloc contigu (trois fois moins de temps que des triplets)
    cle: np.ndarray  # case de la grille (ligne * NB_COLONNES + colonne), croissante ; très grande sans position
    bits: np.ndarray  # uint64
    accessible: np.ndarray  # bool
    accepte_pass: np.ndarray  # bool
    itinerant: np.ndarray  # bool : a des arrêts
    texte: np.ndarray  # int32 : indice de ses horaires dans `textes` (-1 : aucun)
    textes: list[str]
    rang_nom: np.ndarray  # int32 : rang de (nom, pk) — départage à distance égale
    commune: np.ndarray  # int32 : indice de sa commune dans `codes` (-1 : inconnue)
    codes: list[str]
    search_text: list[str]
    par_commune: dict[str, np.ndarray]  # code INSEE -> lieux situés dans la commune (ou un de leurs arrêts)
    servant: dict[str, np.ndarray]  # code INSEE -> lieux dont le périmètre déclaré comprend la commune
    a_distance_par_dep: dict[str, np.ndarray]  # département -> lieux « à distance » sans périmètre déclaré
    # Arrêts des lieux itinérants : un point par arrêt, triés par lieu (indice dans les tableaux ci-dessus).
    arret_lieu: np.ndarray
    arret_lat: np.ndarray
    arret_lon: np.ndarray
    arret_texte: np.ndarray
    itinerants: np.ndarray  # indices des lieux itinérants
    communes: dict[str, tuple[float | None, float | None]]  # code INSEE -> centre (référentiel entier)
    centres: tuple[np.ndarray, np.ndarray, list[str]] | None = None  # pour « la plus proche », calculé au besoin
    objets_communes: dict = field(default_factory=dict)  # code INSEE -> Commune déjà lue (page de recherche)
    # Aide à distance déclarée pour toute la France, et pour tout un territoire (par commune de ce territoire).
    a_distance_france: np.ndarray = field(default_factory=lambda: _vide(np.int64))
    a_distance_par_commune: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def taille(self) -> int:
        return len(self.pk)

    def candidats(self, lat0: float, lon0: float, rayon_km: float) -> np.ndarray:
        """Indices des lieux (non itinérants) des cases du rectangle qui contient le cercle."""
        dlat = rayon_km / 111.32
        dlon = min(180.0, rayon_km / max(0.01, 111.32 * math.cos(math.radians(lat0))))
        (r0, r1), (c0, c1) = _case(np.array([lat0 - dlat, lat0 + dlat]), np.array([lon0 - dlon, lon0 + dlon]))
        r0, r1 = max(0, int(r0)), int(r1)
        c0, c1 = max(0, int(c0)), min(NB_COLONNES - 1, int(c1))
        debuts = np.searchsorted(self.cle, np.arange(r0, r1 + 1) * NB_COLONNES + c0, side="left")
        fins = np.searchsorted(self.cle, np.arange(r0, r1 + 1) * NB_COLONNES + c1, side="right")
        morceaux = [np.arange(a, b) for a, b in zip(debuts, fins, strict=True) if b > a]
        idx = np.concatenate(morceaux) if morceaux else np.empty(0, dtype=np.int64)
        return idx[~self.itinerant[idx]]


def _vide(dtype: type) -> np.ndarray:
    return np.empty(0, dtype=dtype)


def construire() -> Index:
    """Lit les lieux publiés (jeton d'abord, voir le module) et construit l'index."""
    jeton = VersionLieux.objects.filter(pk=1).values_list("jeton", flat=True).first()
    rows = list(
        Lieu.objects.published()
        .order_by()
        .values_list(
            "pk",
            "latitude",
            "longitude",
            "filtres",
            "fiche_acces_libre",
            "accepte_pass",
            "horaires",
            "nom",
            "code_insee",
            "commune_ref_id",
            "search_text",
        )  # fmt: skip
    )
    n = len(rows)
    lat = np.array([r[1] if r[1] is not None and r[2] is not None else np.nan for r in rows], dtype=np.float64)
    lon = np.array([r[2] if r[1] is not None and r[2] is not None else np.nan for r in rows], dtype=np.float64)
    ligne, colonne = _case(np.nan_to_num(lat), np.nan_to_num(lon))
    cle = np.where(np.isnan(lat), np.iinfo(np.int64).max, ligne * NB_COLONNES + colonne)
    ordre = np.argsort(cle, kind="stable")
    rows = [rows[i] for i in ordre]
    position = {r[0]: i for i, r in enumerate(rows)}
    textes: dict[str, int] = {}
    codes: dict[str, int] = {}
    handicap = f"|c:{PriseEnCharge.HANDICAPS_MOTEURS}|"
    bits = np.zeros(n, dtype=np.uint64)
    for i, r in enumerate(rows):
        b = 0
        for token in r[3].split("|"):
            bit = BIT.get(token)
            if bit is not None:
                b |= 1 << bit
        bits[i] = b
    code_de = [(r[9] or r[8] or "") for r in rows]
    noms = sorted(range(n), key=lambda i: (rows[i][7], rows[i][0]))
    rang_nom = np.empty(n, dtype=np.int32)
    rang_nom[noms] = np.arange(n, dtype=np.int32)
    index = Index(
        jeton=jeton,
        pk=np.array([r[0] for r in rows], dtype=np.int64),
        lat=lat[ordre],
        lon=lon[ordre],
        xyz=np.ascontiguousarray(sphere(lat[ordre], lon[ordre]).T),
        cle=cle[ordre],
        bits=bits,
        accessible=np.array([bool(r[4]) or handicap in r[3] for r in rows], dtype=bool),
        accepte_pass=np.array([r[5] for r in rows], dtype=bool),
        itinerant=np.zeros(n, dtype=bool),
        texte=np.array([textes.setdefault(r[6], len(textes)) if r[6] else -1 for r in rows], dtype=np.int32),
        textes=[],
        rang_nom=rang_nom,
        commune=np.array([codes.setdefault(c, len(codes)) if c else -1 for c in code_de], dtype=np.int32),
        codes=[],
        search_text=[r[10] for r in rows],
        par_commune={},
        servant={},
        a_distance_par_dep={},
        arret_lieu=_vide(np.int64),
        arret_lat=_vide(np.float64),
        arret_lon=_vide(np.float64),
        arret_texte=_vide(np.int32),
        itinerants=_vide(np.int64),
        communes={
            c: (c_lat, c_lon) for c, c_lat, c_lon in Commune.objects.values_list("code_insee", "latitude", "longitude")
        },
    )
    par_commune: dict[str, list[int]] = {}
    for i, c in enumerate(code_de):
        if c:
            par_commune.setdefault(c, []).append(i)
    _arrets(index, position, textes, par_commune)
    index.textes = list(textes)
    index.codes = list(codes)
    index.par_commune = {c: np.array(sorted(set(v)), dtype=np.int64) for c, v in par_commune.items()}
    _perimetres(index, position, code_de)
    return index


def _arrets(index: Index, position: dict[int, int], textes: dict[str, int], par_commune: dict) -> None:
    arrets = sorted(
        (position[lieu_id], a_lat, a_lon, h, commune)
        for lieu_id, a_lat, a_lon, h, commune in Arret.objects.filter(lieu__in=Lieu.objects.published())
        .order_by()
        .values_list("lieu_id", "latitude", "longitude", "horaires", "commune_id")
        if lieu_id in position
    )
    if not arrets:
        return
    index.arret_lieu = np.array([a[0] for a in arrets], dtype=np.int64)
    index.arret_lat = np.array([a[1] if a[1] is not None else np.nan for a in arrets], dtype=np.float64)
    index.arret_lon = np.array([a[2] if a[2] is not None else np.nan for a in arrets], dtype=np.float64)
    index.arret_texte = np.array([textes.setdefault(a[3], len(textes)) if a[3] else -1 for a in arrets], np.int32)
    index.itinerant[index.arret_lieu] = True
    index.itinerants = np.unique(index.arret_lieu)
    for a in arrets:
        if a[4]:
            par_commune.setdefault(a[4], []).append(a[0])


def _perimetres(index: Index, position: dict[int, int], code_de: list[str]) -> None:
    servant: dict[str, list[int]] = {}
    declares: set[int] = set()
    for pk, code in (
        Lieu.objects.published()
        .filter(**{f"{PERIMETRE_COMMUNES}__isnull": False})
        .values_list("pk", PERIMETRE_COMMUNES)
    ):
        i = position[pk]
        declares.add(i)
        servant.setdefault(code, []).append(i)
    index.servant = {c: np.array(sorted(v), dtype=np.int64) for c, v in servant.items()}
    par_dep: dict[str, list[int]] = {}
    for i in np.flatnonzero(index.bits & BIT_A_DISTANCE):
        if int(i) not in declares and code_de[i]:
            par_dep.setdefault(departement_de(code_de[i]), []).append(int(i))
    index.a_distance_par_dep = {d: np.array(v, dtype=np.int64) for d, v in par_dep.items()}
    _zones_a_distance(index, position)


def _zones_a_distance(index: Index, position: dict[int, int]) -> None:
    """Les lieux qui aident à distance toute la France, ou tout un territoire (ses communes, lues ici : leur table
    change aussi le jeton)."""
    france: list[int] = []
    par_territoire: dict[int, list[int]] = {}
    for pk, zone, territoire_id in (
        Lieu.objects.published()
        .filter(**{f"{ZONE_A_DISTANCE}__in": (ZONE_TERRITOIRE, ZONE_FRANCE)})
        .values_list("pk", ZONE_A_DISTANCE, TERRITOIRE_A_DISTANCE)
    ):
        i = position[pk]
        if not index.bits[i] & BIT_A_DISTANCE:
            continue
        if zone == ZONE_FRANCE:
            france.append(i)
        elif territoire_id is not None:
            par_territoire.setdefault(territoire_id, []).append(i)
    index.a_distance_france = np.array(sorted(france), dtype=np.int64)
    par_commune: dict[str, list[int]] = {}
    for code, territoire_id in Territoire.communes.through.objects.filter(
        territoire_id__in=list(par_territoire)
    ).values_list("commune_id", "territoire_id"):
        par_commune.setdefault(code, []).extend(par_territoire[territoire_id])
    index.a_distance_par_commune = {c: np.unique(np.array(v, dtype=np.int64)) for c, v in par_commune.items()}


# --- Le cache du processus -----------------------------------------------------------------------------------------

_verrou = threading.Lock()
_courant: Index | None = None


def index_en_cache() -> Index:
    """L'index du processus (construit s'il n'y en a pas encore) ; sa fraîcheur se vérifie après coup, avec le
    jeton que relit la requête de la page (`a_jour`)."""
    global _courant
    index = _courant
    if index is None:
        with _verrou:
            if _courant is None:
                _courant = construire()
            index = _courant
    return index


def a_jour(index: Index, jeton_lu: str | None) -> Index | None:
    """None si l'index correspond au jeton relu ; sinon un index reconstruit (une fois pour tous les fils)."""
    global _courant
    if index.jeton == jeton_lu:
        return None
    with _verrou:
        if _courant is None or _courant is index or _courant.jeton != jeton_lu:
            _courant = construire()
        return _courant


def jeton_en_base() -> str | None:
    """Le jeton de version relu en base (SQL direct : la requête la plus fréquente de la recherche)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT jeton FROM {VersionLieux._meta.db_table} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else None


def oublier() -> None:
    """Vide le cache du processus (tests, commande qui change les communes)."""
    global _courant
    _courant = None


# --- Les communes (centre), dans l'index : les déclencheurs suivent aussi `core_commune` -----------------------------


def centre_commune(code: str) -> tuple[float | None, float | None] | None:
    """(latitude, longitude) du centre d'une commune, ou None si elle est inconnue ; sans requête quand l'index est
    à jour (une commune ajoutée depuis change le jeton : on le relit avant de la dire inconnue)."""
    index = index_en_cache()
    if code not in index.communes:
        index = a_jour(index, jeton_en_base()) or index
    return index.communes.get(code)


def commune_choisie(code: str) -> Commune | None:
    """La commune choisie dans l'autocomplétion (objet, lu une fois par version de l'index : les communes sont dans
    les tables suivies par le jeton)."""
    index = index_en_cache()
    if code not in index.objets_communes:
        index.objets_communes[code] = Commune.objects.filter(pk=code).first()
    return index.objets_communes[code]


def commune_la_plus_proche(lat: float, lon: float) -> str | None:
    """Le code INSEE de la commune dont le centre est le plus proche du point."""
    index = index_en_cache()
    if index.centres is None:
        codes = [c for c, (c_lat, c_lon) in index.communes.items() if c_lat is not None and c_lon is not None]
        index.centres = (
            np.array([index.communes[c][0] for c in codes], dtype=np.float64),
            np.array([index.communes[c][1] for c in codes], dtype=np.float64),
            codes,
        )
    c_lat, c_lon, c_codes = index.centres
    if not c_codes:
        return None
    # Tri grossier (équirectangulaire), puis haversine sur les 8 plus proches.
    k = math.cos(math.radians(lat)) ** 2
    d2 = (c_lat - lat) ** 2 + (c_lon - lon) ** 2 * k
    proches = np.argpartition(d2, min(8, len(d2) - 1))[:8]
    vrai = haversine(lat, lon, c_lat[proches], c_lon[proches])
    return c_codes[int(proches[int(np.argmin(vrai))])]
