from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from maillage.aidants import services as aidants_services
from maillage.label import selectors, services
from maillage.label.enums import CHAMPS, LabelEvent, StatutDemande
from maillage.label.models import CompetencesAidant, DemandeLabel, JournalLabel, ReferentielLabel
from tests.comptes.factories import StructureFactory
from tests.label.conftest import make_pair, niveaux_ok
from tests.label.factories import profil_uniforme, referentiel


def events(**filters):
    return list(JournalLabel.objects.filter(**filters).order_by("pk").values_list("event", flat=True))


class TestSaveCompetences:
    def test_sixteen_levels_with_source_and_one_journal_row(self, aidante, aidante_user):
        niveaux = profil_uniforme(2) | {"3.4": None, "5.2": 8, "1.1": 0}
        c = services.save_competences(profil=aidante, by=aidante_user, niveaux=niveaux, source="PIX_PROFIL")
        assert (c.n1_1, c.n3_4, c.n5_2, c.n4_2) == (0, None, 8, 2)  # 0 et « non évalué » sont distincts
        assert "3.4" not in c.details and c.details["1.1"]["source"] == "PIX_PROFIL"
        assert events() == [LabelEvent.NIVEAUX_SAISIS]
        assert JournalLabel.objects.get().details == {"source": "PIX_PROFIL", "evalues": 15, "preuve": False}

    @pytest.mark.parametrize("niveau", [9, -1, "trois"])
    def test_level_outside_0_8_refused(self, aidante, aidante_user, niveau):
        with pytest.raises(ValidationError, match="Compétence 4.2 : le niveau"):
            services.save_competences(profil=aidante, by=aidante_user, niveaux={"4.2": niveau}, source="AUTO_DECLARE")
        assert not CompetencesAidant.objects.exists() and not JournalLabel.objects.exists()

    def test_certification_in_the_future_refused(self, aidante, aidante_user):
        demain = timezone.localdate() + timedelta(days=1)
        with pytest.raises(ValidationError, match="dans le futur"):
            services.save_competences(profil=aidante, by=aidante_user, niveaux={"4.2": 3},
                                      source="PIX_CERTIFICATION", evalue_le=demain, preuve="P-123")  # fmt: skip

    def test_certification_needs_date_and_proof(self, aidante, aidante_user):
        with pytest.raises(ValidationError, match="date de la certification"):
            services.save_competences(profil=aidante, by=aidante_user, niveaux={}, source="PIX_CERTIFICATION")
        with pytest.raises(ValidationError, match="référence de la certification"):
            services.save_competences(profil=aidante, by=aidante_user, niveaux={}, source="PIX_CERTIFICATION",
                                      evalue_le=date(2024, 5, 2))  # fmt: skip
        c = services.save_competences(profil=aidante, by=aidante_user, niveaux={"4.2": 4},
                                      source="PIX_CERTIFICATION", evalue_le=date(2024, 5, 2), preuve="P-1")  # fmt: skip
        assert c.details["4.2"] == {"source": "PIX_CERTIFICATION", "le": "2024-05-02", "preuve": "P-1"}

    def test_stranger_refused(self, aidante, gestionnaire_autre):
        with pytest.raises(PermissionDenied):
            services.save_competences(profil=aidante, by=gestionnaire_autre, niveaux={}, source="AUTO_DECLARE")

    def test_gestionnaire_enters_for_aidant_without_email(self, aidante, gestionnaire):
        c = services.save_competences(profil=aidante, by=gestionnaire, niveaux={"2.1": 1}, source="AUTO_DECLARE")
        assert c.n2_1 == 1

    def test_older_than_24_months_is_a_actualiser(self, aidante, aidante_user, ref):
        with time_machine.travel(date(2023, 1, 10)):
            niveaux_ok(aidante, aidante_user)
        e = selectors.ecarts_de_l_aidant(aidante, today=date(2025, 2, 1))[0]["ecarts"]
        assert e.a_actualiser == list(CHAMPS) and not e.vert
        assert selectors.ecarts_de_l_aidant(aidante, today=date(2024, 12, 1))[0]["ecarts"].vert


