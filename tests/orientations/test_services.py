import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from maillage.comptes.enums import Role
from maillage.core.consentement import current_consent_text, publish_consent_text
from maillage.core.enums import TypeConsentement
from maillage.core.models import TexteConsentement
from maillage.orientations import services
from maillage.orientations.enums import Besoin, OrientationEvent, StatutOrientation
from maillage.orientations.models import Orientation, OrientationJournal
from tests.comptes.factories import MembershipFactory, StructureFactory, TerritoireFactory, user_with_role
from tests.lieux.factories import LieuFactory
from tests.orientations.factories import LieuAvecStructureFactory, OrientationFactory, texte_orientation


def _create(**kwargs):
    prescripteur = kwargs.pop("by", None) or user_with_role(Role.PRESCRIPTEUR)
    params = dict(
        by=prescripteur,
        structure=prescripteur.memberships.first().structure,
        lieu=kwargs.pop("lieu", None) or LieuAvecStructureFactory(),
        besoins=[Besoin.DEMARCHE_SOCIAL],
        consentement=texte_orientation(),
        personne_prenom="J. D.",
    )
    params.update(kwargs)
    return services.create_orientation(**params)


class TestCreateOrientation:
    def test_create_writes_one_journal_entry_and_keeps_consent_version(self, django_capture_on_commit_callbacks):
        lieu = LieuAvecStructureFactory()
        receiver = user_with_role(Role.MEDIATEUR, structure=lieu.structure)
        with django_capture_on_commit_callbacks(execute=True):
            orientation = _create(lieu=lieu)
        assert orientation.statut == StatutOrientation.ENVOYEE
        assert orientation.structure_destinataire == orientation.lieu.structure
        assert list(orientation.journal.values_list("event", flat=True)) == [OrientationEvent.CREATED]
        assert orientation.journal.get().details["consentement_version"] == 1
        assert len(mail.outbox) == 1 and "Nouvelle orientation" in mail.outbox[0].subject
        assert mail.outbox[0].to == [receiver.email]

    def test_new_consent_version_applies_to_new_orientations_only(self):
        first = _create()
        v2 = publish_consent_text(type=TypeConsentement.ORIENTATION, texte="Texte révisé.")
        assert v2.version == 2
        second = _create(consentement=current_consent_text())
        first.refresh_from_db()
        assert first.consentement.version == 1 and second.consentement.version == 2
        with pytest.raises(ValidationError):
            v2.texte = "modifié"
            v2.save()
        assert TexteConsentement.objects.get(pk=v2.pk).texte == "Texte révisé."

    @pytest.mark.parametrize("trait", ["ferme", "brouillon"])
    def test_refuses_closed_or_unpublished_place(self, trait):
        lieu = LieuFactory(structure=StructureFactory(), **({"ferme": True} if trait == "ferme" else {}))
        with pytest.raises(ValidationError, match="pas ouvert au public"):
            _create(lieu=lieu)
        assert not Orientation.objects.exists() and not OrientationJournal.objects.exists()

    def test_refuses_place_without_structure(self):
        with pytest.raises(ValidationError, match="ne reçoit pas encore"):
            _create(lieu=LieuFactory(published=True))

    def test_contact_only_with_consent(self):
        with pytest.raises(ValidationError, match="accepte"):
            _create(personne_contact="06 12 34 56 78")
        orientation = _create(personne_contact="06 12 34 56 78", contact_consenti=True)
        assert orientation.personne_contact == "06 12 34 56 78"

    def test_refuses_past_deadline_and_unknown_need(self):
        with pytest.raises(ValidationError, match="passée"):
            _create(echeance=datetime.date(2000, 1, 1))
        with pytest.raises(ValidationError, match="inconnu"):
            _create(besoins=["PAS_UN_BESOIN"])


