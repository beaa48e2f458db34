"""Cron quotidien : anonymise les personnes suivies sans activité depuis 24 mois, efface les notes des séances de
plus de 24 mois."""

from django.core.management.base import BaseCommand

from maillage.accompagnements.services import anonymize_inactive_beneficiaires, erase_old_session_notes


class Command(BaseCommand):
    help = (
        "Anonymise les personnes suivies dont la dernière activité date de plus de 24 mois et efface les textes "
        "libres (notes, nom de la démarche) des séances de plus de 24 mois."
    )

    def handle(self, *args, **options):
        done = anonymize_inactive_beneficiaires()
        notes = erase_old_session_notes()
        self.stdout.write(f"{done} personne(s) suivie(s) anonymisée(s), notes de {notes} séance(s) effacées.")
