"""Déclencheurs qui refusent UPDATE et DELETE sur le journal des séances (un texte par moteur, core/journal.py).

Migration à part : sur PostgreSQL, créer un déclencheur après des mises à jour dans la même transaction échoue.
"""

from django.db import migrations

from maillage.core.journal import install_triggers, uninstall_triggers

TABLES = ["accompagnements_accompagnementjournal"]


def creer(apps, schema_editor):
    install_triggers(schema_editor, TABLES)


def supprimer(apps, schema_editor):
    uninstall_triggers(schema_editor, TABLES)


class Migration(migrations.Migration):
    dependencies = [("accompagnements", "0008_suppression_raison_aise_journal")]

    operations = [migrations.RunPython(creer, supprimer)]
