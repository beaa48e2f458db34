"""Déclencheurs qui refusent UPDATE et DELETE sur les orientations simples (pièces en ajout seul, core/journal.py).

Migration à part : sur PostgreSQL, créer un déclencheur après des mises à jour dans la même transaction échoue.
"""

from django.db import migrations

from maillage.core.journal import install_triggers, uninstall_triggers

TABLES = ["orientations_orientationsimple"]


def creer(apps, schema_editor):
    install_triggers(schema_editor, TABLES)


def supprimer(apps, schema_editor):
    uninstall_triggers(schema_editor, TABLES)


class Migration(migrations.Migration):
    dependencies = [("orientations", "0007_orientation_simple")]

    operations = [migrations.RunPython(creer, supprimer)]
