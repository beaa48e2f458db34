"""Ce que tous les benchmarks partagent : une base neuve et Django configuré dessus."""

import argparse
import os
from pathlib import Path


def fresh_database(db_url: str) -> None:
    """Base neuve : fichier SQLite supprimé (avec son journal WAL), ou base PostgreSQL recréée (nom pris dans l'URL)."""
    if db_url.startswith("sqlite"):
        path = Path(db_url.split("sqlite:///", 1)[1])
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    import psycopg

    base, name = db_url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(db_url: str, **extra_env: str) -> None:
    """Réglages dev sur la base du banc, sans DEBUG (pas d'historique des requêtes SQL en mémoire)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    os.environ["DATABASE_URL"] = db_url
    os.environ["DJANGO_DEBUG"] = "False"
    os.environ.update(extra_env)
    import django

    django.setup()


OUT = Path(__file__).resolve().parent / "out"


def begin(name: str, doc: str | None, *, reuse: bool = False) -> argparse.Namespace:
    """Début commun des bancs de pages : options (--small, --reuse), base neuve (sauf --reuse), Django, migrations.

    La base est BENCH_DATABASE_URL, sinon un fichier SQLite de bench/out/ propre au banc et à sa taille. Affiche la
    charge de la machine (au-delà du nombre de cœurs, les temps mesurés sont gonflés) et la base utilisée.
    """
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", action="store_true", help="taille réduite (CI)")
    if reuse:
        parser.add_argument("--reuse", action="store_true", help="garder la base du dernier passage (mesures seules)")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    db_file = f"{name}_small.sqlite3" if args.small else f"{name}.sqlite3"
    database_url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{OUT / db_file}"
    if not getattr(args, "reuse", False):
        fresh_database(database_url)
    setup_django(database_url)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    print(f"Charge de la machine (load average 1 min) : {os.getloadavg()[0]:.1f} sur {os.cpu_count()} cœurs")
    print(f"Base : {connection.vendor} ({database_url.split('@')[-1]})")
    return args


def analyze() -> None:
    """Statistiques du planificateur à jour après le chargement du jeu de données (aucune base ne le fait seule)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
