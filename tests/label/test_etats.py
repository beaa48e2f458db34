"""Chaque changement d'état d'une demande : la table de `enums.py` (toutes les paires), puis chaque transition
permise par le service qui la fait ; et le journal du label, en ajout seul jusque dans la base."""

import itertools
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from maillage.label import services
from maillage.label.enums import TRANSITIONS_DEMANDE, LabelEvent, StatutDemande, check_transition
from maillage.label.models import DemandeLabel, JournalLabel
from tests.label.conftest import niveaux_ok

PAIRES = list(itertools.product(StatutDemande, StatutDemande))


@pytest.mark.parametrize(("actuel", "nouveau"), PAIRES, ids=[f"{a.value}->{n.value}" for a, n in PAIRES])
def test_table_des_transitions(actuel, nouveau):
    if nouveau in TRANSITIONS_DEMANDE[actuel]:
        check_transition(TRANSITIONS_DEMANDE, actuel, nouveau, sujet="Cette demande")
    else:
        with pytest.raises(ValidationError, match="Cette demande : (déjà dans|impossible de passer)"):
            check_transition(TRANSITIONS_DEMANDE, actuel, nouveau, sujet="Cette demande")


@pytest.fixture
def a_renouveler(demande_complete, coordinateur):
    """Un label accordé il y a 25 mois, passé « à renouveler » par le cron."""
    services.decide_demande(demande=demande_complete, by=coordinateur, accorder=True, motif="ok")
    traveller = time_machine.travel(timezone.now() + timedelta(days=760))
    traveller.start()
    call_command("mettre_a_jour_labels")
    demande_complete.refresh_from_db()
    assert demande_complete.statut == StatutDemande.A_RENOUVELER
    yield demande_complete
    traveller.stop()


class TestTransitionsParLeService:
    def test_a_renouveler_vers_accorde_apres_actualisation(self, a_renouveler, coordinateur, pairs, ref):
        niveaux_ok(a_renouveler.profil, a_renouveler.profil.user)
        services.record_entretien(demande=a_renouveler, by=coordinateur, pair_1=pairs[0], pair_2=pairs[1],
                                  mene_le=timezone.localdate(), resultats=["ACQUIS"] * 7, avis="FAVORABLE")  # fmt: skip
        d = services.decide_demande(demande=a_renouveler, by=coordinateur, accorder=True, motif="Renouvelé.")
        assert d.statut == StatutDemande.ACCORDE and d.expire_le > timezone.localdate() + timedelta(days=700)
        assert d.relance_60_le is None and d.relance_30_le is None

    def test_a_renouveler_vers_refuse(self, a_renouveler, coordinateur):
        d = services.decide_demande(demande=a_renouveler, by=coordinateur, accorder=False, motif="Non renouvelé.")
        assert d.statut == StatutDemande.REFUSE

    def test_a_renouveler_vers_retire(self, a_renouveler, coordinateur):
        assert services.withdraw_label(demande=a_renouveler, by=coordinateur, motif="Parti.").statut == "RETIRE"

    def test_en_cours_ne_se_retire_pas(self, demande_complete, coordinateur):
        with pytest.raises(ValidationError, match="impossible de passer de « Demande en cours » à « Label retiré »"):
            services.withdraw_label(demande=demande_complete, by=coordinateur, motif="x")

    def test_accorde_ne_se_redecide_pas(self, demande_complete, coordinateur):
        services.decide_demande(demande=demande_complete, by=coordinateur, accorder=True, motif="ok")
        with pytest.raises(ValidationError, match="déjà dans l'état « Label accordé »"):
            services.decide_demande(demande=demande_complete, by=coordinateur, accorder=True, motif="ok")

    def test_retire_est_definitif(self, demande_complete, coordinateur):
        services.decide_demande(demande=demande_complete, by=coordinateur, accorder=True, motif="ok")
        services.withdraw_label(demande=demande_complete, by=coordinateur, motif="Réclamation.")
        with pytest.raises(ValidationError, match="Label retiré"):
            services.decide_demande(demande=demande_complete, by=coordinateur, accorder=True, motif="ok")
        # une nouvelle demande reste possible
        profil = demande_complete.profil
        d2 = services.apply_for_label(profil=profil, territoire=demande_complete.territoire, niveau="AIDER_URGENCE",
                                      by=profil.user)  # fmt: skip
        assert DemandeLabel.objects.filter(profil=profil).count() == 2 and d2.statut == "EN_COURS"


class TestJournal:
    def test_one_row_per_write_in_order(self, demande_complete, coordinateur):
        services.decide_demande(demande=demande_complete, by=coordinateur, accorder=True, motif="ok")
        assert list(JournalLabel.objects.order_by("pk").values_list("event", flat=True)) == [
            LabelEvent.REFERENTIEL_PUBLIE, LabelEvent.PAIR_FONDATEUR, LabelEvent.PAIR_FONDATEUR,
            LabelEvent.NIVEAUX_SAISIS, LabelEvent.DEMANDE_DEPOSEE, LabelEvent.ENTRETIEN, LabelEvent.ACCORDE,
        ]  # fmt: skip
        call_command("verifier_journaux")

    def test_database_refuses_update_and_delete(self, demande_complete):
        for sql in ("UPDATE label_journallabel SET event = 'X'", "DELETE FROM label_journallabel"):
            with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql)
        with pytest.raises(ValidationError):
            JournalLabel.objects.all().delete()
