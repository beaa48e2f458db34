"""Le suivi pointe vers core.TexteConsentement : même table, rien ne change en base (état seulement)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accompagnements", "0005_declencheurs_journal"),
        ("core", "0002_texteconsentement"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="suivi",
                    name="consentement",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="suivis", to="core.texteconsentement"
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
