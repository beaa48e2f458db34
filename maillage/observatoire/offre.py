"""Le calcul de l'offre par commune : heures d'ouverture de la semaine, passages aux arrêts itinérants, distance au
lieu ouvert le plus proche (et à celui qui accepte le Pass), aidants par niveau.

Lectures seulement (le service `calculer_offre` écrit) ; partagé par le calcul de la nuit et la liste des
« communes éloignées de l'offre », qui calcule en direct.

Distances : à vol d'oiseau, du centre de la commune (référentiel COG) au point d'offre le plus proche. Un point
d'offre est un lieu publié avec une position, ou un arrêt d'un lieu itinérant publié (sa position, sinon le centre de
sa commune). « Ouvert cette semaine » : au moins une heure d'ouverture dans les 7 jours à partir du jour du calcul,
horaires lus par `lieux.horaires` (jours fériés compris) ; sans horaires lisibles, un lieu n'est pas compté ouvert.

Vectorisé avec numpy : communes et points deviennent des vecteurs unitaires en 3 dimensions ; le plus proche est
celui du plus grand produit scalaire (un produit de matrices par paquet de communes), converti en distance sur la
sphère. 35 000 communes × 20 000 points : quelques secondes, par paquets de 512 communes (80 Mo au plus)."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import numpy as np
from django.db.models import Q
from opening_hours import State

from maillage.aidants.models import ProfilAidant
from maillage.label.models import DemandeLabel
from maillage.lieux import horaires
from maillage.lieux.enums import StatutLieu
from maillage.lieux.models import Arret, Lieu

RAYON_TERRE_KM = 6371.0088
PAQUET = 512


def _debut_fin(debut: date) -> tuple[datetime, datetime]:
    return (
        datetime.combine(debut, time(0), horaires.PARIS),
        datetime.combine(debut + timedelta(days=7), time(0), horaires.PARIS),
    )


@lru_cache(maxsize=16384)
def heures_semaine(texte: str, debut: date) -> float:
    """Heures d'ouverture dans les 7 jours à partir de `debut` (0 si horaires vides ou illisibles)."""
    oh = horaires.parse(texte)
    if oh is None:
        return 0.0
    start, end = _debut_fin(debut)
    total = 0.0
    try:
        for s, e, state, _c in oh.intervals(start, end):
            if state == State.OPEN:
                total += (min(e, end) - max(s, start)).total_seconds() / 3600
    except Exception:  # noqa: BLE001 — même prudence que lieux.horaires : une expression rare ne casse pas le calcul
        return 0.0
    return total


@lru_cache(maxsize=16384)
def jours_ouverts(texte: str, debut: date) -> int:
    """Nombre de jours, parmi les 7 à partir de `debut`, où l'arrêt ou le lieu est ouvert : ses passages."""
    oh = horaires.parse(texte)
    if oh is None:
        return 0
    start, end = _debut_fin(debut)
    jours = set()
    try:
        for s, e, state, _c in oh.intervals(start, end):
            if state == State.OPEN and e > s:
                jours.add(horaires.to_paris(s).date())
    except Exception:  # noqa: BLE001
        return 0
    return len(jours)


def vecteurs(lat, lon) -> np.ndarray:
    """Latitudes et longitudes (degrés) → vecteurs unitaires (n × 3)."""
    la, lo = np.radians(np.asarray(lat, dtype=float)), np.radians(np.asarray(lon, dtype=float))
    return np.column_stack((np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)))


