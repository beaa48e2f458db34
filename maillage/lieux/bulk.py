"""Écriture en masse hors de la mécanique générique de l'ORM, pour `services.save_lieux_batch` (imports de
dizaines de milliers de lieux). Les objets arrivent validés (`services.validate_lieu`) : ici, seulement le SQL.

PostgreSQL : `COPY … FROM STDIN` ; SQLite : INSERT en executemany. Mêmes conversions de colonnes que `bulk_create`.
"""

import json
from enum import Enum

from django.db import connections
from django.utils import timezone

from maillage.lieux.models import Lieu


def _column_converter(field, connection):
    """Conversion Python -> paramètre SQL d'une colonne, sans la mécanique générique de l'ORM (qui coûtait la
    moitié du temps d'un import). Types simples : tels quels ; JSON : texte (SQLite) ou Jsonb (PostgreSQL) ;
    UUID, dates : la préparation de Django, identique à `bulk_create`."""
    internal = field.get_internal_type()
    if internal == "JSONField":
        if connection.vendor == "postgresql":
            from psycopg.types.json import Jsonb

            return Jsonb
        dumps = json.JSONEncoder(ensure_ascii=False).encode
        return lambda v: "[]" if v == [] else dumps(v)
    if internal in ("UUIDField", "DateField", "DateTimeField"):
        return lambda v: field.get_db_prep_save(v, connection)
    return None


def _copy_converter(field, connection):
    """Conversion Python -> valeur pour `COPY … FROM STDIN` (PostgreSQL, format texte) : le serveur analyse le
    texte selon le type de la colonne ; JSON sérialisé ici une fois (plus rapide que l'adaptateur Jsonb)."""
    internal = field.get_internal_type()
    if internal == "JSONField":
        dumps = json.JSONEncoder(ensure_ascii=False).encode
        return lambda v: "[]" if v == [] else dumps(v)
    if field.choices:  # un membre d'enum (StatutLieu.PUBLIE…) : sa valeur, pas son nom
        return lambda v: v.value if isinstance(v, Enum) else v
    return None  # dates, UUID, nombres, texte : adaptés directement par psycopg


def fast_insert(model, objs: list) -> None:
    """INSERT en masse d'objets déjà validés, sans la mécanique générique de `bulk_create` (mêmes conversions de
    colonnes). PostgreSQL : `COPY FROM STDIN` (un seul aller-retour par paquet, 3 à 4 fois plus rapide que
    l'INSERT ligne à ligne) ; autres bases : INSERT en executemany. Les clés primaires ne sont pas relues ici."""
    if not objs:
        return
    connection = connections[model.objects.db]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    attnames = [f.attname for f in fields]
    use_copy = connection.vendor == "postgresql"
    make = _copy_converter if use_copy else _column_converter
    converters = [make(f, connection) for f in fields]
    rows = (
        [conv(getattr(o, a)) if conv else getattr(o, a) for a, conv in zip(attnames, converters, strict=True)]
        for o in objs
    )
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


def insert_lieux(objs: list[Lieu]) -> None:
    """Insère les lieux nouveaux puis relit leurs clés primaires (par source + identifiant, index
    `lieu_source_idx`) pour l'historique. Même résultat que `bulk_create`."""
    if not objs:
        return
    now = timezone.now()
    for o in objs:
        o.updated_at = o.updated_at or now  # auto_now : ce que ferait pre_save()
    fast_insert(Lieu, objs)
    by_key = {o.source_id: o for o in objs}
    source = objs[0].source_import
    for sid, pk in Lieu.objects.filter(source_import=source, source_id__in=list(by_key)).values_list(
        "source_id", "pk"
    ):
        by_key[sid].pk = pk
        by_key[sid]._state.adding = False
