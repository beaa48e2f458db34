"""Une fiche imprimée est gardée 30 jours, puis effacée par la commande du cron ; rien d'autre n'est gardé."""

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from maillage.diagnostic.etat import Etat
from maillage.diagnostic.models import CONSERVATION_FICHE, FicheDiagnostic, Reperage
from maillage.diagnostic.services import compter_reperages, create_fiche


def test_fiche_kept_30_days_then_deleted_by_command(angers):
    fiche = create_fiche(etat=Etat().repondre("APPAREIL", "AUCUN"), commune=angers)
    assert CONSERVATION_FICHE == timedelta(days=30)
    FicheDiagnostic.objects.filter(pk=fiche.pk).update(
        created_at=timezone.now() - timedelta(days=31), expires_at=timezone.now() - timedelta(days=1)
    )
    recent = create_fiche(etat=Etat().repondre("APPAREIL", "AUCUN"), commune=None)
    call_command("effacer_fiches_diagnostic")
    assert list(FicheDiagnostic.objects.values_list("pk", flat=True)) == [recent.pk]


def test_code_alphabet_has_no_ambiguous_letters():
    fiche = create_fiche(etat=Etat().repondre("APPAREIL", "AUCUN"), commune=None)
    assert len(fiche.code) == 8 and not set(fiche.code) & set("01OIL")


def test_reperage_has_no_person_no_hour(angers):
    assert compter_reperages(services=["AIDE_DEMARCHES", "AIDE_DEMARCHES", "FAUX"], commune=angers,
                             source="AUTONOME") == 1  # fmt: skip
    fields = {f.name for f in Reperage._meta.get_fields()}
    assert fields == {
        "id",
        "commune",
        "besoin",
        "source",
        "jour",
        "parcours",
    }  # parcours : empreinte HMAC, pas de lien