class TestAnswer:
    def test_accept_with_appointment(self, django_capture_on_commit_callbacks):
        orientation = OrientationFactory()
        receiver = user_with_role(Role.MEDIATEUR, structure=orientation.structure_destinataire)
        rdv = datetime.datetime(2099, 1, 5, 10, tzinfo=datetime.UTC)
        with django_capture_on_commit_callbacks(execute=True):
            services.accept_orientation(orientation=orientation, by=receiver, rendez_vous_at=rdv)
        orientation.refresh_from_db()
        assert orientation.statut == StatutOrientation.ACCEPTEE and orientation.rendez_vous_at == rdv
        assert list(orientation.journal.values_list("event", flat=True)) == [OrientationEvent.ACCEPTED]
        assert mail.outbox[0].to == [orientation.prescripteur.email]

    def test_cannot_answer_twice(self):
        orientation = OrientationFactory(acceptee=True)
        with pytest.raises(ValidationError, match="déjà reçu une réponse"):
            services.decline_orientation(orientation=orientation, by=orientation.prescripteur, motif="COMPLET")

    def test_decline_needs_reason(self):
        orientation = OrientationFactory()
        with pytest.raises(ValidationError):
            services.decline_orientation(orientation=orientation, by=orientation.prescripteur, motif="AUTRE")
        services.decline_orientation(orientation=orientation, by=orientation.prescripteur, motif="COMPLET")
        orientation.refresh_from_db()
        assert orientation.statut == StatutOrientation.REFUSEE and orientation.motif_refus == "COMPLET"

    def test_redirect_keeps_the_chain(self):
        orientation = OrientationFactory(personne_prenom="Ali")
        autre = LieuAvecStructureFactory()
        receiver = user_with_role(Role.MEDIATEUR, structure=orientation.structure_destinataire)
        nouvelle = services.redirect_orientation(orientation=orientation, by=receiver, lieu=autre)
        orientation.refresh_from_db()
        assert orientation.statut == StatutOrientation.REDIRIGEE
        assert nouvelle.precedente == orientation and nouvelle.personne_prenom == "Ali"
        assert nouvelle.structure_destinataire == autre.structure
        assert nouvelle.structure_prescriptrice == orientation.structure_destinataire
        assert [o.pk for o in nouvelle.chaine()] == [orientation.pk, nouvelle.pk]
        assert [o.pk for o in orientation.chaine()] == [orientation.pk, nouvelle.pk]
        assert list(orientation.journal.values_list("event", flat=True)) == [OrientationEvent.REDIRECTED]
        assert list(nouvelle.journal.values_list("event", flat=True)) == [OrientationEvent.CREATED]

    def test_redirect_to_closed_place_is_refused_and_nothing_written(self):
        orientation = OrientationFactory()
        with pytest.raises(ValidationError):
            services.redirect_orientation(
                orientation=orientation,
                by=orientation.prescripteur,
                lieu=LieuFactory(ferme=True, structure=StructureFactory()),
            )
        orientation.refresh_from_db()
        assert orientation.statut == StatutOrientation.ENVOYEE
        assert Orientation.objects.count() == 1


class TestClose:
    def test_close_records_outcome(self):
        orientation = OrientationFactory(acceptee=True)
        services.close_orientation(orientation=orientation, by=None, personne_venue=True, besoin_resultat="EN_PARTIE")
        orientation.refresh_from_db()
        assert orientation.statut == StatutOrientation.CLOSE and orientation.besoin_resultat == "EN_PARTIE"
        assert orientation.journal.get().details["personne_venue"] is True

    def test_close_twice_refused(self):
        orientation = OrientationFactory(close=True)
        with pytest.raises(ValidationError, match="déjà close"):
            services.close_orientation(orientation=orientation, by=None, personne_venue=False)


