"""Le texte de consentement est au socle (core/0002) : l'orientation y pointe, l'ancien modèle quitte l'état.

Rien ne change en base : la table `orientations_texteconsentement` reste celle de core.TexteConsentement. Seul le
type de contenu (admin, permissions) change d'app, pour garder les droits déjà donnés.
"""

import django.db.models.deletion
from django.db import migrations, models


def _move_content_type(apps, schema_editor, src: str, dst: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if ContentType.objects.using(db).filter(app_label=dst, model="texteconsentement").exists():
        return  # déjà créé par post_migrate : l'ancien sera nettoyé par remove_stale_contenttypes
    ContentType.objects.using(db).filter(app_label=src, model="texteconsentement").update(app_label=dst)


def vers_le_socle(apps, schema_editor):
    _move_content_type(apps, schema_editor, "orientations", "core")


def vers_orientations(apps, schema_editor):
    _move_content_type(apps, schema_editor, "core", "orientations")


class Migration(migrations.Migration):
    dependencies = [
        ("orientations", "0004_declencheurs_journal"),
        ("core", "0002_texteconsentement"),
        ("accompagnements", "0006_consentement_au_socle"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="orientation",
                    name="consentement",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="orientations",
                        to="core.texteconsentement",
                        verbose_name="texte lu",
                    ),
                ),
                migrations.DeleteModel(name="TexteConsentement"),
            ],
            database_operations=[],
        ),
        migrations.RunPython(vers_le_socle, vers_orientations, elidable=True),
    ]
