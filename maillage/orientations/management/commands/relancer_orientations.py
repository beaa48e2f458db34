"""Cron quotidien : signale les orientations sans réponse après 3 jours ouvrés et celles dont l'échéance est passée."""

from django.core.management.base import BaseCommand

from maillage.orientations.services import flag_late_orientations


class Command(BaseCommand):
    help = "Relance (courriel au prescripteur et à la coordination) les orientations en retard."

    def handle(self, *args, **options):
        counts = flag_late_orientations()
        self.stdout.write(
            f"{counts['sans_reponse']} orientation(s) sans réponse signalée(s), "
            f"{counts['echeance']} échéance(s) dépassée(s) signalée(s)."
        )
