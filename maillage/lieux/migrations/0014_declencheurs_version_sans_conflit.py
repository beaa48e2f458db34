"""Déclencheurs du jeton de version réécrits sur SQLite : le corps ne peut plus hériter de la règle de conflit de
l'instruction qui le déclenche (un `INSERT OR IGNORE` de Django, dans une relation plusieurs-à-plusieurs, laissait
le jeton inchangé). Sur PostgreSQL, mêmes déclencheurs, remplacés à l'identique."""

from django.db import migrations

from maillage.lieux.version import reinstaller

TABLES = ["lieux_lieu", "lieux_arret", "core_commune"]


def remplacer(apps, schema_editor):
    reinstaller(schema_editor, TABLES)


class Migration(migrations.Migration):
    dependencies = [("lieux", "0013_declencheurs_version")]

    operations = [migrations.RunPython(remplacer, remplacer)]
