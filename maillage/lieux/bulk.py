"""Écriture en masse hors de la mécanique générique de l'ORM, pour `services.save_lieux_batch` (imports de
dizaines de milliers de lieux). Les objets arrivent validés (`services.validate_lieu`) : ici, seulement le SQL.

PostgreSQL : `COPY … FROM STDIN` ; SQLite : INSERT en executemany. Mêmes conversions de colonnes que `bulk_create`.
"""

import json
import uuid
from collections.abc import Callable
from datetime import date, datetime, tzinfo
from enum import Enum
from operator import attrgetter
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field
from django.utils import timezone

from maillage.lieux.models import Lieu


def _column_converter(field: Field, connection: BaseDatabaseWrapper) -> Callable[[Any], Any] | None:
    """Conversion Python -> paramètre SQL d'une colonne, sans la mécanique générique de l'ORM (qui coûtait la
    moitié du temps d'un import). Types simples : tels quels ; JSON : texte (SQLite) ou Jsonb (PostgreSQL) ;
    UUID, dates : ce que Django écrirait, octet pour octet (vérifié par les tests), par des fonctions directes ;
    toute valeur inattendue repasse par la préparation de Django."""
    internal = field.get_internal_type()
    if internal == "JSONField":
        if connection.vendor == "postgresql":
            from psycopg.types.json import Jsonb

            return Jsonb
        return _json_text()
    if internal not in ("UUIDField", "DateField", "DateTimeField"):
        return None

    def generic(v: Any) -> Any:
        return field.get_db_prep_save(v, connection)

    if connection.vendor != "sqlite":
        return generic
    if internal == "UUIDField":
        return lambda v: v.hex if type(v) is uuid.UUID else generic(v)  # SQLite : 32 chiffres hexadécimaux
    if internal == "DateField":
        return lambda v: v.isoformat() if type(v) is date else generic(v)  # « AAAA-MM-JJ »
    return _sqlite_datetime(connection.timezone, generic) if settings.USE_TZ else generic


