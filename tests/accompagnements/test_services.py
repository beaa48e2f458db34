import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from maillage.accompagnements import services
from maillage.accompagnements.enums import FaconDeFaire, Thematique, TypeAccompagnement, TypeLieu
from maillage.accompagnements.models import (
    Accompagnement,
    Beneficiaire,
    BeneficiaireEvent,
    BesoinTraite,
    ReponseQuestionnaire,
)
from maillage.comptes.enums import Role
from maillage.core.enums import TypeConsentement
from maillage.core.models import TexteConsentement
from maillage.orientations.enums import StatutOrientation
from maillage.orientations.models import Orientation
from tests.accompagnements.factories import AccompagnementFactory, BeneficiaireFactory
from tests.comptes.factories import user_with_role
from tests.orientations.factories import LieuAvecStructureFactory, OrientationFactory, texte_orientation

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture
def mediateur():
    return user_with_role(Role.MEDIATEUR)


def _record(mediateur, **kwargs):
    params = dict(
        by=mediateur,
        structure=mediateur.memberships.get().structure,
        date=YESTERDAY,
        duree=30,
        type_lieu=TypeLieu.DISTANCE,
        besoins={Thematique.EMAIL: FaconDeFaire.FAIRE_AVEC, "D_SOCIAL": FaconDeFaire.A_LA_PLACE_EN_EXPLIQUANT},
        resultat="RESOLU",
    )
    params.update(kwargs)
    return services.record_accompagnement(**params)


class TestRecord:
    def test_records_session_and_one_row_per_need_with_how(self, mediateur):
        accompagnement = _record(mediateur)
        rows = dict(accompagnement.besoins.values_list("besoin", "facon"))
        assert rows == {"EMAIL": "FAIRE_AVEC", "D_SOCIAL": "A_LA_PLACE_EN_EXPLIQUANT"}
        assert accompagnement.besoins.first().structure_id == accompagnement.structure_id

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"date": timezone.localdate() + datetime.timedelta(days=1)}, "futur"),
            ({"duree": 0}, "au moins une minute"),
            ({"besoins": {}}, "au moins une thématique"),
            ({"type": TypeAccompagnement.COLLECTIF, "participants": 0}, "au moins un participant"),
            ({"type_lieu": TypeLieu.LIEU}, "Choisissez le lieu"),
            ({"type_lieu": TypeLieu.DOMICILE}, "commune"),
            (
                {"type": TypeAccompagnement.COLLECTIF, "participants": 3, "repartitions": {"genre": {"FEMININ": 4}}},
                "dépasse",
            ),
        ],
    )
    def test_bad_input_is_refused_in_french_and_nothing_written(self, mediateur, kwargs, message):
        with pytest.raises(ValidationError, match=message):
            _record(mediateur, **kwargs)
        assert not Accompagnement.objects.exists() and not BesoinTraite.objects.exists()

    def test_workshop_weights_needs_by_participants(self, mediateur):
        accompagnement = _record(
            mediateur, type=TypeAccompagnement.COLLECTIF, participants=12, niveau="DEBUTANT", resultat="RESOLU",
            repartitions={"genre": {"FEMININ": 7, "MASCULIN": 5}},
        )  # fmt: skip
        assert accompagnement.resultat == ""  # pas de résultat individuel pour un atelier
        assert set(accompagnement.besoins.values_list("poids", flat=True)) == {12}

    def test_received_orientation_is_closed_with_outcome(self, mediateur):
        structure = mediateur.memberships.get().structure
        orientation = OrientationFactory(lieu=LieuAvecStructureFactory(structure=structure), acceptee=True)
        accompagnement = _record(mediateur, orientation_recue=orientation, resultat="EN_PARTIE")
        orientation.refresh_from_db()
        assert orientation.statut == StatutOrientation.CLOSE and orientation.personne_venue
        assert orientation.besoin_resultat == "EN_PARTIE"
        assert orientation.journal.last().details["accompagnement"] == accompagnement.pk

    def test_other_structure_orientation_is_refused(self, mediateur):
        with pytest.raises(ValidationError, match="pas été envoyée à votre structure"):
            _record(mediateur, orientation_recue=OrientationFactory())

    def test_onward_orientation_created_through_orientation_service(self, mediateur):
        lieu = LieuAvecStructureFactory()
        accompagnement = _record(
            mediateur,
            orientation_suite=services.OrientationSuite(
                lieu=lieu, besoins=["DEMARCHE_ARGENT"], consentement=texte_orientation(), personne_prenom="M."
            ),
        )
        suite = Orientation.objects.get()
        assert accompagnement.orientation_suite == suite and suite.lieu == lieu
        assert suite.journal.count() == 1

    def test_onward_orientation_to_closed_place_rolls_everything_back(self, mediateur):
        lieu = LieuAvecStructureFactory(statut="FERME")
        with pytest.raises(ValidationError):
            _record(
                mediateur,
                orientation_suite=services.OrientationSuite(
                    lieu=lieu, besoins=["DEMARCHE_ARGENT"], consentement=texte_orientation()
                ),
            )
        assert not Accompagnement.objects.exists() and not Orientation.objects.exists()


