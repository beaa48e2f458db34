"""Déclencheurs qui refusent UPDATE et DELETE sur le journal de l'observatoire (un texte par moteur, core/journal.py).

Migration à part : sur PostgreSQL, créer un déclencheur après des mises à jour dans la même transaction échoue.
"""

from django.db import migrations

from maillage.core.journal import install_triggers, uninstall_triggers

TABLES = ["observatoire_journalobservatoire"]


def creer(apps, schema_editor):
    install_triggers(schema_editor, TABLES)


def supprimer(apps, schema_editor):
    uninstall_triggers(schema_editor, TABLES)


class Migration(migrations.Migration):
    dependencies = [("observatoire", "0001_initial")]

    operations = [migrations.RunPython(creer, supprimer)]