def _sqlite_datetime(tz: tzinfo, generic: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Date et heure sur SQLite, comme `DatabaseOperations.adapt_datetimefield_value` : heure du fuseau de la
    base (UTC), sans fuseau, « AAAA-MM-JJ HH:MM:SS[.ffffff] » (`str`). La dernière valeur est retenue : les
    lignes d'un paquet partagent souvent la même heure (`updated_at`, historique)."""
    last: list = [None, None]

    def convert(v: Any) -> Any:
        if v is None:
            return None
        if v is last[0]:
            return last[1]
        out = v.astimezone(tz).replace(tzinfo=None).isoformat(" ") if type(v) is datetime and v.tzinfo else generic(v)
        last[0], last[1] = v, out
        return out

    return convert


def _json_text() -> Callable[[Any], str]:
    """JSON en texte ; une liste de textes déjà vue dans le paquet (services, publics… se répètent) n'est encodée
    qu'une fois, le même objet (dict partagé) deux fois de suite non plus : les objets ne changent pas pendant
    l'écriture. La mémoire vit le temps d'un paquet (`fast_insert`)."""
    dumps = json.JSONEncoder().encode  # comme l'ORM (`json.dumps`) : même texte en base, octet pour octet
    seen: dict[tuple, str] = {}
    last: list = [None, "null"]  # le dernier objet encodé (les détails d'historique partagés d'un paquet)

    def convert(v: Any) -> str:
        if type(v) is not list:
            if v is last[0]:
                return last[1]
            out = dumps(v)
            last[0], last[1] = v, out
            return out
        if not v:
            return "[]"
        key = tuple(v)
        out = seen.get(key)
        if out is None:
            out = dumps(v)
            # Seulement des textes : (1,) et (True,) seraient la même clé pour deux JSON différents.
            if all(type(x) is str for x in key):
                seen[key] = out
        return out

    return convert


def _copy_converter(field, connection):
    """Conversion Python -> valeur pour `COPY … FROM STDIN` (PostgreSQL, format texte) : le serveur analyse le
    texte selon le type de la colonne ; JSON sérialisé ici une fois (plus rapide que l'adaptateur Jsonb)."""
    internal = field.get_internal_type()
    if internal == "JSONField":
        return _json_text()
    if field.choices:  # un membre d'enum (StatutLieu.PUBLIE…) : sa valeur, pas son nom
        return lambda v: v.value if isinstance(v, Enum) else v
    return None  # dates, UUID, nombres, texte : adaptés directement par psycopg


def fast_insert(model, objs: list, *, with_pk: bool = False) -> None:
    """INSERT en masse d'objets déjà validés, sans la mécanique générique de `bulk_create` (mêmes conversions de
    colonnes). PostgreSQL : `COPY FROM STDIN` (un seul aller-retour par paquet, 3 à 4 fois plus rapide que
    l'INSERT ligne à ligne) ; autres bases : INSERT en executemany. Les clés primaires ne sont pas relues ici :
    `with_pk` écrit celles que les objets portent déjà (réservées par `reserve_pks`)."""
    if not objs:
        return
    connection = connections[model.objects.db]
    fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    use_copy = connection.vendor == "postgresql"
    make = _copy_converter if use_copy else _column_converter
    # Toutes les colonnes d'un objet lues d'un coup (`attrgetter`, en C) ; seules celles qui ont une conversion
    # (JSON, UUID, dates…) passent par Python.
    values_of = attrgetter(*(f.attname for f in fields))
    converted = [(i, conv) for i, f in enumerate(fields) if (conv := make(f, connection)) is not None]
    rows = (_converted_row(values_of(o), converted) for o in objs)
    with connection.cursor() as cursor:
        if use_copy:
            # `cursor.cursor` : le curseur psycopg sous l'enveloppe de Django (qui n'expose pas copy()) ; ses erreurs
            # redeviennent celles de Django (IntegrityError d'une clé en double, comme avec l'ORM).
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
        else:
            sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
            cursor.executemany(sql, list(rows))


def _converted_row(values: tuple, converted: list[tuple[int, Callable[[Any], Any]]]) -> list:
    row = list(values)
    for i, conv in converted:
        row[i] = conv(row[i])
    return row


def reserve_pks(model, count: int) -> list[int] | None:
    """`count` clés primaires prises d'un coup (une requête), à écrire avec les lignes. PostgreSQL : à la séquence
    de la table. SQLite, dans une transaction IMMÉDIATE (la base est alors verrouillée en écriture jusqu'au
    COMMIT) : celles que la base donnerait elle-même (AUTOINCREMENT : la plus grande clé jamais donnée, + 1, + 2…).
    Ailleurs : None (les clés sont relues après l'insertion)."""
    connection = connections[model.objects.db]
    if not count:
        return None
    if connection.vendor == "sqlite" and _sqlite_write_locked(connection):
        quote = connection.ops.quote_name
        table, pk = model._meta.db_table, model._meta.pk.column
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
                f"COALESCE((SELECT MAX({quote(pk)}) FROM {quote(table)}), 0))",
                [table],
            )
            (last,) = cursor.fetchone()
        return list(range(last + 1, last + 1 + count))
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def _sqlite_write_locked(connection: BaseDatabaseWrapper) -> bool:
    """Vrai si la transaction SQLite en cours a pris le verrou d'écriture dès son début (BEGIN IMMEDIATE)."""
    immediate = str(connection.settings_dict.get("OPTIONS", {}).get("transaction_mode", "")).upper() == "IMMEDIATE"
    return immediate and connection.in_atomic_block


def insert_lieux(objs: list[Lieu]) -> None:
    """Insère les lieux nouveaux avec leurs clés primaires (réservées d'avance, `reserve_pks` ; sinon relues par
    source + identifiant, index `lieu_source_idx`) pour l'historique. Même résultat que `bulk_create`."""
    if not objs:
        return
    now = timezone.now()
    for o in objs:
        o.updated_at = o.updated_at or now  # auto_now : ce que ferait pre_save()
    pks = reserve_pks(Lieu, len(objs))
    if pks is not None:
        for o, pk in zip(objs, pks, strict=True):
            o.pk = pk
            o._state.adding = False
        fast_insert(Lieu, objs, with_pk=True)
        return
    fast_insert(Lieu, objs)
    by_key = {o.source_id: o for o in objs}
    source = objs[0].source_import
    for sid, pk in Lieu.objects.filter(source_import=source, source_id__in=list(by_key)).values_list(
        "source_id", "pk"
    ):
        by_key[sid].pk = pk
        by_key[sid]._state.adding = False
