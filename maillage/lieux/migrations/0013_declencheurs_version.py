"""Déclencheurs qui changent le jeton de version des lieux à chaque écriture (lieux, arrêts, communes) — décision 0022."""

from django.db import migrations

from maillage.lieux.version import desinstaller, installer

# Les communes aussi : leurs centres sont dans l'index (commune cherchée, commune la plus proche d'un point).
TABLES = ["lieux_lieu", "lieux_arret", "core_commune"]


def creer(apps, schema_editor):
    installer(schema_editor, TABLES)


def supprimer(apps, schema_editor):
    desinstaller(schema_editor, TABLES)


class Migration(migrations.Migration):
    dependencies = [("lieux", "0012_version_lieux")]

    operations = [migrations.RunPython(creer, supprimer)]
