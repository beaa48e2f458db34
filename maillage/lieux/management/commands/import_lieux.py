"""python manage.py import_lieux FICHIER [--source NOM] [--mapping FICHIER] [--wet-run] [--strict]
[--territoire SLUG …]

Par défaut, simulation : le fichier est lu et validé, le rapport dit ce qui serait écrit. `--wet-run` écrit.
Sans `--territoire`, l'exploitation importe partout (fichier national). Avec, l'import est restreint comme celui
de la coordination sur le site : seules les communes de ces territoires sont écrites, les autres lignes sont
rejetées dans le rapport.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from maillage.comptes.models import Territoire
from maillage.lieux.enums import StatutLieu
from maillage.lieux.importers import run_import
from maillage.lieux.importers.runner import Perimetre


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
        parser.add_argument(
            "--territoire", action="append", default=[], metavar="SLUG",
            help="N'écrire que les lieux des communes de ce territoire (slug ; option répétable)",
        )  # fmt: skip

    def handle(self, *args, path, source, mapping, wet_run, strict, statut, quiet_issues, territoire, **options):
        perimetre = None
        if territoire:
            found = list(Territoire.objects.filter(slug__in=territoire))
            unknown = sorted(set(territoire) - {t.slug for t in found})
            if unknown:
                raise CommandError(f"Territoire inconnu : {', '.join(unknown)} (indiquez le slug du territoire).")
            perimetre = Perimetre.of_territoires(found)
        source = source or Path(path).stem[:100]
        report = run_import(
            path, source=source, mapping=mapping, wet_run=wet_run, strict=strict, statut=statut,
            perimetre=perimetre, via="commande",
        )  # fmt: skip
        if perimetre is not None:
            self.stdout.write(f"Import restreint au territoire : {perimetre.nom}.")
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
