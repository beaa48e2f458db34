"""Doublons probables : même SIRET et même adresse, ou noms très proches à moins de 100 m.

Pour la page de la coordination (`doublons_probables`) et pour le rapport d'un import (`doublon_item`,
`find_doublon_pairs`, sur des tuples légers : 50 000 lignes tiennent en peu de mémoire).
"""

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from maillage.core.utils import distance_km, normalize_text
from maillage.lieux.enums import StatutLieu
from maillage.lieux.models import Lieu

DOUBLON_DISTANCE_KM = 0.1
DOUBLON_NOM_SCORE = 85  # rapidfuzz token_set_ratio sur les noms normalisés
SIRET_INCONNU = {"", "00000000000000"}


@dataclass
class Doublon:
    a: int  # pk
    b: int  # pk
    raison: str  # texte en français
    score: float | None = None


def doublon_item(
    key: Hashable,
    nom: str,
    pivot: str | None,
    adresse: str | None,
    code_postal: str | None,
    latitude: float | None,
    longitude: float | None,
) -> tuple:
    """Forme compacte (tuple) d'un lieu pour `find_doublon_pairs` : peu de mémoire sur 50 000 lignes."""
    pivot = (pivot or "").replace(" ", "")
    return (key, normalize_text(nom), "" if pivot in SIRET_INCONNU else pivot,
            f"{normalize_text(adresse or '')}|{code_postal or ''}", latitude, longitude)  # fmt: skip


def find_doublon_pairs(items: list[tuple], *, only_keys: Callable[[Hashable], bool] | None = None) -> list[tuple]:
    """Paires (clé_a, clé_b, raison, score) parmi des `doublon_item`. Même SIRET et même adresse, ou noms très
    proches (rapidfuzz) à moins de 100 m. Un seau par SIRET et une grille d'environ 100 m : coût quasi linéaire.
    `only_keys` (prédicat sur la clé) : ne garder que les paires dont au moins un lieu le vérifie."""
    found: dict[tuple[int, int], tuple] = {}
    _same_siret_pairs(items, found)
    _close_name_pairs(items, found)
    out = []
    for (i, j), (raison, score) in sorted(found.items()):
        a, b = items[i][0], items[j][0]
        if only_keys is None or only_keys(a) or only_keys(b):
            out.append((a, b, raison, score))
    return out


def _same_siret_pairs(items: list[tuple], found: dict[tuple[int, int], tuple]) -> None:
    """Ajoute à `found` les paires de même SIRET et même adresse (un seau par couple)."""
    buckets: dict[tuple[str, str], list[int]] = {}
    for i, it in enumerate(items):
        if it[2]:
            buckets.setdefault((it[2], it[3]), []).append(i)
    for (siret, _adr), group in buckets.items():
        for n, i in enumerate(group):
            for j in group[n + 1 :]:
                found[(i, j)] = ("même SIRET (" + siret + ") et même adresse", None)


def _close_name_pairs(items: list[tuple], found: dict[tuple[int, int], tuple]) -> None:
    """Ajoute à `found` les paires pas encore trouvées dont les noms sont très proches, à moins de 100 m : une
    grille d'environ 100 m, chaque lieu comparé à ceux de sa case et des huit voisines."""
    from rapidfuzz import fuzz

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


def find_doublons(rows: Iterable[dict | Lieu]) -> list[Doublon]:
    """Paires probablement en double parmi `rows` (dicts ou objets avec pk, nom, pivot, adresse, code_postal,
    latitude, longitude) : même SIRET et même adresse, ou noms très proches à moins de 100 m."""

    def get(r: dict | Lieu, k: str) -> object:
        return r[k] if isinstance(r, dict) else getattr(r, k)

    items = [
        doublon_item(*(get(r, k) for k in ("pk", "nom", "pivot", "adresse", "code_postal", "latitude", "longitude")))
        for r in rows
    ]
    pairs = [Doublon(*sorted((a, b)), raison, score) for a, b, raison, score in find_doublon_pairs(items)]
    return sorted(pairs, key=lambda d: (d.a, d.b))


def doublons_probables(queryset: QuerySet[Lieu] | None = None) -> list[tuple[Lieu, Lieu, str]]:
    """Paires de lieux (non fermés) probablement en double, pour la coordination : [(lieu_a, lieu_b, raison)]."""
    qs = (queryset if queryset is not None else Lieu.objects.all()).exclude(statut=StatutLieu.FERME)
    rows = qs.values("pk", "nom", "pivot", "adresse", "code_postal", "latitude", "longitude")
    pairs = find_doublons(rows)
    objs = Lieu.objects.in_bulk({p.a for p in pairs} | {p.b for p in pairs})
    return [(objs[p.a], objs[p.b], p.raison) for p in pairs]


def champs_compares(garder: Lieu, retirer: Lieu) -> list[tuple[str, object, object]]:
    """Les champs que la coordination compare avant de fusionner deux fiches : (libellé, fiche gardée, retirée)."""

    def adresse(lieu: Lieu) -> str:
        return f"{lieu.adresse}, {lieu.code_postal} {lieu.commune}"

    return [
        ("Nom", garder.nom, retirer.nom),
        ("Adresse", adresse(garder), adresse(retirer)),
        ("SIRET", garder.pivot, retirer.pivot),
        ("Structure", garder.structure or "", retirer.structure or ""),
        ("Téléphone", garder.telephone, retirer.telephone),
        ("Horaires", garder.horaires, retirer.horaires),
        ("Statut", garder.get_statut_display(), retirer.get_statut_display()),
        ("Source", garder.source_import or "saisie", retirer.source_import or "saisie"),
        ("Mis à jour le", garder.date_maj, retirer.date_maj),
    ]
