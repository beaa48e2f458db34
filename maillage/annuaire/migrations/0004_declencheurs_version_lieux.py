"""Le périmètre d'un lieu entre dans sa recherche (aide à distance, « intervient dans la commune ») : chaque écriture
change aussi le jeton de version des lieux (décision 0022)."""

from django.db import migrations

from maillage.lieux.version import desinstaller, installer

TABLES = ["annuaire_perimetrelieu", "annuaire_perimetrelieu_communes_servies"]


def creer(apps, schema_editor):
    installer(schema_editor, TABLES)


def supprimer(apps, schema_editor):
    desinstaller(schema_editor, TABLES)


class Migration(migrations.Migration):
    dependencies = [("annuaire", "0003_noms_au_pluriel"), ("lieux", "0013_declencheurs_version")]

    operations = [migrations.RunPython(creer, supprimer)]
