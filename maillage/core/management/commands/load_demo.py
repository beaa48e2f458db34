from django.core.management.base import BaseCommand

from maillage.core.demo import DEMO_PASSWORD, USERS, load_demo


class Command(BaseCommand):
    help = "Charge le territoire de démonstration (Maine-et-Loire, fictif). Refusé en production."

    def handle(self, *args, **options):
        ctx = load_demo(stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(f"Territoire de démonstration « {ctx.territoire} » : {len(ctx.structures)} structures.")
        )
        self.stdout.write(f"Comptes de démonstration (mot de passe pour tous : {DEMO_PASSWORD}) :")
        for email, _first, _last, role, _idx in USERS:
            self.stdout.write(f"  {role.label:<45} {email}")
        self.stdout.write(f"  {'Administration':<45} admin@demo.maillage.fr")
