"""Journaux infalsifiables : la base refuse UPDATE et DELETE, la chaîne d'empreintes trahit le SQL brut.

Chaque test tourne sur SQLite et sur PostgreSQL (la CI lance la suite sur les deux).
"""

import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from maillage.core.journal import (
    GENESIS,
    drop_trigger_sql,
    journal_models,
    trigger_sql,
    verify_chain,
)
from maillage.lieux.models import LieuEvent, LieuHistorique
from tests.lieux.factories import LieuFactory

EXPECTED_JOURNALS = {
    "lieux.LieuHistorique",
    "pass_numerique.Mouvement",
    "pass_numerique.QualificationJournal",
    "pass_numerique.TentativeRefusee",
    "core.TexteConsentement",
    "orientations.OrientationJournal",
    "accompagnements.BeneficiaireJournal",
}


def _write_rows(n=3):
    lieu = LieuFactory()
    return [
        LieuHistorique.objects.create(lieu=lieu, event=LieuEvent.UPDATED, details={"champ": f"c{i}"}) for i in range(n)
    ]


def _raw(sql, params=()):
    """SQL brut qui contourne les déclencheurs : ce que ferait un intrus avec un accès direct à la base."""
    table = LieuHistorique._meta.db_table
    with connection.cursor() as cursor:
        for statement in drop_trigger_sql(connection.vendor, table):
            cursor.execute(statement)
        cursor.execute(sql, params)
        for statement in trigger_sql(connection.vendor, table):
            cursor.execute(statement)


class TestChaine:
    def test_every_journal_is_chained(self):
        assert {m._meta.label for m in journal_models()} >= EXPECTED_JOURNALS

    def test_rows_are_chained_in_order(self):
        rows = _write_rows(3)
        first = LieuHistorique.objects.order_by("pk").first()
        assert first.prev_hash == GENESIS
        for previous, row in zip(rows, rows[1:], strict=False):
            row.refresh_from_db()
            previous.refresh_from_db()
            assert row.prev_hash == previous.hash
        count, rupture, head = verify_chain(LieuHistorique)
        assert (count, rupture) == (LieuHistorique.objects.count(), None)
        assert head == LieuHistorique.objects.order_by("-pk").first().hash

    def test_bulk_create_is_chained_like_single_inserts(self):
        lieu = LieuFactory()
        LieuHistorique.objects.bulk_create(
            [LieuHistorique(lieu=lieu, event=LieuEvent.IMPORTED, details={"n": i}) for i in range(5)]
        )
        assert verify_chain(LieuHistorique)[1] is None

    def test_command_reports_intact_journals(self, capsys):
        _write_rows(2)
        call_command("verifier_journaux")
        out = capsys.readouterr().out
        assert "Tous les journaux sont intacts" in out
        assert "historique" in out


class TestDeclencheurs:
    @pytest.mark.parametrize("statement", ["UPDATE {t} SET event = 'X'", "DELETE FROM {t}"])
    def test_database_refuses_update_and_delete(self, statement):
        _write_rows(1)
        table = LieuHistorique._meta.db_table
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement.format(t=connection.ops.quote_name(table)))
        assert LieuHistorique.objects.filter(event=LieuEvent.UPDATED).count() == 1

    # Tous les journaux, y compris ceux à venir : une migration qui referait une table SQLite (changement de type,
    # d'encodeur…) perdrait ses déclencheurs sans bruit ; ce test le voit.
    @pytest.mark.parametrize("label", sorted(m._meta.label for m in journal_models()))
    def test_every_journal_table_has_its_trigger(self, label):
        model = next(m for m in journal_models() if m._meta.label == label)
        table = model._meta.db_table
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table])
            else:
                cursor.execute(
                    "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [table]
                )
            names = {row[0] for row in cursor.fetchall()}
        assert len(names) == (2 if connection.vendor == "sqlite" else 1), f"déclencheurs de {table} : {names}"


