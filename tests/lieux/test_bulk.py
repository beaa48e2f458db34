"""Écriture en masse de l'import (lieux/bulk.py) : ce qu'elle écrit est, octet pour octet, ce qu'écrirait l'ORM."""

import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from maillage.lieux import bulk
from maillage.lieux.enums import Service, StatutLieu
from maillage.lieux.models import Lieu

UTC = datetime.UTC
PARIS = ZoneInfo("Europe/Paris")


def _lieu(**extra: object) -> Lieu:
    values = dict(
        public_id=uuid.UUID("12345678-1234-5678-1234-567812345678"),
        nom="Médiathèque « Toussaint »",
        commune="Angers",
        code_postal="49000",
        adresse="49 rue Toussaint",
        latitude=47.47,
        longitude=-0.55,
        date_maj=datetime.date(2025, 3, 9),
        services=[Service.AIDE_DEMARCHES.value, Service.ACCES_MATERIEL.value],
        courriels=["accueil@exemple.fr"],
        typologie=["BIB"],
        autres_formations_labels=["Médiation « numérique »"],  # JSON non ASCII : échappé comme par l'ORM
        statut=StatutLieu.PUBLIE,
        source_import="essai",
        source_id="1",
        created_at=datetime.datetime(2025, 3, 9, 8, 30, 0, 123456, tzinfo=UTC),
        updated_at=datetime.datetime(2025, 3, 9, 9, 0, tzinfo=UTC),  # sans microsecondes
        verified_at=datetime.datetime(2025, 3, 10, 14, 5, 7, tzinfo=PARIS),  # autre fuseau que la base
    )
    lieu = Lieu(**{**values, **extra})
    lieu.fill_derived_fields()
    return lieu


def _raw_row(pk: int) -> tuple:
    """La ligne telle que la base la stocke, sans les convertisseurs de lecture de Django (SQLite : le texte
    même ; PostgreSQL : les types de psycopg)."""
    columns = ", ".join(connection.ops.quote_name(f.column) for f in Lieu._meta.concrete_fields if not f.primary_key)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM lieux_lieu WHERE id = %s", [pk])
        return cursor.fetchone()


def test_le_chemin_rapide_ecrit_la_meme_ligne_que_l_orm():
    orm = _lieu()
    orm.save()
    # `auto_now` : save() remplace updated_at ; le chemin rapide doit écrire la même valeur.
    expected_raw = _raw_row(orm.pk)
    expected = Lieu.objects.get(pk=orm.pk)
    Lieu.objects.filter(pk=orm.pk).delete()

    fast = _lieu(updated_at=expected.updated_at)
    bulk.insert_lieux([fast])
    assert fast.pk is not None
    fields = [f.attname for f in Lieu._meta.concrete_fields if not f.primary_key]
    read = Lieu.objects.get(pk=fast.pk)
    assert {a: getattr(read, a) for a in fields} == {a: getattr(expected, a) for a in fields}
    raw = _raw_row(fast.pk)
    differences = {
        name: (mine, theirs) for name, mine, theirs in zip(fields, raw, expected_raw, strict=True) if mine != theirs
    }
    assert differences == {}


@pytest.mark.parametrize(
    "value",
    [
        None,
        uuid.UUID("12345678-1234-5678-1234-567812345678"),
        uuid.uuid4(),
        datetime.date(2025, 1, 2),
        datetime.datetime(2025, 3, 9, 8, 30, 0, 123456, tzinfo=UTC),
        datetime.datetime(2025, 3, 9, 8, 30, tzinfo=UTC),
        datetime.datetime(2025, 7, 14, 23, 59, 59, 1, tzinfo=PARIS),
        datetime.datetime(2025, 10, 26, 2, 30, tzinfo=PARIS),  # heure d'hiver : ambiguë à Paris
    ],
    ids=str,
)
def test_conversions_identiques_a_celles_de_django(value):
    for field in Lieu._meta.concrete_fields:
        internal = field.get_internal_type()
        if internal not in ("UUIDField", "DateField", "DateTimeField") or not _accepts(internal, value):
            continue
        convert = bulk._column_converter(field, connection)
        assert convert(value) == field.get_db_prep_save(value, connection), field.name


def _accepts(internal: str, value: object) -> bool:
    if value is None:
        return True
    return {"UUIDField": uuid.UUID, "DateField": datetime.date, "DateTimeField": datetime.datetime}[internal] is type(
        value
    )
