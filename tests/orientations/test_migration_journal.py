"""La migration de la chaîne retire la précision en texte libre des anciens refus, avant de les chaîner."""

import importlib

from django.db import connection

from maillage.core.journal import backfill_chain, drop_trigger_sql, trigger_sql, verify_chain
from maillage.orientations.enums import OrientationEvent
from maillage.orientations.models import OrientationJournal
from tests.orientations.factories import OrientationFactory

migration = importlib.import_module("maillage.orientations.migrations.0003_chaine_journal")


def test_old_refusal_precision_is_replaced_by_a_flag_then_chained():
    orientation = OrientationFactory()
    OrientationJournal.objects.create(orientation=orientation, event=OrientationEvent.CREATED, details={})
    ancien = OrientationJournal.objects.create(
        orientation=orientation, event=OrientationEvent.DECLINED, details={"motif": "AUTRE"}
    )
    table = OrientationJournal._meta.db_table
    with connection.cursor() as cursor:  # une ligne écrite par l'ancien code, avant les déclencheurs
        for sql in drop_trigger_sql(connection.vendor, table):
            cursor.execute(sql)
        cursor.execute(
            f"UPDATE {connection.ops.quote_name(table)} SET details = %s WHERE id = %s",
            ['{"motif": "AUTRE", "precision": "Madame Dupont ne parle pas français"}', ancien.pk],
        )

        migration.retirer_textes_libres(OrientationJournal, "default")
        backfill_chain(OrientationJournal)
        for sql in trigger_sql(connection.vendor, table):
            cursor.execute(sql)
    ancien.refresh_from_db()
    assert ancien.details == {"motif": "AUTRE", "precision_renseignee": True}
    assert verify_chain(OrientationJournal)[1] is None
