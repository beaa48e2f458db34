"""Recherche autour d'un point sur l'index en mémoire (décision 0022) : qui répond, à quelle distance, dans quel ordre.

Règles (les mêmes que la recherche en SQL qu'elle remplace, plus l'aide à distance) :
- Dans le rayon : distance haversine au lieu, ou à l'arrêt le plus proche pour un lieu itinérant.
- Commune sans rayon : lieux situés dans la commune (ou dont un arrêt y est), et ceux dont le périmètre déclaré
  (annuaire) la comprend ; triés par distance au centre de la commune.
- Aide à distance (`a_distance`, par défaut) : s'ajoutent les lieux qui accompagnent « à distance » (modalité du
  standard) et dont la zone comprend la commune de la personne (celle cherchée, sinon celle dont le centre est le
  plus proche du point) : leur périmètre déclaré dans l'annuaire s'il y en a un, sinon leur département ; et ceux
  que l'annuaire déclare aider à distance tout un territoire qui comprend la commune, ou toute la France. Ils sont
  marqués « à distance » et rangés comme s'ils étaient à `DISTANCE_EQUIVALENTE_KM` : après les lieux tout proches,
  avant les lointains. Un lieu du rayon reste un lieu du rayon (sa vraie distance), même s'il aide aussi à distance.
- Ordre : les lieux qui interviennent dans la commune (périmètre) d'abord, puis la distance de rang, puis le nom.
- Total exact ; seule la tête de la page est triée (`argpartition`).
"""

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from maillage.core.utils import EARTH_RADIUS_KM
from maillage.lieux.selectors.index import BIT_A_DISTANCE, Index, departement_de, haversine, sphere

#: Rang d'un lieu « à distance » (hors du rayon) dans l'ordre des distances : après les lieux à moins de 10 km.
DISTANCE_EQUIVALENTE_KM = 10.0
_RANG_PERIMETRE = 1e6  # plus que toute distance sur Terre


@dataclass
class Demande:
    centre: tuple[float, float]
    rayon_km: float | None = None
    commune_filtre: str | None = None  # commune sans rayon : les lieux de cette commune
    commune_personne: str | None = None  # pour l'aide à distance
    servie: str | None = None  # « intervient dans la commune » : d'abord
    a_distance: bool = True
    masques: tuple[np.uint64, ...] = ()  # un par liste fermée demandée : au moins un bit
    accessible: bool = False
    accepte_pass: bool = False
    mots: tuple[str, ...] = ()
    tests_horaires: tuple[Callable[[str], bool], ...] = ()
    pks_permis: np.ndarray | None = None  # restriction par un queryset (pk triés)


@dataclass
class Ligne:
    pk: int
    distance_km: float | None
    intervient: bool
    a_distance: bool
    itinerant: bool


def chercher(index: Index, d: Demande, offset: int, limit: int) -> tuple[int, list[Ligne]]:
    """(total, lignes de la page) ; coût : les points du rectangle du rayon, pas le nombre de résultats."""
    idx, dist = _geometrie(index, d)
    rang_dist = dist.copy()
    distants = np.zeros(len(idx), dtype=bool)
    if d.a_distance and d.commune_personne:
        extra = _a_distance(index, d, idx)
        if len(extra):
            lat0, lon0 = d.centre
            idx = np.concatenate([idx, extra])
            vraie = _distances(index, extra, lat0, lon0)
            dist = np.concatenate([dist, vraie])
            rang_dist = np.concatenate([rang_dist, np.full(len(extra), DISTANCE_EQUIVALENTE_KM)])
            distants = np.concatenate([distants, np.ones(len(extra), dtype=bool)])
    garde = _filtres(index, d, idx)
    idx, dist, rang_dist, distants = idx[garde], dist[garde], rang_dist[garde], distants[garde]
    intervient = _servis(index, d.servie, idx)
    total = len(idx)
    # Sans position : après toute distance (1e5 km), mais dans le groupe de son périmètre.
    cle = np.where(np.isnan(rang_dist), 1e5, rang_dist) + np.where(intervient, 0.0, _RANG_PERIMETRE)
    tete = offset + limit
    if total > tete:
        seuil = np.partition(cle, tete - 1)[tete - 1]
        choix = np.flatnonzero(cle <= seuil)
    else:
        choix = np.arange(total)
    ordre = choix[np.lexsort((index.rang_nom[idx[choix]], cle[choix]))][offset:tete]
    return total, [
        Ligne(
            pk=int(index.pk[idx[k]]),
            distance_km=None if np.isnan(dist[k]) else round(float(dist[k]), 2),
            intervient=bool(intervient[k]),
            a_distance=bool(distants[k]),
            itinerant=bool(index.itinerant[idx[k]]),
        )
        for k in ordre
    ]


def _distances(index: Index, idx: np.ndarray, lat0: float, lon0: float) -> np.ndarray:
    """Distance de chaque lieu (arrêt le plus proche pour un itinérant) ; NaN sans position."""
    dist = haversine(lat0, lon0, index.lat[idx], index.lon[idx])
    if len(index.arret_lieu):
        itin = index.itinerant[idx]
        if itin.any():
            par_lieu = _distances_itinerants(index, lat0, lon0)
            dist[itin] = np.fmin(dist[itin], par_lieu[np.searchsorted(index.itinerants, idx[itin])])
    return dist


