"""Cron mensuel : relance les personnes qui tiennent une fiche de l'annuaire ou un lieu non vérifiés depuis 12 mois."""

from django.core.management.base import BaseCommand

from maillage.annuaire.services import relancer_lieux, relancer_mainteneurs


class Command(BaseCommand):
    help = (
        "Envoie à chaque personne qui tient une fiche non vérifiée depuis 12 mois un courriel avec le lien vers le "
        "formulaire, et aux gestionnaires de chaque structure la liste de ses lieux non vérifiés depuis 12 mois. "
        "Une fiche ou un lieu n'est relancé qu'une fois par mois."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{relancer_mainteneurs()} fiche(s) et {relancer_lieux()} lieu(x) relancé(s).")