def plus_proches_km(centres: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Pour chaque centre (n × 3), la distance en km au point le plus proche (m × 3) ; NaN s'il n'y a aucun point."""
    n = len(centres)
    if not len(points):
        return np.full(n, np.nan)
    meilleur = np.empty(n)
    pts_t = points.T.copy()
    for i in range(0, n, PAQUET):
        meilleur[i : i + PAQUET] = (centres[i : i + PAQUET] @ pts_t).max(axis=1)
    # Corde entre deux vecteurs unitaires : sqrt(2 − 2 cos) ; angle = 2 asin(corde / 2).
    corde = np.sqrt(np.clip(2.0 - 2.0 * meilleur, 0.0, 4.0))
    return 2.0 * RAYON_TERRE_KM * np.arcsin(np.clip(corde / 2.0, 0.0, 1.0))


@dataclass
class PointsOffre:
    """Les points d'offre ouverts cette semaine : positions, et lesquels acceptent le Pass."""

    lat: list[float] = field(default_factory=list)
    lon: list[float] = field(default_factory=list)
    pass_: list[bool] = field(default_factory=list)

    def ajouter(self, lat: float, lon: float, accepte_pass: bool) -> None:
        self.lat.append(lat)
        self.lon.append(lon)
        self.pass_.append(accepte_pass)

    def distances(self, centres: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(distance au plus proche ouvert, distance au plus proche qui accepte le Pass), en km, par centre."""
        tous = vecteurs(self.lat, self.lon) if self.lat else np.empty((0, 3))
        masque = np.asarray(self.pass_, dtype=bool)
        return plus_proches_km(centres, tous), plus_proches_km(centres, tous[masque] if len(tous) else tous)


@dataclass
class OffreBrute:
    lieux: Counter = field(default_factory=Counter)
    lieux_ouverts: Counter = field(default_factory=Counter)
    heures: defaultdict = field(default_factory=lambda: defaultdict(float))
    arrets: Counter = field(default_factory=Counter)
    passages: Counter = field(default_factory=Counter)
    points: PointsOffre = field(default_factory=PointsOffre)


Cadre = tuple[float, float, float, float]  # latitude min, max, longitude min, max


def _lieux(cadre: Cadre | None):
    qs = Lieu.objects.published()
    if cadre is not None:
        qs = qs.filter(latitude__range=cadre[:2], longitude__range=cadre[2:])
    return qs.values_list("commune_ref_id", "horaires", "latitude", "longitude", "accepte_pass").iterator(
        chunk_size=5000
    )


def _arrets(cadre: Cadre | None):
    """Arrêts des lieux itinérants publiés ; sans position propre, l'arrêt est au centre de sa commune."""
    qs = Arret.objects.filter(lieu__statut=StatutLieu.PUBLIE)
    if cadre is not None:
        qs = qs.filter(
            Q(latitude__range=cadre[:2], longitude__range=cadre[2:])
            | Q(latitude__isnull=True, commune__latitude__range=cadre[:2], commune__longitude__range=cadre[2:])
        )
    for code, texte, lat, lon, c_lat, c_lon, accepte in qs.values_list(
        "commune_id", "horaires", "latitude", "longitude", "commune__latitude", "commune__longitude",
        "lieu__accepte_pass",
    ).iterator(chunk_size=5000):  # fmt: skip
        if lat is None or lon is None:
            lat, lon = c_lat, c_lon
        yield code, texte, lat, lon, accepte


def lire_offre(debut: date) -> OffreBrute:
    """Lieux publiés et arrêts de lieux itinérants publiés de toute la France, agrégés par commune, et les points
    d'offre ouverts dans la semaine qui commence le `debut` (pour les distances)."""
    brute = OffreBrute()
    for code, texte, lat, lon, accepte in _lieux(None):
        h = heures_semaine(texte or "", debut)
        if code:
            brute.lieux[code] += 1
            brute.heures[code] += h
            brute.lieux_ouverts[code] += h > 0
        if h > 0 and lat is not None and lon is not None:
            brute.points.ajouter(lat, lon, accepte)
    for code, texte, lat, lon, accepte in _arrets(None):
        jours = jours_ouverts(texte or "", debut)
        if code:
            brute.arrets[code] += 1
            brute.passages[code] += jours
        if jours and lat is not None and lon is not None:
            brute.points.ajouter(lat, lon, accepte)
    return brute


def points_ouverts(debut: date, cadre: Cadre) -> PointsOffre:
    """Les points d'offre ouverts dans la semaine qui commence le `debut`, dans un rectangle (lecture directe)."""
    points = PointsOffre()
    for _code, texte, lat, lon, accepte in _lieux(cadre):
        if lat is not None and lon is not None and heures_semaine(texte or "", debut) > 0:
            points.ajouter(lat, lon, accepte)
    for _code, texte, lat, lon, accepte in _arrets(cadre):
        if lat is not None and lon is not None and jours_ouverts(texte or "", debut):
            points.ajouter(lat, lon, accepte)
    return points


def distances_communes(positions: dict[str, tuple[float, float]], points: PointsOffre) -> dict[str, tuple]:
    """{code INSEE : (km au plus proche ouvert, km au plus proche qui accepte le Pass)} ; None si aucun point."""
    codes = list(positions)
    if not codes:
        return {}
    centres = vecteurs([positions[c][0] for c in codes], [positions[c][1] for c in codes])
    ouvert, pass_ = points.distances(centres)

    def _km(x):
        return None if np.isnan(x) else round(float(x), 2)

    return {c: (_km(ouvert[i]), _km(pass_[i])) for i, c in enumerate(codes)}


@dataclass
class Aidants:
    total: Counter = field(default_factory=Counter)
    par_niveau: defaultdict = field(default_factory=lambda: defaultdict(Counter))
    labellises: Counter = field(default_factory=Counter)


def aidants_par_commune(today: date, codes: list[str] | None = None) -> Aidants:
    """Aidants actifs (profil ni archivé ni effacé) par commune où ils aident ; par niveau d'intervention signé ;
    labellisés (label « Tous aidants » valable aujourd'hui, quel que soit le territoire qui l'a accordé)."""
    labellises = set(DemandeLabel.objects.valides(today).values_list("profil_id", flat=True))
    rows = ProfilAidant.objects.filter(archived_at__isnull=True, anonymized_at__isnull=True, communes__isnull=False)
    if codes is not None:
        rows = rows.filter(communes__in=codes)
    out = Aidants()
    for pk, code, niveaux in rows.values_list("pk", "communes", "niveaux").iterator(chunk_size=5000):
        out.total[code] += 1
        for n in niveaux or []:
            out.par_niveau[code][n] += 1
        out.labellises[code] += pk in labellises
    return out


def aidants_distincts(filtre: Q, today: date) -> dict:
    """Pour plusieurs communes (EPCI, département, territoire ; `filtre` sur les profils, par exemple
    `Q(communes__in=codes)`) : chaque aidant compté une fois, même s'il aide dans plusieurs de ces communes."""
    labellises = set(DemandeLabel.objects.valides(today).values_list("profil_id", flat=True))
    profils = dict(
        ProfilAidant.objects.filter(filtre, archived_at__isnull=True, anonymized_at__isnull=True)
        .values_list("pk", "niveaux")
        .distinct()
    )
    niveaux = Counter(n for ns in profils.values() for n in (ns or []))
    return {"total": len(profils), "par_niveau": dict(niveaux), "labellises": len(labellises & set(profils))}
