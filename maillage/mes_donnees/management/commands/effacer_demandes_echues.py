"""Cron quotidien : fait les effacements demandés avec un code personnel que la structure n'a pas faits en 30 jours."""

from django.core.management.base import BaseCommand

from maillage.mes_donnees.services import carry_out_overdue


class Command(BaseCommand):
    help = "Fait les effacements demandés depuis plus de 30 jours (code personnel) que personne n'a faits."

    def handle(self, *args, **options):
        done = carry_out_overdue()
        self.stdout.write(f"{done} demande(s) d'effacement faite(s) automatiquement.")
