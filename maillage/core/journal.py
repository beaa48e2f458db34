"""Journaux infalsifiables : chaîne d'empreintes et refus des modifications par la base.

Chaque ligne d'un journal (modèle qui hérite de `AppendOnlyModel`) garde l'empreinte SHA-256 de la ligne précédente
(`prev_hash`) et la sienne (`hash`), calculée sur son contenu canonique. Modifier ou supprimer une ligne en SQL brut
casse la chaîne : `manage.py verifier_journaux` la recalcule et nomme la première ligne fautive. Les déclencheurs
(créés par les migrations, un texte par moteur) refusent déjà UPDATE et DELETE : la chaîne prouve qu'on ne les a
pas contournés. Supprimer les dernières lignes ne se voit qu'en comparant l'empreinte de tête publiée (relevés du
Pass, rapports) : c'est pourquoi ces documents l'impriment.

Insertion concurrente : l'écrivain prend un verrou propre au journal (verrou consultatif de transaction sur
PostgreSQL ; sur SQLite, les transactions sont IMMÉDIATES, donc déjà exclusives) avant de lire la tête de chaîne.
"""

from __future__ import annotations

import datetime
import decimal
import functools
import hashlib
import json
import uuid
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction

GENESIS = "0" * 64
MESSAGE_REFUS = "journal en ajout seul : modification et suppression interdites"


# --- Contenu canonique et empreinte -------------------------------------------------------------------------------


def _plain_json(value) -> bool:
    """Vrai si `value` est déjà ce que JSON relit (textes, nombres, booléens, listes, dicts à clés texte) : l'aller-
    retour `json.loads(json.dumps(...))` la rendrait identique, inutile de le faire (un tiers de l'empreinte d'une
    ligne d'import)."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or kind is float or value is None:
        return True
    if isinstance(value, str):
        # Membre d'une énumération texte (`StatutLieu.PUBLIE`) : JSON l'écrit comme son texte, que l'aller-retour
        # rendrait ; l'empreinte (JSON du contenu) est la même avec ou sans lui.
        return True
    if kind is list:
        return all(_plain_json(v) for v in value)
    if kind is dict:
        return all(type(k) is str and _plain_json(v) for k, v in value.items())
    return False


def _canonical_value(field: models.Field, value):
    """Même représentation avant l'écriture et après relecture, sur SQLite comme sur PostgreSQL."""
    if value is None:
        return None
    if isinstance(field, models.JSONField):
        # Ce que la base garde, c'est le JSON encodé : on hache la valeur telle qu'elle sera relue.
        if field.encoder in (None, DjangoJSONEncoder) and _plain_json(value):
            return value
        return json.loads(json.dumps(value, cls=field.encoder or DjangoJSONEncoder))
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC).replace(tzinfo=None)
        return value.isoformat(timespec="microseconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | float) and isinstance(field, models.DecimalField):
        return str(decimal.Decimal(str(value)).quantize(decimal.Decimal(1).scaleb(-field.decimal_places)))
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bool | int | str | float):
        return value
    return str(value)


@functools.cache
def chained_fields(model: type[models.Model]) -> tuple[models.Field, ...]:
    """Les colonnes couvertes par l'empreinte : toutes, sauf la clé et les deux empreintes (calculé une fois par
    modèle : un import de 50 000 lignes le demandait deux fois par ligne)."""
    return tuple(
        f for f in model._meta.concrete_fields if not f.primary_key and f.attname not in {"hash", "prev_hash"}
    )


_PLAIN_TYPES = frozenset({str, int, bool, float})


def _canonicalizer(field: models.Field):
    """`_canonical_value` pour une colonne, choisi une fois : un texte, un nombre ou un booléen ressort tel quel
    sans passer par la suite de tests (sauf une colonne décimale, qui arrondit) ; le reste y passe."""
    if isinstance(field, models.JSONField | models.DecimalField):
        return functools.partial(_canonical_value, field)

    def canonical(value, _plain=_PLAIN_TYPES, _slow=_canonical_value, _field=field):
        if value is None or type(value) in _plain:
            return value
        return _slow(_field, value)

    return canonical


