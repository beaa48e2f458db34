"""Services de « Mes données » : chaque service dit exactement quelles lignes de journal il écrit."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from maillage.accompagnements.models import Accompagnement
from maillage.mes_donnees import services
from maillage.mes_donnees.enums import MesDonneesEvent, StatutDemande
from maillage.mes_donnees.models import CodePersonnel, MesDonneesJournal
from maillage.orientations.models import Orientation
from tests.accompagnements.factories import AccompagnementFactory
from tests.comptes.factories import UserFactory


def events(code):
    return list(MesDonneesJournal.objects.filter(code=code).values_list("event", flat=True))


class TestIssueCode:
    def test_orientation_code_is_stored_as_hash_only_with_one_journal_row(self, orientation):
        code, plain = services.issue_code(by=orientation.prescripteur, orientation=orientation)
        assert code.structure == orientation.structure_prescriptrice
        assert plain not in code.code_hash and len(plain) == 10
        assert events(code) == [MesDonneesEvent.ISSUED]
        row = MesDonneesJournal.objects.get(code=code)
        assert row.details == {"objet": "orientation", "suivi": False}
        assert services.find_code(raw=plain) == code

    def test_session_code_remembers_the_followed_person(self, seance_suivie):
        code, _ = services.issue_code(by=seance_suivie.mediateur, accompagnement=seance_suivie)
        assert code.beneficiaire == seance_suivie.beneficiaire
        assert code.structure == seance_suivie.structure

    def test_outsider_and_workshop_get_no_code(self, orientation):
        with pytest.raises(PermissionDenied):
            services.issue_code(by=UserFactory(), orientation=orientation)
        atelier = AccompagnementFactory(atelier=True)
        with pytest.raises(PermissionDenied):
            services.issue_code(by=atelier.mediateur, accompagnement=atelier)
        with pytest.raises(ValidationError):
            services.issue_code(by=atelier.mediateur)
        assert not CodePersonnel.objects.exists()


class TestFindCode:
    def test_unknown_forged_expired_all_give_none(self, orientation):
        code, plain = services.issue_code(by=orientation.prescripteur, orientation=orientation)
        assert services.find_code(raw="ABCDE-FGHJK") is None
        assert services.find_code(raw=plain[:-1] + ("2" if plain[-1] != "2" else "3")) is None
        assert services.find_code(raw="") is None
        assert services.find_code(raw="<script>") is None
        assert services.find_code(raw=plain, now=code.expires_at + timedelta(seconds=1)) is None
        assert services.find_code(raw=plain.lower()) == code


class TestErasure:
    def test_request_is_idempotent_and_journaled(self, orientation):
        code, _ = services.issue_code(by=orientation.prescripteur, orientation=orientation)
        first = services.request_erasure(code=code)
        assert services.request_erasure(code=code) == first
        assert first.due_at - first.created_at == pytest.approx(timedelta(days=30), abs=timedelta(seconds=5))
        assert events(code) == [MesDonneesEvent.ISSUED, MesDonneesEvent.DELETION_REQUESTED]

    def test_request_mails_the_structure_without_personal_data(
        self, orientation, gestionnaire_of, mailoutbox, django_capture_on_commit_callbacks
    ):
        gestionnaire = gestionnaire_of(orientation.structure_prescriptrice)
        code, _ = services.issue_code(by=orientation.prescripteur, orientation=orientation)
        with django_capture_on_commit_callbacks(execute=True):
            services.request_erasure(code=code)
        (mail,) = mailoutbox
        assert gestionnaire.email in mail.to and "/mes-donnees/demandes/" in mail.body
        assert "Josiane" not in mail.body + mail.subject

    def test_structure_erases_orientation_and_its_whole_chain(self, orientation, gestionnaire_of):
        code, _ = services.issue_code(by=orientation.prescripteur, orientation=orientation)
        demande = services.request_erasure(code=code)
        gestionnaire = gestionnaire_of(orientation.structure_prescriptrice)
        services.carry_out(demande=demande, by=gestionnaire)
        orientation.refresh_from_db()
        assert orientation.anonymized_at is not None
        assert (orientation.personne_prenom, orientation.personne_contact, orientation.message) == ("", "", "")
        demande.refresh_from_db()
        assert demande.statut == StatutDemande.FAITE and demande.done_by == gestionnaire
        assert events(code)[-1] == MesDonneesEvent.ERASED
        assert MesDonneesJournal.objects.filter(code=code).last().details == {
            "orientations": 1, "seances": 0, "suivis": 0,
        }  # fmt: skip
        with pytest.raises(ValidationError, match="déjà dans l'état"):
            services.carry_out(demande=demande, by=gestionnaire)

    def test_session_erasure_covers_follow_up_notes_and_linked_orientation(self, seance_suivie):
        code, _ = services.issue_code(by=seance_suivie.mediateur, accompagnement=seance_suivie)
        beneficiaire, orientation = seance_suivie.beneficiaire, seance_suivie.orientation_recue
        demande = services.request_erasure(code=code)
        services.carry_out(demande=demande, by=seance_suivie.mediateur)
        seance = Accompagnement.objects.get(pk=seance_suivie.pk)
        assert (seance.notes, seance.precisions_demarche, seance.beneficiaire) == ("", "", None)
        beneficiaire.refresh_from_db()
        assert beneficiaire.anonymized_at is not None and beneficiaire.nom == "" and beneficiaire.telephone == ""
        assert Orientation.objects.get(pk=orientation.pk).personne_prenom == ""

    def test_other_structure_cannot_carry_out(self, orientation):
        code, _ = services.issue_code(by=orientation.prescripteur, orientation=orientation)
        demande = services.request_erasure(code=code)
        with pytest.raises(PermissionDenied):
            services.carry_out(demande=demande, by=AccompagnementFactory().mediateur)
        assert Orientation.objects.get(pk=orientation.pk).anonymized_at is None

    def test_receiving_place_can_carry_out_too(self, orientation, gestionnaire_of):
        code, _ = services.issue_code(by=orientation.prescripteur, orientation=orientation)
        demande = services.request_erasure(code=code)
        services.carry_out(demande=demande, by=gestionnaire_of(orientation.structure_destinataire))
        assert Orientation.objects.get(pk=orientation.pk).anonymized_at is not None

    def test_command_erases_after_30_days_only(self, orientation):
        code, _ = services.issue_code(by=orientation.prescripteur, orientation=orientation)
        demande = services.request_erasure(code=code)
        assert services.carry_out_overdue(now=timezone.now() + timedelta(days=29)) == 0
        assert services.carry_out_overdue(now=timezone.now() + timedelta(days=31)) == 1
        demande.refresh_from_db()
        assert demande.statut == StatutDemande.FAITE and demande.done_by is None
        assert events(code)[-1] == MesDonneesEvent.ERASED_AUTO
        assert Orientation.objects.get(pk=orientation.pk).anonymized_at is not None
        call_command("effacer_demandes_echues", stdout=open("/dev/null", "w"))  # rien à refaire : idempotente
        assert events(code).count(MesDonneesEvent.ERASED_AUTO) == 1
