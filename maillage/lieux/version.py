"""Jeton de version des lieux, changé par la base à chaque écriture (décision 0022).

Les déclencheurs (un texte par moteur) écrivent un jeton aléatoire dans `lieux_versionlieux` (id = 1) à chaque
INSERT, UPDATE ou DELETE sur les tables données : aucune écriture ne peut l'oublier (service, import en masse,
admin, SQL brut). Sur PostgreSQL, un déclencheur par instruction ; SQLite n'en connaît que par ligne.
"""

from collections.abc import Iterable

TABLE = "lieux_versionlieux"


def _nom(table: str) -> str:
    return f"{table}_version_lieux"


def trigger_sql(vendor: str, table: str) -> list[str]:
    nom = _nom(table)
    if vendor == "postgresql":
        return [
            "CREATE OR REPLACE FUNCTION maillage_version_lieux() RETURNS trigger AS $$ BEGIN "
            f"INSERT INTO {TABLE} (id, jeton) VALUES (1, md5(random()::text || clock_timestamp()::text)) "
            "ON CONFLICT (id) DO UPDATE SET jeton = EXCLUDED.jeton; RETURN NULL; END; $$ LANGUAGE plpgsql",
            f'DROP TRIGGER IF EXISTS "{nom}" ON "{table}"',
            f'CREATE TRIGGER "{nom}" AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
            "FOR EACH STATEMENT EXECUTE FUNCTION maillage_version_lieux()",
        ]
    if vendor == "sqlite":
        # Aucune instruction du corps ne peut entrer en conflit : SQLite applique à celles d'un déclencheur la règle
        # de conflit de l'instruction qui le déclenche (l'INSERT OR IGNORE d'un `.add()` de Django changeait un
        # « INSERT OR REPLACE » en « OR IGNORE », et le jeton ne bougeait pas).
        return [
            f'CREATE TRIGGER IF NOT EXISTS "{nom}_{op.lower()}" AFTER {op} ON "{table}" BEGIN '
            f"INSERT INTO {TABLE} (id, jeton) SELECT 1, '' WHERE NOT EXISTS (SELECT 1 FROM {TABLE} WHERE id = 1); "
            f"UPDATE {TABLE} SET jeton = lower(hex(randomblob(16))) WHERE id = 1; END"
            for op in ("INSERT", "UPDATE", "DELETE")
        ]
    return []


def drop_trigger_sql(vendor: str, table: str) -> list[str]:
    nom = _nom(table)
    if vendor == "postgresql":
        return [f'DROP TRIGGER IF EXISTS "{nom}" ON "{table}"']
    if vendor == "sqlite":
        return [f'DROP TRIGGER IF EXISTS "{nom}_{op.lower()}"' for op in ("insert", "update", "delete")]
    return []


def reinstaller(schema_editor, tables: Iterable[str]) -> None:
    """Remplace les déclencheurs (nouveau texte, ou table refaite par SQLite qui les a perdus)."""
    desinstaller(schema_editor, tables)
    installer(schema_editor, tables)


def installer(schema_editor, tables: Iterable[str]) -> None:
    """À appeler depuis une migration (RunPython)."""
    for table in tables:
        for sql in trigger_sql(schema_editor.connection.vendor, table):
            schema_editor.execute(sql, params=None)


def desinstaller(schema_editor, tables: Iterable[str]) -> None:
    for table in tables:
        for sql in drop_trigger_sql(schema_editor.connection.vendor, table):
            schema_editor.execute(sql, params=None)
