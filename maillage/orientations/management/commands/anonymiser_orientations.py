"""Cron quotidien : efface les données personnelles des orientations terminées depuis 6 mois, et de celles jamais
répondues ou jamais closes 12 mois après leur envoi."""

from django.core.management.base import BaseCommand

from maillage.orientations.services import anonymize_closed_orientations


class Command(BaseCommand):
    help = (
        "Efface prénom, commune, contact et textes libres des orientations terminées depuis plus de 6 mois, et de "
        "celles envoyées depuis plus de 12 mois sans avoir été closes."
    )

    def handle(self, *args, **options):
        done = anonymize_closed_orientations()
        self.stdout.write(f"{done} orientation(s) anonymisée(s).")