class TestReferentiel:
    def test_new_version_keeps_history_and_gaps_are_recomputed(self, aidante, aidante_user, territoire, coordinateur):
        v1 = referentiel(territoire, by=coordinateur)
        services.save_competences(profil=aidante, by=aidante_user, niveaux=profil_uniforme(2), source="PIX_PROFIL")
        assert selectors.ecarts_de_l_aidant(aidante)[0]["ecarts"].a_renforcer == ["4.2"]
        exigeant = profil_uniforme(2) | {"4.2": 3, "5.1": 4}
        v2 = services.publish_referentiel(territoire=territoire, by=coordinateur, profils={"AIDER_URGENCE": exigeant})
        v1.refresh_from_db()
        assert (v1.version, v2.version) == (1, 2) and v1.superseded_at is not None and v2.superseded_at is None
        assert v1.profils.get(niveau="AIDER_URGENCE").n5_1 == 2  # l'ancienne version ne change pas
        assert v2.grille_posture == v1.grille_posture and v2.profils.count() == 3
        assert selectors.ecarts_de_l_aidant(aidante)[0]["ecarts"].phrase == "à renforcer : 4.2, 5.1"
        assert events(event=LabelEvent.REFERENTIEL_PUBLIE) == [LabelEvent.REFERENTIEL_PUBLIE] * 2

    def test_only_coordination(self, territoire, gestionnaire):
        with pytest.raises(PermissionDenied):
            services.publish_referentiel(territoire=territoire, by=gestionnaire, grille=["Écoute"])

    def test_bad_level_and_empty_grid_refused(self, territoire, coordinateur):
        with pytest.raises(ValidationError, match="va de 0 à 8"):
            services.publish_referentiel(territoire=territoire, by=coordinateur, grille=["Écoute"],
                                         profils={"AIDER_URGENCE": {"4.2": 12}})  # fmt: skip
        with pytest.raises(ValidationError, match="au moins un critère"):
            services.publish_referentiel(territoire=territoire, by=coordinateur, grille=[" "])
        assert not ReferentielLabel.objects.exists()


class TestPairsEtEntretien:
    def test_founding_peers_only_for_first_round(self, demande_complete, coordinateur, territoire, autre_structure,
                                                 charte, pairs):  # fmt: skip
        services.decide_demande(demande=demande_complete, by=coordinateur, accorder=True, motif="Trois piliers.")
        # un deuxième label : le premier tour est passé
        autre = make_pair(StructureFactory(commune=autre_structure.commune), charte, "Lou")
        niveaux_ok(autre, autre.user)
        d2 = services.apply_for_label(profil=autre, territoire=territoire, niveau="AIDER_URGENCE", by=autre.user)
        # l'aidante labellisée est désormais un pair (sans désignation)
        services.record_entretien(demande=d2, by=demande_complete.profil.user, pair_1=demande_complete.profil,
                                  pair_2=pairs[0], mene_le=timezone.localdate(), resultats=["ACQUIS"] * 7,
                                  avis="FAVORABLE")  # fmt: skip
        services.decide_demande(demande=d2, by=coordinateur, accorder=True, motif="ok")
        with pytest.raises(ValidationError, match="premier tour est passé"):
            services.designate_pair_fondateur(territoire=territoire, profil=make_pair(autre_structure, charte, "Zoé"),
                                              by=coordinateur)  # fmt: skip

    def test_peer_cannot_interview_themself(self, aidante, aidante_user, territoire, ref, pairs, coordinateur):
        services.designate_pair_fondateur(territoire=territoire, profil=aidante, by=coordinateur)
        d = services.apply_for_label(profil=aidante, territoire=territoire, niveau="AIDER_URGENCE", by=aidante_user)
        with pytest.raises(ValidationError, match="son propre entretien"):
            services.record_entretien(demande=d, by=coordinateur, pair_1=aidante, pair_2=pairs[0],
                                      mene_le=timezone.localdate(), resultats=["ACQUIS"] * 7, avis="FAVORABLE")  # fmt: skip

    def test_colleague_refused_when_referential_says_so_accepted_otherwise(
        self, aidante, aidante_user, structure, territoire, pairs, coordinateur, charte
    ):
        ref = referentiel(territoire)
        collegue = make_pair(structure, charte, "Colette")
        services.designate_pair_fondateur(territoire=territoire, profil=collegue, by=coordinateur)
        d = services.apply_for_label(profil=aidante, territoire=territoire, niveau="AIDER_URGENCE", by=aidante_user)
        kwargs = {"demande": d, "by": coordinateur, "pair_1": collegue, "pair_2": pairs[0],
                  "mene_le": timezone.localdate(), "resultats": ["ACQUIS"] * len(ref.grille_posture),
                  "avis": "FAVORABLE"}  # fmt: skip
        with pytest.raises(ValidationError, match="même structure que la personne"):
            services.record_entretien(**kwargs)
        services.publish_referentiel(territoire=territoire, by=coordinateur, pairs_autre_structure=False)
        assert services.record_entretien(**kwargs).avis == "FAVORABLE"

    def test_non_peer_refused_and_journal_of_interview(self, aidante, aidante_user, territoire, ref, pairs,
                                                       coordinateur, autre_structure, charte):  # fmt: skip
        d = services.apply_for_label(profil=aidante, territoire=territoire, niveau="AIDER_URGENCE", by=aidante_user)
        intrus = make_pair(autre_structure, charte, "Ivan")
        base = {"demande": d, "by": coordinateur, "mene_le": timezone.localdate(), "avis": "DEFAVORABLE",
                "resultats": ["ACQUIS"] * 6 + ["A_TRAVAILLER"]}  # fmt: skip
        with pytest.raises(ValidationError, match="ni labellisé ni pair fondateur"):
            services.record_entretien(pair_1=pairs[0], pair_2=intrus, **base)
        with pytest.raises(ValidationError, match="chaque critère"):
            services.record_entretien(pair_1=pairs[0], pair_2=pairs[1], **(base | {"resultats": ["ACQUIS"]}))
        e = services.record_entretien(pair_1=pairs[0], pair_2=pairs[1], **base)
        assert e.resultats[-1] == {"critere": ref.grille_posture[-1], "resultat": "A_TRAVAILLER"}
        row = JournalLabel.objects.get(event=LabelEvent.ENTRETIEN)
        assert (row.entretien, row.demande, row.details["avis"], row.details["acquis"]) == (e, d, "DEFAVORABLE", 6)

    def test_peer_records_only_own_interview(self, aidante, aidante_user, territoire, ref, pairs, coordinateur,
                                             autre_structure, charte):  # fmt: skip
        troisieme = make_pair(autre_structure, charte, "Tess")
        services.designate_pair_fondateur(territoire=territoire, profil=troisieme, by=coordinateur)
        d = services.apply_for_label(profil=aidante, territoire=territoire, niveau="AIDER_URGENCE", by=aidante_user)
        with pytest.raises(ValidationError, match="que vous menez"):
            services.record_entretien(demande=d, by=troisieme.user, pair_1=pairs[0], pair_2=pairs[1],
                                      mene_le=timezone.localdate(), resultats=["ACQUIS"] * 7, avis="FAVORABLE")  # fmt: skip
        with pytest.raises(PermissionDenied):
            services.record_entretien(demande=d, by=aidante_user, pair_1=pairs[0], pair_2=pairs[1],
                                      mene_le=timezone.localdate(), resultats=["ACQUIS"] * 7, avis="FAVORABLE")  # fmt: skip


