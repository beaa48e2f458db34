"""Cron mensuel : relance les personnes qui tiennent une fiche de l'annuaire non vérifiée depuis 12 mois."""

from django.core.management.base import BaseCommand

from maillage.annuaire.services import relancer_mainteneurs


class Command(BaseCommand):
    help = (
        "Envoie à chaque personne qui tient une fiche non vérifiée depuis 12 mois un courriel avec le lien vers le "
        "formulaire. Une fiche n'est relancée qu'une fois par mois."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{relancer_mainteneurs()} fiche(s) relancée(s).")