class TestFalsification:
    def test_tampered_row_is_named_by_the_command(self):
        rows = _write_rows(3)
        table = connection.ops.quote_name(LieuHistorique._meta.db_table)
        _raw(f"UPDATE {table} SET details = %s WHERE id = %s", ['{"champ": "falsifie"}', rows[1].pk])
        with pytest.raises(CommandError) as excinfo:
            call_command("verifier_journaux", "--journal", "lieux.LieuHistorique")
        assert f"ligne {rows[1].pk}" in str(excinfo.value)
        assert "contenu modifié" in str(excinfo.value)

    def test_deleted_row_breaks_the_chain_at_the_next_row(self):
        rows = _write_rows(3)
        table = connection.ops.quote_name(LieuHistorique._meta.db_table)
        _raw(f"DELETE FROM {table} WHERE id = %s", [rows[1].pk])
        count, rupture, _ = verify_chain(LieuHistorique)
        assert rupture is not None and rupture.pk == rows[2].pk
        assert "ne suit pas" in rupture.raison


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrence réelle : PostgreSQL seulement")
def test_concurrent_writers_keep_one_valid_chain(transactional_db):
    lieu = LieuFactory()
    n_threads, per_thread = 8, 10
    barrier = threading.Barrier(n_threads)
    errors = []

    def worker(i):
        try:
            barrier.wait(timeout=30)
            for j in range(per_thread):
                with transaction.atomic():
                    LieuHistorique.objects.create(lieu=lieu, event=LieuEvent.UPDATED, details={"t": i, "j": j})
        except Exception as exc:  # noqa: BLE001
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    count, rupture, _ = verify_chain(LieuHistorique)
    assert rupture is None
    assert count == n_threads * per_thread


def test_empreinte_sans_aller_retour_json_identique():
    """Le raccourci des valeurs JSON déjà « relues » (textes, nombres, listes, dicts à clés texte) donne la même
    empreinte que l'aller-retour json.loads(json.dumps(...)) ; une date ou un UUID passent toujours par lui."""
    import datetime
    import json
    import uuid

    from django.core.serializers.json import DjangoJSONEncoder

    from maillage.core import journal
    from maillage.lieux.models import LieuHistorique

    field = LieuHistorique._meta.get_field("details")
    for value in [
        {"source": "x", "created": True, "n": 3, "f": 0.1, "changes": {"nom": ["a", "b"], "lat": [None, 47.4]}},
        {"d": datetime.date(2025, 1, 2), "u": uuid.uuid4()},
        {"t": ("a", 1)},
        [],
    ]:
        expected = json.loads(json.dumps(value, cls=DjangoJSONEncoder))
        assert journal._canonical_value(field, value) == expected
    assert journal._plain_json({"a": [1, "b", None]}) is True
    assert journal._plain_json({1: "a"}) is False
    assert journal._plain_json({"d": datetime.date(2025, 1, 2)}) is False


def test_empreinte_identique_a_celle_des_chaines_deja_ecrites():
    """L'empreinte d'un contenu donné ne change jamais (les chaînes en base resteraient sinon « cassées ») : valeur
    calculée par la première version de `compute_hash` ; ligne lue d'un dict ou d'un objet, même résultat."""
    import datetime
    from types import SimpleNamespace
    from zoneinfo import ZoneInfo

    from maillage.core import journal
    from maillage.lieux.enums import StatutLieu
    from maillage.lieux.models import LieuEvent, LieuHistorique

    values = {
        "created_at": datetime.datetime(2025, 3, 9, 9, 30, 0, 12, tzinfo=ZoneInfo("Europe/Paris")),
        "lieu_id": 42,
        "actor_id": None,
        "event": LieuEvent.IMPORTED,
        "details": {
            "source": "CD49 « test »",
            "created": True,
            "statut": StatutLieu.PUBLIE,  # membre d'énumération : écrit comme son texte
            "changes": {"date_maj": [datetime.date(2025, 1, 2), "2025-02-03"], "lat": [None, 47.5]},
        },
    }
    expected = "ff4566fb67b581a5021604d674b32ad346a1a379423f8fbf4505bc5388d14814"
    assert journal.compute_hash(journal.GENESIS, LieuHistorique, values) == expected
    assert journal._object_hash(journal.GENESIS, LieuHistorique, SimpleNamespace(**values)) == expected
    assert journal._plain_json({"statut": StatutLieu.PUBLIE}) is True