class TestDecision:
    def test_grant_when_three_pillars_green(self, demande_complete, coordinateur):
        d = services.decide_demande(demande=demande_complete, by=coordinateur, accorder=True, motif="Complet.")
        today = timezone.localdate()
        assert d.statut == StatutDemande.ACCORDE and d.expire_le == selectors.add_months(today, 24)
        row = JournalLabel.objects.get(event=LabelEvent.ACCORDE)
        assert row.details["motif_longueur"] == len("Complet.") and "Complet" not in str(row.details)
        assert selectors.mention_publique(d.profil_id).startswith(
            "Labellisé ou labellisée Tous aidants — niveau aider dans"
        )

    def test_missing_charter_named(self, demande_complete, coordinateur, aidante, aidante_user, territoire):
        aidants_services.withdraw_signature(profil=aidante, territoire=territoire, by=aidante_user)
        with pytest.raises(ValidationError, match="pilier manquant — Charte"):
            services.decide_demande(demande=demande_complete, by=coordinateur, accorder=True, motif="x")
        assert DemandeLabel.objects.get().statut == StatutDemande.EN_COURS

    def test_missing_competence_named_with_codes(self, demande_complete, coordinateur, aidante, aidante_user):
        services.save_competences(profil=aidante, by=aidante_user, niveaux=profil_uniforme(3) | {"5.1": 1},
                                  source="AUTO_DECLARE")  # fmt: skip
        with pytest.raises(ValidationError, match=r"Compétences numériques \(À renforcer : 5.1\)"):
            services.decide_demande(demande=demande_complete, by=coordinateur, accorder=True, motif="x")

    def test_missing_posture_named(self, aidante, aidante_user, territoire, ref, coordinateur):
        niveaux_ok(aidante, aidante_user)
        d = services.apply_for_label(profil=aidante, territoire=territoire, niveau="AIDER_URGENCE", by=aidante_user)
        with pytest.raises(ValidationError, match=r"Posture \(entretien entre pairs\) \(Pas encore d'entretien"):
            services.decide_demande(demande=d, by=coordinateur, accorder=True, motif="x")

    def test_refuse_needs_reasons_and_is_final(self, demande_complete, coordinateur):
        with pytest.raises(ValidationError, match="Écrivez les motifs"):
            services.decide_demande(demande=demande_complete, by=coordinateur, accorder=False, motif=" ")
        services.decide_demande(demande=demande_complete, by=coordinateur, accorder=False, motif="Pas encore.")
        with pytest.raises(ValidationError, match="impossible de passer de « Label refusé » à « Label accordé »"):
            services.decide_demande(demande=demande_complete, by=coordinateur, accorder=True, motif="x")

    def test_only_territory_coordination(self, demande_complete, gestionnaire, financeur):
        for user in (gestionnaire, financeur):
            with pytest.raises(PermissionDenied):
                services.decide_demande(demande=demande_complete, by=user, accorder=True, motif="x")

    def test_withdraw_needs_reason_and_hides_public_mention(self, demande_complete, coordinateur):
        d = services.decide_demande(demande=demande_complete, by=coordinateur, accorder=True, motif="ok")
        with pytest.raises(ValidationError, match="motifs du retrait"):
            services.withdraw_label(demande=d, by=coordinateur, motif="")
        services.withdraw_label(demande=d, by=coordinateur, motif="Réclamation fondée.")
        assert DemandeLabel.objects.get().statut == StatutDemande.RETIRE
        assert selectors.mention_publique(d.profil_id) == ""
        assert events(demande=d)[-1] == LabelEvent.RETIRE

    def test_apply_twice_refused(self, aidante, aidante_user, territoire, ref):
        services.apply_for_label(profil=aidante, territoire=territoire, niveau="AIDER_URGENCE", by=aidante_user)
        with pytest.raises(ValidationError, match="déjà ouverte"):
            services.apply_for_label(profil=aidante, territoire=territoire, niveau="AIDER_URGENCE", by=aidante_user)
        with pytest.raises(ValidationError, match="pas dans votre profil"):
            services.apply_for_label(profil=aidante, territoire=territoire, niveau="FORMER_AIDANTS", by=aidante_user)