class TestBeneficiaire:
    def test_follow_records_consent_version_and_journal(self, mediateur):
        structure = mediateur.memberships.get().structure
        texte = TexteConsentement.objects.current(TypeConsentement.SUIVI)
        person = services.follow_beneficiaire(by=mediateur, structure=structure, prenom="Ali", consentement=texte)
        assert person.suivis.get().consentement.version == texte.version
        assert list(person.journal.values_list("event", flat=True)) == [BeneficiaireEvent.FOLLOWED]

    def test_session_updates_last_activity(self, mediateur):
        structure = mediateur.memberships.get().structure
        with time_machine.travel(datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)):
            person = BeneficiaireFactory(suivi_par=structure)
        _record(mediateur, beneficiaire=person)
        person.refresh_from_db()
        assert person.last_activity_at.year == timezone.now().year

    def test_person_followed_elsewhere_is_refused(self, mediateur):
        with pytest.raises(ValidationError, match="pas suivie"):
            _record(mediateur, beneficiaire=BeneficiaireFactory(suivi_par=AccompagnementFactory().structure))

    def test_deletion_request_anonymises_keeps_sessions(self, mediateur):
        structure = mediateur.memberships.get().structure
        person = BeneficiaireFactory(suivi_par=structure, telephone="0600000000")
        accompagnement = _record(mediateur, beneficiaire=person, notes="a oublié son mot de passe")
        services.request_deletion(beneficiaire=person, by=mediateur)
        person.refresh_from_db()
        accompagnement.refresh_from_db()
        assert person.anonymized_at and person.telephone == "" and person.nom == ""
        # La séance reste (statistiques, preuve d'activité), détachée de la fiche : plus rien ne la relie à elle.
        assert accompagnement.beneficiaire is None and accompagnement.notes == ""
        assert list(person.journal.values_list("event", flat=True)) == [
            BeneficiaireEvent.DELETION_REQUESTED,
            BeneficiaireEvent.ANONYMIZED,
        ]


class TestRetention:
    def test_followed_persons_anonymised_24_months_after_last_activity(self):
        with time_machine.travel(datetime.datetime(2024, 1, 10, tzinfo=datetime.UTC)):
            old = BeneficiaireFactory()
        with time_machine.travel(datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC)):
            recent = BeneficiaireFactory()
        with time_machine.travel(datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC)):
            assert services.anonymize_inactive_beneficiaires() == 0
        with time_machine.travel(datetime.datetime(2026, 1, 15, tzinfo=datetime.UTC)):
            call_command("anonymiser_beneficiaires", stdout=open("/dev/null", "w"))
        old.refresh_from_db()
        recent.refresh_from_db()
        assert old.anonymized_at is not None and old.nom == ""
        assert recent.anonymized_at is None
        assert Beneficiaire.objects.filter(anonymized_at__isnull=True).count() == 1


class TestQuestionnaire:
    def test_one_answer_per_session(self):
        accompagnement = AccompagnementFactory()
        services.answer_questionnaire(accompagnement=accompagnement, regle="OUI", capable="UN_PEU", aise="OUI")
        with pytest.raises(ValidationError, match="déjà"):
            services.answer_questionnaire(accompagnement=accompagnement, regle="NON", capable="NON", aise="NON")
        assert ReponseQuestionnaire.objects.get().regle == "OUI"
