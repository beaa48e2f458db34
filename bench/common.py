"""Ce que tous les benchmarks partagent : une base neuve et Django configuré dessus."""

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
