"""Cron quotidien : anonymise les personnes suivies sans activité depuis 24 mois."""

from django.core.management.base import BaseCommand

from maillage.accompagnements.services import anonymize_inactive_beneficiaires


class Command(BaseCommand):
    help = "Anonymise les personnes suivies dont la dernière activité date de plus de 24 mois."

    def handle(self, *args, **options):
        done = anonymize_inactive_beneficiaires()
        self.stdout.write(f"{done} personne(s) suivie(s) anonymisée(s).")