@functools.cache
def _canonicalizers(model: type[models.Model]) -> tuple[tuple[str, object], ...]:
    """(attribut, fonction du contenu canonique) pour chaque colonne couverte par l'empreinte."""
    return tuple((f.attname, _canonicalizer(f)) for f in chained_fields(model))


# Le même encodeur que `json.dumps(…, sort_keys=True, ensure_ascii=False, separators=(",", ":"))`, construit une
# fois (json.dumps en refait un à chaque appel avec ces options).
_encode = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode


def _digest(prev_hash: str, content: dict) -> str:
    return hashlib.sha256(f"{prev_hash}\n{_encode(content)}".encode()).hexdigest()


def compute_hash(prev_hash: str, model: type[models.Model], values: dict) -> str:
    """SHA-256 de l'empreinte précédente et du contenu canonique (JSON trié, UTF-8)."""
    get = values.get
    return _digest(prev_hash, {name: canonical(get(name)) for name, canonical in _canonicalizers(model)})


def _object_hash(prev_hash: str, model: type[models.Model], obj) -> str:
    """`compute_hash` des attributs d'un objet (instance ou objet léger), sans dict intermédiaire."""
    return _digest(prev_hash, {name: canonical(getattr(obj, name)) for name, canonical in _canonicalizers(model)})


def _row_values(instance, model: type[models.Model] | None = None) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in chained_fields(model or type(instance))}


# --- Écriture : verrou, tête de chaîne, empreintes ----------------------------------------------------------------


def _lock_key(table: str) -> int:
    return zlib.crc32(f"maillage-journal:{table}".encode()) & 0x7FFFFFFF


def lock_chain(model: type[models.Model]) -> None:
    """Sérialise les écrivains d'un même journal jusqu'à la fin de la transaction en cours."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_lock_key(model._meta.db_table)])
    # SQLite : la transaction (mode IMMEDIATE) détient déjà le verrou d'écriture de la base.


def queries_per_row() -> int:
    """Requêtes qu'ajoute l'écriture d'une ligne de journal dans une transaction : lecture de la tête de chaîne, plus
    le verrou consultatif sur PostgreSQL. Sert aux tests qui comptent les requêtes d'une page."""
    return 2 if connection.vendor == "postgresql" else 1


def head_hash(model: type[models.Model]) -> str:
    """Empreinte de la dernière ligne (ou l'empreinte « genèse » d'un journal vide)."""
    last = model._base_manager.order_by("-pk").values_list("hash", flat=True).first()
    return last or GENESIS


def chain_and_insert(instance: models.Model, insert) -> None:
    """Calcule `prev_hash`/`hash` de `instance` sous verrou, puis appelle `insert()` dans la même transaction."""
    model = type(instance)

    def chained_insert():
        lock_chain(model)
        instance.prev_hash = head_hash(model)
        instance.hash = compute_hash(instance.prev_hash, model, _row_values(instance))
        insert()

    if connection.in_atomic_block:
        # Déjà dans la transaction d'un service : pas de point de sauvegarde en plus (deux requêtes de moins).
        chained_insert()
    else:
        with transaction.atomic():
            chained_insert()


def chain_objects(model: type[models.Model], objs: list) -> None:
    """Pose `prev_hash`/`hash` sur des objets légers (attributs des colonnes) avant une insertion en masse hors ORM
    (import des lieux par COPY). À appeler dans la transaction de l'insertion, juste avant elle : le verrou tient
    jusqu'au COMMIT, donc l'ordre des clés suit l'ordre de la chaîne."""
    if not objs:
        return
    lock_chain(model)
    prev = head_hash(model)
    for obj in objs:
        obj.prev_hash = prev
        obj.hash = prev = _object_hash(prev, model, obj)


def chain_bulk(model: type[models.Model], instances: list[models.Model], batch_size: int = 2000) -> list:
    """Insertion en masse d'un journal (imports) : mêmes empreintes que ligne à ligne, un seul verrou."""
    if not instances:
        return []
    with transaction.atomic():
        lock_chain(model)
        prev = head_hash(model)
        for instance in instances:
            instance.prev_hash = prev
            instance.hash = prev = compute_hash(prev, model, _row_values(instance))
        return models.QuerySet(model).bulk_create(instances, batch_size=batch_size)


# --- Vérification -------------------------------------------------------------------------------------------------