class TestEcheances:
    @pytest.fixture
    def cron(self, django_capture_on_commit_callbacks):
        def run():
            with django_capture_on_commit_callbacks(execute=True):
                call_command("mettre_a_jour_labels")

        return run

    def test_reminders_60_30_then_a_renouveler(self, demande_complete, coordinateur, cron):
        with time_machine.travel(date(2025, 1, 15)):
            d = services.decide_demande(demande=demande_complete, by=coordinateur, accorder=True, motif="ok")
        assert d.expire_le == date(2027, 1, 15)
        mail.outbox.clear()
        with time_machine.travel(date(2026, 11, 10)):  # 66 jours avant : rien
            cron()
        assert not mail.outbox
        with time_machine.travel(date(2026, 11, 20)):  # 56 jours avant
            cron()
            cron()  # idempotent
        assert len(mail.outbox) == 1 and "15/01/2027" in mail.outbox[0].body
        with time_machine.travel(date(2026, 12, 20)):
            cron()
        assert len(mail.outbox) == 2
        with time_machine.travel(date(2027, 1, 15)):  # dernier jour : encore valable
            cron()
            assert selectors.mention_publique(d.profil_id)
        with time_machine.travel(date(2027, 1, 16)):
            assert selectors.mention_publique(d.profil_id) == ""  # même avant le cron
            cron()
            cron()
        assert DemandeLabel.objects.get().statut == StatutDemande.A_RENOUVELER
        assert events(demande=d)[-3:] == [LabelEvent.RELANCE_60, LabelEvent.RELANCE_30, LabelEvent.A_RENOUVELER]

    def test_first_reminder_at_30_days_sends_one_mail(self, demande_complete, coordinateur, cron):
        with time_machine.travel(date(2025, 1, 15)):
            services.decide_demande(demande=demande_complete, by=coordinateur, accorder=True, motif="ok")
        mail.outbox.clear()
        with time_machine.travel(date(2027, 1, 1)):
            cron()
            cron()
        assert len(mail.outbox) == 1
        assert events(event__startswith="RELANCE") == [LabelEvent.RELANCE_30]

    def test_renewal_after_expiry_rechecks_pillars(self, demande_complete, coordinateur, cron):
        services.decide_demande(demande=demande_complete, by=coordinateur, accorder=True, motif="ok")
        with time_machine.travel(timezone.now() + timedelta(days=800)):
            cron()
            assert DemandeLabel.objects.get().statut == StatutDemande.A_RENOUVELER
            # niveaux de plus de 24 mois : à actualiser ; entretien de plus de 24 mois : à refaire
            with pytest.raises(ValidationError, match="pilier manquant — Compétences numériques.*Posture"):
                services.decide_demande(demande=demande_complete, by=coordinateur, accorder=True, motif="x")
