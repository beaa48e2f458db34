"""Recalcule l'offre de médiation numérique par commune (cron, chaque nuit ; idempotent).

Sans option : toutes les communes de France. `--territoire <slug>` : les communes d'un territoire seulement (ce que
fait le bouton « Recalculer maintenant » de l'index de l'observatoire)."""

from django.core.management.base import BaseCommand, CommandError

from maillage.comptes.models import Territoire
from maillage.observatoire import services


class Command(BaseCommand):
    help = "Recalcule l'offre par commune : lieux, heures d'ouverture, arrêts itinérants, distances, aidants."

    def add_arguments(self, parser):
        parser.add_argument("--territoire", help="slug d'un territoire (sinon : toutes les communes)")

    def handle(self, *args, territoire=None, **options):
        t = None
        if territoire:
            t = Territoire.objects.filter(slug=territoire).first()
            if t is None:
                raise CommandError(f"Territoire inconnu : {territoire}")
        # La commande parle au nom de l'exploitation : sans personne, donc sans prédicat (le service ne vérifie
        # la règle que pour une personne, `by`).
        r = services.calculer_offre(communes_de=t)
        self.stdout.write(
            f"Offre calculée pour {r.communes} communes : {r.lieux} lieux publiés, {r.points_ouverts} points "
            f"d'offre ouverts cette semaine."
        )