@dataclass
class Rupture:
    """Première ligne où la chaîne ne tient plus."""

    model: type[models.Model]
    pk: int
    raison: str

    def __str__(self) -> str:
        return f"{self.model._meta.label} ligne {self.pk} : {self.raison}"


def journal_models() -> list[type[models.Model]]:
    """Tous les journaux chaînés du projet (modèles concrets qui portent `hash` et `prev_hash`)."""
    from maillage.core.models import AppendOnlyModel

    return sorted(
        (m for m in apps.get_models() if issubclass(m, AppendOnlyModel) and not m._meta.abstract),
        key=lambda m: m._meta.label,
    )


def verify_chain(model: type[models.Model], chunk_size: int = 5000) -> tuple[int, Rupture | None, str]:
    """Recalcule la chaîne d'un journal : (lignes lues, première rupture ou None, empreinte de tête)."""
    names = ["pk", "hash", "prev_hash"] + [f.attname for f in chained_fields(model)]
    prev, count = GENESIS, 0
    rows: Iterator[dict] = model._base_manager.order_by("pk").values(*names).iterator(chunk_size=chunk_size)
    for row in rows:
        count += 1
        if row["prev_hash"] != prev:
            return (
                count,
                Rupture(model, row["pk"], "ne suit pas la ligne précédente (ligne supprimée ou déplacée)"),
                prev,
            )
        expected = compute_hash(prev, model, row)
        if row["hash"] != expected:
            return count, Rupture(model, row["pk"], "contenu modifié après écriture (empreinte différente)"), prev
        prev = row["hash"]
    return count, None, prev


# --- Déclencheurs : refus de UPDATE et DELETE par la base elle-même -----------------------------------------------


def trigger_sql(vendor: str, table: str) -> list[str]:
    """Déclencheurs qui refusent UPDATE et DELETE sur `table` (un texte par moteur)."""
    if vendor == "postgresql":
        return [
            "CREATE OR REPLACE FUNCTION maillage_journal_ajout_seul() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{MESSAGE_REFUS} (%)', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql",
            f'DROP TRIGGER IF EXISTS "{table}_ajout_seul" ON "{table}"',
            f'CREATE TRIGGER "{table}_ajout_seul" BEFORE UPDATE OR DELETE ON "{table}" '
            "FOR EACH ROW EXECUTE FUNCTION maillage_journal_ajout_seul()",
        ]
    if vendor == "sqlite":
        return [
            f'CREATE TRIGGER IF NOT EXISTS "{table}_sans_update" BEFORE UPDATE ON "{table}" '
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE_REFUS}'); END",
            f'CREATE TRIGGER IF NOT EXISTS "{table}_sans_delete" BEFORE DELETE ON "{table}" '
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE_REFUS}'); END",
        ]
    return []


def drop_trigger_sql(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [f'DROP TRIGGER IF EXISTS "{table}_ajout_seul" ON "{table}"']
    if vendor == "sqlite":
        return [f'DROP TRIGGER IF EXISTS "{table}_sans_update"', f'DROP TRIGGER IF EXISTS "{table}_sans_delete"']
    return []


def install_triggers(schema_editor, tables: Iterable[str]) -> None:
    """À appeler depuis une migration (RunPython) : crée les déclencheurs des tables données."""
    for table in tables:
        for sql in trigger_sql(schema_editor.connection.vendor, table):
            schema_editor.execute(sql, params=None)  # pas d'interpolation : le texte contient « % »


def uninstall_triggers(schema_editor, tables: Iterable[str]) -> None:
    """Inverse de `install_triggers` (retour arrière d'une migration)."""
    for table in tables:
        for sql in drop_trigger_sql(schema_editor.connection.vendor, table):
            schema_editor.execute(sql, params=None)  # pas d'interpolation : le texte contient « % »


def backfill_chain(model, using: str = "default") -> None:
    """Migration : calcule les empreintes des lignes écrites avant la chaîne, dans l'ordre des clés."""
    prev = GENESIS
    names = [f.attname for f in chained_fields(model)]
    for row in model._base_manager.using(using).order_by("pk").values("pk", *names).iterator(chunk_size=2000):
        digest = compute_hash(prev, model, row)
        model._base_manager.using(using).filter(pk=row["pk"]).update(prev_hash=prev, hash=digest)
        prev = digest
