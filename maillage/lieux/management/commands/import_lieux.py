"""python manage.py import_lieux FICHIER [--source NOM] [--mapping FICHIER] [--wet-run] [--strict]

Par défaut, simulation : le fichier est lu et validé, le rapport dit ce qui serait écrit. `--wet-run` écrit.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from maillage.lieux.enums import StatutLieu
from maillage.lieux.importers import run_import


class Command(BaseCommand):
    help = "Importe des lieux (standard national v1.0.2 ou v0, CSV/JSON, ou export brut avec --mapping)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Fichier CSV ou JSON")
        parser.add_argument("--source", help="Nom de la source (défaut : nom du fichier)")
        parser.add_argument("--mapping", help="Fichier JSON de correspondance des colonnes (export brut)")
        parser.add_argument("--wet-run", action="store_true", help="Écrire en base (sinon : simulation)")
        parser.add_argument("--strict", action="store_true", help="Tout ou rien : une erreur et rien n'est écrit")
        parser.add_argument("--statut", default=StatutLieu.PUBLIE, choices=StatutLieu.values,
                            help="Statut des lieux nouveaux (défaut : PUBLIE)")  # fmt: skip
        parser.add_argument("--quiet-issues", action="store_true", help="N'afficher que le résumé")

    def handle(self, *args, path, source, mapping, wet_run, strict, statut, quiet_issues, **options):
        source = source or Path(path).stem[:100]
        report = run_import(path, source=source, mapping=mapping, wet_run=wet_run, strict=strict, statut=statut)
        if quiet_issues:
            self.stdout.write(report.summary())
        else:
            self.stdout.write(report.to_text())
        if not wet_run and not report.fatal:
            self.stdout.write("Simulation : rien n'a été écrit. Relancez avec --wet-run pour écrire.")
        if report.fatal:
            raise CommandError(report.fatal)
        if strict and not report.ok:
            raise CommandError("Mode strict : des lignes sont en erreur, rien n'a été écrit.")
