"""python manage.py export_lieux --format csv|json|geojson|data-inclusion [--output FICHIER]

Lieux publiés seulement ; sans --output, écrit sur la sortie standard.
"""

import sys

from django.core.management.base import BaseCommand

from maillage.lieux.exporters import FORMATS, write_export


class Command(BaseCommand):
    help = "Exporte les lieux publiés au standard national (CSV v1.0.2), en JSON, GeoJSON ou data·inclusion v1."

    def add_arguments(self, parser):
        parser.add_argument("--format", default="csv", choices=FORMATS)
        parser.add_argument("--output", help="Fichier de sortie (défaut : sortie standard)")

    def handle(self, *args, format, output, **options):
        if output:
            with open(output, "w", encoding="utf-8", newline="") as fh:
                write_export(format, fh)
            self.stderr.write(f"Export {format} écrit dans {output}.")
        else:
            write_export(format, self.stdout._out if hasattr(self.stdout, "_out") else sys.stdout)
