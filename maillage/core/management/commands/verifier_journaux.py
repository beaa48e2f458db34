"""Recalcule la chaîne d'empreintes de chaque journal et nomme la première ligne fautive.

À lancer par cron (chaque nuit) et en CI après la suite. Code de sortie 1 si une chaîne est rompue.
"""

from django.core.management.base import BaseCommand, CommandError

from maillage.core.journal import journal_models, verify_chain


class Command(BaseCommand):
    help = (
        "Vérifie que les journaux (historique des lieux, registre du Pass, journaux des orientations…) sont intacts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--journal", action="append", default=[], help="Nom d'un journal (app.Modele) à vérifier.")

    def handle(self, *args, **options):
        wanted = {name.lower() for name in options["journal"]}
        ruptures = []
        for model in journal_models():
            if wanted and model._meta.label_lower not in wanted:
                continue
            count, rupture, head = verify_chain(model)
            name = model._meta.verbose_name_plural
            if rupture:
                ruptures.append(rupture)
                self.stdout.write(self.style.ERROR(f"✗ {name} ({model._meta.label}) : ROMPU — {rupture}"))
            else:
                self.stdout.write(f"✓ {name} ({model._meta.label}) : {count} ligne(s) intacte(s), tête {head[:16]}…")
        if ruptures:
            raise CommandError(f"{len(ruptures)} journal(aux) rompu(s) : première ligne fautive {ruptures[0]}.")
        self.stdout.write(self.style.SUCCESS("Tous les journaux sont intacts."))
