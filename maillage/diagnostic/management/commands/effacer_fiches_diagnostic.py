"""Cron quotidien : efface les fiches de diagnostic imprimées il y a plus de 30 jours."""

from django.core.management.base import BaseCommand

from maillage.diagnostic.services import effacer_fiches_expirees


class Command(BaseCommand):
    help = "Efface les fiches de diagnostic imprimées gardées depuis plus de 30 jours."

    def handle(self, *args, **options):
        count = effacer_fiches_expirees()
        self.stdout.write(f"{count} fiche(s) de diagnostic effacée(s).")
