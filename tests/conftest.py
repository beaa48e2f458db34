import csv
import os
from pathlib import Path

import pytest

from maillage.core.models import Commune, Departement, Region

ROOT = Path(__file__).resolve().parent.parent


def _shared_dir() -> Path:
    """Le dossier shared/ de référence : à côté du dépôt (CI), ou désigné par MAILLAGE_SHARED_DIR."""
    for candidate in (os.environ.get("MAILLAGE_SHARED_DIR"), ROOT.parent / "shared", "/work/shared"):
        if candidate and Path(candidate, "data").is_dir():
            return Path(candidate)
    return ROOT.parent / "shared"


SHARED = _shared_dir()
COMMUNES_CSV = SHARED / "data" / "communes" / "communes-france-centroides-population.csv"


@pytest.fixture(autouse=True)
def _db(db):
    """Chaque test a accès à la base (les-emplois) ; les tests de navigateur demandent transactional_db."""


@pytest.fixture(autouse=True)
def _email_backend(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def load_communes_from_shared_csv(*departements: str) -> list[Commune]:
    """Communes réelles (fichier dérivé de shared/, autorisé pour les tests) des départements demandés."""
    region_codes, deps, communes = set(), {}, []
    with COMMUNES_CSV.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["departement"] not in departements:
                continue
            region_codes.add(row["region"])
            deps[row["departement"]] = row["region"]
            lat = row["latitude"] or row["mairie_latitude"]
            lon = row["longitude"] or row["mairie_longitude"]
            c = Commune(
                code_insee=row["code_insee"], nom=row["nom"], departement_id=row["departement"],
                codes_postaux=[p for p in row["codes_postaux"].split("|") if p],
                population=int(row["population"] or 0),
                latitude=float(lat) if lat else None, longitude=float(lon) if lon else None,
            )  # fmt: skip
            c.fill_derived_fields()
            communes.append(c)
    for code in region_codes:
        Region.objects.get_or_create(code=code, defaults={"nom": f"Région {code}"})
    for code, region in deps.items():
        Departement.objects.get_or_create(code=code, defaults={"nom": f"Département {code}", "region_id": region})
    Commune.objects.bulk_create(communes, ignore_conflicts=True)
    return list(Commune.objects.filter(departement_id__in=departements))


@pytest.fixture
def communes_49():
    """Les 176 communes réelles de Maine-et-Loire."""
    return {c.code_insee: c for c in load_communes_from_shared_csv("49")}


@pytest.fixture
def angers(communes_49):
    return communes_49["49007"]
