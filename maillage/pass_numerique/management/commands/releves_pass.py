"""Établir les relevés mensuels du Pass numérique (cron, le 1er du mois) : `manage.py releves_pass [--mois AAAA-MM]`."""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from maillage.pass_numerique import services


class Command(BaseCommand):
    help = "Établit les relevés mensuels (un par lieu et par campagne) du mois précédent, ou du mois donné."

    def add_arguments(self, parser):
        parser.add_argument("--mois", help="mois à relever, AAAA-MM (par défaut : le mois précédent)")

    def handle(self, *args, mois=None, **options):
        if mois:
            try:
                first = datetime.date.fromisoformat(f"{mois}-01")
            except ValueError:
                raise CommandError("Mois attendu au format AAAA-MM, par exemple 2026-03.") from None
        else:
            first = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
        try:
            releves = services.build_releves(mois=first)
        except ValidationError as e:
            raise CommandError(" ".join(e.messages)) from None
        total = sum(r.montant for r in releves)
        self.stdout.write(f"{len(releves)} relevé(s) établi(s) pour {first:%m/%Y}, total {total} €.")
