"""Lectures lourdes des lieux : la recherche (`recherche.py`, sur l'index en mémoire `index.py` et `autour.py`), les
doublons probables (`doublons.py`), les lieux à vérifier (`verification.py`).

Les appelants importent d'ici : `from maillage.lieux.selectors import search_lieux`.
"""

from maillage.lieux.selectors.doublons import (
    DOUBLON_DISTANCE_KM,
    DOUBLON_NOM_SCORE,
    SIRET_INCONNU,
    Doublon,
    doublon_item,
    doublons_probables,
    find_doublon_pairs,
    find_doublons,
)
from maillage.lieux.selectors.recherche import (
    MAX_LIMIT,
    MAX_RAYON_KM,
    LieuResult,
    SearchError,
    SearchResult,
    lieu_distance_km,
    open_now_for,
    pass_accepted_ids,
    search_lieux,
)
from maillage.lieux.selectors.verification import lieux_a_verifier

__all__ = [
    "DOUBLON_DISTANCE_KM", "DOUBLON_NOM_SCORE", "MAX_LIMIT", "MAX_RAYON_KM", "SIRET_INCONNU", "Doublon", "LieuResult",
    "SearchError", "SearchResult", "doublon_item", "doublons_probables", "find_doublon_pairs", "find_doublons",
    "lieu_distance_km", "lieux_a_verifier", "open_now_for", "pass_accepted_ids",
    "search_lieux",
]  # fmt: skip
