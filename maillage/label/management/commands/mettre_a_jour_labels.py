"""Cron quotidien : rappels à 60 et 30 jours de la fin d'un label, puis « à renouveler » une fois la date passée."""

from django.core.management.base import BaseCommand

from maillage.label.services import update_label_states


class Command(BaseCommand):
    help = (
        "Envoie les rappels de fin de label (60 et 30 jours avant) et passe « à renouveler » les labels échus. "
        "Idempotent : chaque rappel part une fois."
    )

    def handle(self, *args, **options):
        compte = update_label_states()
        self.stdout.write(
            f"{compte['a_renouveler']} label(s) à renouveler, {compte['relance_60']} rappel(s) à 60 jours, "
            f"{compte['relance_30']} rappel(s) à 30 jours."
        )
