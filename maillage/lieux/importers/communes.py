"""Le référentiel des communes en mémoire pendant un import : retrouver le code INSEE d'une ligne."""

from functools import lru_cache

from maillage.core.models import Commune
from maillage.core.utils import normalize_text


@lru_cache(maxsize=20_000)
def _norm_commune(nom: str) -> str:
    return normalize_text(nom)


class Communes:
    """Le référentiel des communes en mémoire (≈ 35 000 petites lignes), chargé une fois par import."""

    def __init__(self):
        self.by_insee: dict[str, tuple[float | None, float | None]] = {}
        self.by_cp_nom: dict[tuple[str, str], str] = {}
        self.by_cp: dict[str, list[str]] = {}
        for code, nom, cps, lat, lon in Commune.objects.values_list(
            "code_insee", "search_text", "codes_postaux", "latitude", "longitude"
        ).iterator(chunk_size=5000):
            self.by_insee[code] = (lat, lon)
            for cp in cps or []:
                self.by_cp_nom[(cp, nom)] = code
                self.by_cp.setdefault(cp, []).append(code)

    def resolve(self, code_insee: str, code_postal: str, commune: str) -> str | None:
        if code_insee and code_insee in self.by_insee:
            return code_insee
        code = self.by_cp_nom.get((code_postal, _norm_commune(commune)))
        if code:
            return code
        candidates = self.by_cp.get(code_postal, [])
        return candidates[0] if len(candidates) == 1 else None
