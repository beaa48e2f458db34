"""Aide à distance d'un lieu pour tout un territoire ou toute la France (issue 16, décision 0022). La recherche lit
alors les communes du territoire : leur table change aussi le jeton de version des lieux."""

import django.db.models.deletion
from django.db import migrations, models

from maillage.lieux.version import desinstaller, installer, reinstaller

TABLES = ["comptes_territoire_communes"]
#: Les déclencheurs de la migration 0004, reposés avec le texte du jeton de version d'aujourd'hui ; et, sur SQLite,
#: la table du périmètre est refaite pour recevoir une colonne avec contrainte : ses déclencheurs partent avec
#: l'ancienne table.
REPOSES = ["annuaire_perimetrelieu", "annuaire_perimetrelieu_communes_servies"]


def creer(apps, schema_editor):
    installer(schema_editor, TABLES)
    reinstaller(schema_editor, REPOSES)


def supprimer(apps, schema_editor):
    desinstaller(schema_editor, TABLES)
    reinstaller(schema_editor, REPOSES)


class Migration(migrations.Migration):
    dependencies = [
        ("annuaire", "0004_declencheurs_version_lieux"),
        ("comptes", "0002_libelles_sans_point_median"),
        ("core", "0002_texteconsentement"),
        ("lieux", "0014_declencheurs_version_sans_conflit"),
    ]

    operations = [
        migrations.AddField(
            model_name="perimetrelieu",
            name="territoire_a_distance",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="comptes.territoire",
                verbose_name="territoire de l'aide à distance",
            ),
        ),
        migrations.AddField(
            model_name="perimetrelieu",
            name="zone_a_distance",
            field=models.CharField(
                choices=[
                    ("perimetre", "Les communes de son périmètre, ou son département s'il n'en déclare aucune"),
                    ("territoire", "Tout le territoire"),
                    ("france", "Toute la France (par exemple une ligne nationale)"),
                ],
                default="perimetre",
                max_length=20,
                verbose_name="aide à distance pour",
            ),
        ),
        migrations.AddConstraint(
            model_name="perimetrelieu",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("territoire_a_distance__isnull", False), ("zone_a_distance", "territoire")),
                    models.Q(
                        models.Q(("zone_a_distance", "territoire"), _negated=True),
                        ("territoire_a_distance__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="perimetre_lieu_zone_territoire",
            ),
        ),
        migrations.RunPython(creer, supprimer),
    ]
