from django.core.management.base import BaseCommand

from maillage.core.demo import load_demo


class Command(BaseCommand):
    help = "Charge le territoire de démonstration (Maine-et-Loire, fictif). Refusé en production."

    def handle(self, *args, **options):
        ctx = load_demo(stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(f"Territoire de démonstration « {ctx.territoire} » : {len(ctx.structures)} structures.")
        )
        self.stdout.write(f"Comptes de démonstration (mot de passe pour tous : {ctx.mot_de_passe}) :")
        for libelle, email in ctx.comptes:
            self.stdout.write(f"  {libelle:<45} {email}")
