"""Charge les indicateurs publics par commune (idempotent, tout ou rien).

Sans option : le fichier livré pour les départements de démonstration (maillage/observatoire/data/). En production,
`--fichier` donne le fichier national au même format (data/README.md dit comment le fabriquer)."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from maillage.observatoire import services


class Command(BaseCommand):
    help = "Charge les indicateurs publics (IFN, 65 ans et plus, diplômes, ménages, très haut débit, pauvreté)."

    def add_arguments(self, parser):
        parser.add_argument("--fichier", type=Path, help="CSV au format de data/indicateurs-demo.csv")

    def handle(self, *args, fichier=None, **options):
        if fichier is not None and not fichier.is_file():
            raise CommandError(f"Fichier introuvable : {fichier}")
        try:
            r = services.charger_indicateurs(fichier=fichier)
        except ValidationError as e:
            raise CommandError(" ".join(e.messages)) from e
        v = r.valeurs
        self.stdout.write(
            f"{r.lignes} lignes lues, {r.communes_inconnues} commune(s) absente(s) du référentiel ignorée(s) ; "
            f"{r.indicateurs} indicateurs ; valeurs : {v.creees} créées, {v.modifiees} modifiées, "
            f"{v.inchangees} inchangées."
        )
