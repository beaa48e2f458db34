"""Cron quotidien : efface les données personnelles des orientations terminées depuis 6 mois."""

from django.core.management.base import BaseCommand

from maillage.orientations.services import anonymize_closed_orientations


class Command(BaseCommand):
    help = "Efface prénom, commune et contact des orientations terminées depuis plus de 6 mois."

    def handle(self, *args, **options):
        done = anonymize_closed_orientations()
        self.stdout.write(f"{done} orientation(s) anonymisée(s).")
