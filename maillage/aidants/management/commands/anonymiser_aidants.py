"""Cron quotidien : efface les données personnelles des aidants partis depuis 12 mois (profil archivé, ou détaché de
toute structure)."""

from django.core.management.base import BaseCommand

from maillage.aidants.services import anonymize_expired_profils


class Command(BaseCommand):
    help = (
        "Efface prénom, nom, année de naissance, adresse électronique, lien au compte et communes des aidants dont le "
        "profil est archivé, ou détaché de toute structure, depuis plus de 12 mois (signatures et journal restent, "
        "sans nom)."
    )

    def handle(self, *args, **options):
        done = anonymize_expired_profils()
        self.stdout.write(f"{done} profil(s) d'aidant anonymisé(s).")
