"""Cron nocturne : recalcule les agrégats mensuels par commune (tableau de bord des territoires)."""

from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from maillage.accompagnements.selectors import rebuild_monthly_stats


class Command(BaseCommand):
    help = "Recalcule les statistiques mensuelles par commune (par défaut le mois en cours et le précédent)."

    def add_arguments(self, parser):
        parser.add_argument("--mois", type=int, default=2, help="nombre de mois recalculés, jusqu'à aujourd'hui")
        parser.add_argument("--tout", action="store_true", help="recalculer tout l'historique")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["tout"]:
            du = date(2000, 1, 1)
        else:
            year, month = today.year, today.month - (options["mois"] - 1)
            while month < 1:
                year, month = year - 1, month + 12
            du = date(year, month, 1)
        n = rebuild_monthly_stats(du=du, au=today)
        self.stdout.write(f"{n} agrégat(s) mensuel(s) recalculé(s) depuis le {du:%d/%m/%Y}.")