def _distances_itinerants(index: Index, lat0: float, lon0: float) -> np.ndarray:
    """Pour chaque lieu itinérant (ordre de `index.itinerants`) : sa distance ou celle de son arrêt le plus proche."""
    d_arrets = haversine(lat0, lon0, index.arret_lat, index.arret_lon)
    d_arrets = np.where(np.isnan(d_arrets), np.inf, d_arrets)
    debuts = np.searchsorted(index.arret_lieu, index.itinerants)
    d = np.minimum.reduceat(d_arrets, debuts)
    propre = haversine(lat0, lon0, index.lat[index.itinerants], index.lon[index.itinerants])
    d = np.fmin(d, propre)
    return np.where(np.isinf(d), np.nan, d)


def _geometrie(index: Index, d: Demande) -> tuple[np.ndarray, np.ndarray]:
    """Les lieux du rayon (ou de la commune, ou tous) et leur distance au centre."""
    lat0, lon0 = d.centre
    if d.rayon_km is not None:
        idx = index.candidats(lat0, lon0, d.rayon_km)
        # Corde au carré (sphère unité) : le disque sans trigonométrie, puis la distance des seuls points retenus.
        px, py, pz = sphere(np.array([lat0]), np.array([lon0]))[0]
        dx, dy, dz = index.xyz[0][idx] - px, index.xyz[1][idx] - py, index.xyz[2][idx] - pz
        corde2 = dx * dx + dy * dy + dz * dz
        garde = corde2 <= (2 * math.sin(d.rayon_km / (2 * EARTH_RADIUS_KM))) ** 2
        idx = idx[garde]
        dist = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(corde2[garde]) / 2)
        if len(index.itinerants):
            d_itin = _distances_itinerants(index, lat0, lon0)
            proches = d_itin <= d.rayon_km
            idx = np.concatenate([idx, index.itinerants[proches]])
            dist = np.concatenate([dist, d_itin[proches]])
        return idx, dist
    if d.commune_filtre:
        vides = np.empty(0, dtype=np.int64)
        idx = np.union1d(index.par_commune.get(d.commune_filtre, vides), index.servant.get(d.commune_filtre, vides))
    else:
        idx = np.arange(index.taille)
    return idx, _distances(index, idx, lat0, lon0)


def _a_distance(index: Index, d: Demande, deja: np.ndarray) -> np.ndarray:
    """Les lieux « à distance » dont la zone comprend la commune de la personne, hors de ceux déjà retenus. Ils sont
    peu nombreux : on mesure leur distance plutôt que de chercher parmi les milliers de lieux du rayon."""
    vides = np.empty(0, dtype=np.int64)
    servant = index.servant.get(d.commune_personne, vides)
    servant = servant[(index.bits[servant] & BIT_A_DISTANCE) != 0]
    candidats = np.union1d(servant, index.a_distance_par_dep.get(departement_de(d.commune_personne), vides))
    candidats = np.union1d(candidats, index.a_distance_france)
    candidats = np.union1d(candidats, index.a_distance_par_commune.get(d.commune_personne, vides))
    if d.rayon_km is not None:
        distance = _distances(index, candidats, *d.centre)
        return candidats[~(distance <= d.rayon_km)]  # sans position (NaN) : jamais dans le rayon
    return candidats[~np.isin(candidats, deja)]


def _filtres(index: Index, d: Demande, idx: np.ndarray) -> np.ndarray:
    garde = np.ones(len(idx), dtype=bool)
    bits = index.bits[idx]
    for m in d.masques:
        garde &= (bits & m) != 0
    if d.accessible:
        garde &= index.accessible[idx]
    if d.accepte_pass:
        garde &= index.accepte_pass[idx]
    if d.pks_permis is not None:
        garde &= np.isin(index.pk[idx], d.pks_permis)
    if d.mots:
        textes = index.search_text
        garde &= np.fromiter((all(m in textes[i] for m in d.mots) for i in idx), dtype=bool, count=len(idx))
    if d.tests_horaires:
        garde &= _horaires(index, idx, d.tests_horaires)
    return garde


def _horaires(index: Index, idx: np.ndarray, tests: tuple[Callable[[str], bool], ...]) -> np.ndarray:
    """Chaque test est rempli par les horaires du lieu ou (itinérant) par ceux d'un de ses arrêts. Un texte
    distinct n'est évalué qu'une fois."""
    ok = np.zeros((len(tests), len(index.textes) + 1), dtype=bool)  # dernière colonne : pas d'horaires
    presents = np.unique(np.concatenate([index.texte[idx], index.arret_texte]))
    for t in presents[presents >= 0]:
        texte = index.textes[t]
        for j, test in enumerate(tests):
            ok[j, t] = test(texte)
    garde = ok[:, index.texte[idx]].all(axis=0)
    itin = np.flatnonzero(index.itinerant[idx])
    for k in itin:
        i = idx[k]
        debut, fin = np.searchsorted(index.arret_lieu, [i, i + 1])
        textes = [index.texte[i], *index.arret_texte[debut:fin]]
        garde[k] = all(any(ok[j, t] for t in textes if t >= 0) for j in range(len(tests)))
    return garde


def _servis(index: Index, code: str | None, idx: np.ndarray) -> np.ndarray:
    if not code or code not in index.servant:
        return np.zeros(len(idx), dtype=bool)
    return np.isin(idx, index.servant[code])
