"""Durées de conservation des orientations, prouvées en voyageant dans le temps (commande anonymiser_orientations),
et journaux sans texte libre sur la personne."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from maillage.comptes.enums import Role
from maillage.orientations import services
from maillage.orientations.enums import OrientationEvent, StatutOrientation
from maillage.orientations.models import Orientation, OrientationJournal
from tests.comptes.factories import user_with_role
from tests.orientations.factories import OrientationFactory

DEBUT = datetime.datetime(2026, 1, 10, 10, tzinfo=datetime.UTC)


def _anonymiser(jours: float) -> None:
    with time_machine.travel(DEBUT + datetime.timedelta(days=jours)):
        call_command("anonymiser_orientations", stdout=io.StringIO())


def _prenom(orientation: Orientation) -> str:
    orientation.refresh_from_db()
    return orientation.personne_prenom


class TestConservation:
    def test_closed_orientation_kept_6_months_after_closure_then_erased(self):
        with time_machine.travel(DEBUT):
            orientation = OrientationFactory(close=True)
        _anonymiser(182)  # la veille des 6 mois (183 jours)
        assert _prenom(orientation) == "Josiane"
        _anonymiser(184)
        assert _prenom(orientation) == "" and orientation.anonymized_at is not None

    def test_declined_orientation_kept_6_months_after_the_answer_then_erased(self):
        with time_machine.travel(DEBUT):
            orientation = OrientationFactory(message="Josiane ne lit pas bien")
            services.decline_orientation(orientation=orientation, by=orientation.prescripteur, motif="COMPLET")
        _anonymiser(182)
        assert _prenom(orientation) == "Josiane"
        _anonymiser(184)
        assert _prenom(orientation) == "" and orientation.message == ""

    @pytest.mark.parametrize("trait", [{}, {"acceptee": True}], ids=["jamais_repondue", "jamais_close"])
    def test_orientation_never_answered_or_never_closed_erased_12_months_after_sending(self, trait):
        with time_machine.travel(DEBUT):
            orientation = OrientationFactory(
                personne_contact="06 12 34 56 78", contact_consenti=True, echeance_motif="RSA de Josiane", **trait
            )
        _anonymiser(364)  # la veille des 12 mois (365 jours)
        assert _prenom(orientation) == "Josiane"
        _anonymiser(366)
        assert _prenom(orientation) == ""
        assert orientation.personne_contact == "" and orientation.echeance_motif == ""
        assert orientation.statut in (StatutOrientation.ENVOYEE, StatutOrientation.ACCEPTEE)  # rien d'autre ne change
        journal = orientation.journal.get(event=OrientationEvent.ANONYMIZED)
        assert journal.details == {"raison": "jamais_close"} and journal.actor is None
        _anonymiser(400)  # idempotent : une seule ligne de journal
        assert orientation.journal.filter(event=OrientationEvent.ANONYMIZED).count() == 1

    def test_personal_data_page_states_the_orientation_periods(self, client):
        page = client.get(reverse("core:donnees_personnelles")).content.decode()
        assert "6 mois après la clôture de l'orientation" in page
        assert "12 mois après l'envoi si l'orientation n'a jamais reçu de réponse ou n'a jamais été close" in page
        assert services.CONSERVATION_APRES_CLOTURE == datetime.timedelta(days=183)
        assert services.CONSERVATION_MAX_SANS_CLOTURE == datetime.timedelta(days=365)


class TestJournalSansTexteLibre:
    def test_decline_reason_text_stays_on_the_orientation_not_in_the_journal(self):
        orientation = OrientationFactory()
        precision = "Mme Josiane Martin ne parle pas français"
        services.decline_orientation(
            orientation=orientation, by=orientation.prescripteur, motif="AUTRE", precision=precision
        )
        journal = OrientationJournal.objects.get(orientation=orientation)
        assert journal.event == OrientationEvent.DECLINED
        assert journal.details == {"motif": "AUTRE", "precision_renseignee": True}
        assert "Martin" not in str(journal.details)
        orientation.refresh_from_db()
        assert orientation.motif_refus_precision == precision  # le texte reste sur la ligne qui sera anonymisée

    def test_no_journal_row_of_any_service_holds_the_free_texts(self):
        user = user_with_role(Role.MEDIATEUR)
        orientation = OrientationFactory(message="Josiane", echeance_motif="RSA de Josiane")
        nouvelle = services.redirect_orientation(
            orientation=orientation,
            by=user,
            lieu=OrientationFactory().lieu,
            message="Josiane arrive mardi",
        )
        services.accept_orientation(orientation=nouvelle, by=user)
        services.close_orientation(orientation=nouvelle, by=user, personne_venue=True, besoin_resultat="RESOLU")
        details = [str(j.details) for j in OrientationJournal.objects.all()]
        assert len(details) == 4 and not any("Josiane" in d for d in details)  # redirigée, créée, acceptée, close


class TestPasDeNomDansLAdresse:
    def test_a_link_cannot_prefill_the_person_in_a_new_orientation(self, client):
        user = user_with_role(Role.PRESCRIPTEUR)
        client.force_login(user)
        url = reverse("orientations:nouvelle") + "?besoins=DEMARCHE_SOCIAL&personne_prenom=Zephyrine&message=Zephyrine"
        response = client.get(url)
        assert response.status_code == 200 and "Zephyrine" not in response.content.decode()
