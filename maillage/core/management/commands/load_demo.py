from django.core.management.base import BaseCommand
from django.urls import reverse

from maillage.core.demo import load_demo


class Command(BaseCommand):
    help = "Charge le territoire de démonstration (Maine-et-Loire, fictif). Refusé en production."

    def handle(self, *args, **options):
        ctx = load_demo(stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(f"Territoire de démonstration « {ctx.territoire} » : {len(ctx.structures)} structures.")
        )
        self.stdout.write(
            f"Pour vous connecter (page {reverse('comptes:login')}), choisissez un rôle et tapez son identifiant ; "
            f"le mot de passe est le même pour tous : {ctx.mot_de_passe}"
        )
        for libelle, identifiant in ctx.comptes:
            self.stdout.write(f"  {libelle:<55} identifiant : {identifiant}")
