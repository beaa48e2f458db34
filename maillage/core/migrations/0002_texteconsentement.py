"""Le texte de consentement passe au socle, dans l'état des migrations seulement.

La table reste `orientations_texteconsentement` (db_table) : ses lignes, leurs empreintes chaînées et les
déclencheurs qui les protègent (orientations/0004) ne bougent pas. orientations/0005 retire l'ancien modèle de
l'état, après que les clés étrangères ont été repointées (accompagnements/0006, orientations/0005).
"""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("orientations", "0004_declencheurs_journal"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="TexteConsentement",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name="écrit le")),
                        ("prev_hash", models.CharField(default="", editable=False, max_length=64, verbose_name="empreinte précédente")),
                        ("hash", models.CharField(default="", editable=False, max_length=64, verbose_name="empreinte")),
                        ("type", models.CharField(choices=[("ORIENTATION", "Orientation vers un lieu"), ("SUIVI", "Suivi d'une personne par une structure")], max_length=20)),
                        ("version", models.PositiveIntegerField()),
                        ("texte", models.TextField()),
                    ],
                    options={
                        "verbose_name": "texte de consentement",
                        "verbose_name_plural": "textes de consentement",
                        "db_table": "orientations_texteconsentement",
                        "ordering": ["type", "-version"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("type", "version"),
                                name="texte_consentement_version_unique",
                                violation_error_message="Cette version de texte existe déjà.",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