class TestRelances:
    def test_working_days_skip_weekend_and_holidays(self):
        # Jeudi 24 décembre 2026 + 3 jours ouvrés : ven 25 (Noël) et le week-end ne comptent pas -> mer 30.
        assert services.add_working_days(datetime.date(2026, 12, 24), 3) == datetime.date(2026, 12, 30)

    def test_flags_unanswered_after_three_working_days_once(self, django_capture_on_commit_callbacks):
        with time_machine.travel(datetime.datetime(2026, 12, 24, 10, tzinfo=datetime.UTC)):
            orientation = OrientationFactory()
            territoire = TerritoireFactory(communes=[orientation.structure_destinataire.commune])
            coordo = MembershipFactory(role=Role.COORDINATEUR, territoire=territoire).user
        with time_machine.travel(datetime.datetime(2026, 12, 30, 10, tzinfo=datetime.UTC)):
            assert services.flag_late_orientations()["sans_reponse"] == 0  # 30 décembre : encore dans les délais
        with time_machine.travel(datetime.datetime(2026, 12, 31, 10, tzinfo=datetime.UTC)):
            with django_capture_on_commit_callbacks(execute=True):
                call_command("relancer_orientations", stdout=open("/dev/null", "w"))
            assert services.flag_late_orientations()["sans_reponse"] == 0  # une seule relance
        assert sorted(mail.outbox[0].to) == sorted([orientation.prescripteur.email, coordo.email])
        assert "Sans réponse" in mail.outbox[0].subject
        assert list(orientation.journal.values_list("event", flat=True)) == [OrientationEvent.REMINDED]

    def test_flags_deadline_passed(self, django_capture_on_commit_callbacks):
        with time_machine.travel(datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.UTC)):
            orientation = OrientationFactory(acceptee=True, echeance=datetime.date(2026, 3, 10))
        with time_machine.travel(datetime.datetime(2026, 3, 11, 10, tzinfo=datetime.UTC)):
            with django_capture_on_commit_callbacks(execute=True):
                counts = services.flag_late_orientations()
        assert counts == {"sans_reponse": 0, "echeance": 1}
        assert list(orientation.journal.values_list("event", flat=True)) == [OrientationEvent.DEADLINE_PASSED]
        assert "Échéance dépassée" in mail.outbox[0].subject


class TestAnonymisation:
    def test_personal_fields_erased_six_months_after_closure(self):
        with time_machine.travel(datetime.datetime(2026, 1, 10, 10, tzinfo=datetime.UTC)):
            closed = OrientationFactory(close=True, personne_contact="06", contact_consenti=True)
            still_open = OrientationFactory(acceptee=True)
        with time_machine.travel(datetime.datetime(2026, 7, 1, 10, tzinfo=datetime.UTC)):
            assert services.anonymize_closed_orientations() == 0
        with time_machine.travel(datetime.datetime(2026, 7, 20, 10, tzinfo=datetime.UTC)):
            call_command("anonymiser_orientations", stdout=open("/dev/null", "w"))
        closed.refresh_from_db()
        still_open.refresh_from_db()
        assert closed.personne_prenom == "" and closed.personne_contact == "" and closed.anonymized_at
        assert closed.besoins  # les besoins (non personnels) restent pour les statistiques
        assert still_open.personne_prenom == "Josiane"
        assert closed.journal.filter(event=OrientationEvent.ANONYMIZED).count() == 1

    def test_free_texts_about_the_person_are_erased_too(self):
        with time_machine.travel(datetime.datetime(2026, 1, 10, 10, tzinfo=datetime.UTC)):
            declined = OrientationFactory(echeance=datetime.date(2026, 2, 1), echeance_motif="RSA de Mme Martin")
            services.decline_orientation(
                orientation=declined,
                by=declined.prescripteur,
                motif="AUTRE",
                precision="Mme Martin ne parle pas français",
            )
        with time_machine.travel(datetime.datetime(2026, 7, 20, 10, tzinfo=datetime.UTC)):
            assert services.anonymize_closed_orientations() == 1
        declined.refresh_from_db()
        assert declined.echeance_motif == "" and declined.motif_refus_precision == ""
        assert declined.motif_refus == "AUTRE" and declined.echeance == datetime.date(2026, 2, 1)
