"""Chaque durée de conservation annoncée sur la page « Données personnelles » est prouvée ici en voyageant dans le
temps : la donnée est là juste avant la fin de la durée, effacée (ou anonymisée) juste après.

Les durées des orientations sont prouvées dans tests/orientations/test_conservation.py. Les connexions
(django-axes) et les sessions sont ici parce que cette page les annonce.
"""

import datetime
import io

import pytest
import time_machine
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.urls import reverse

from maillage.accompagnements import services
from maillage.accompagnements.models import Beneficiaire, BeneficiaireJournal, ReponseQuestionnaire
from maillage.orientations.models import OrientationJournal
from maillage.pass_numerique.models import Carnet
from tests.accompagnements.factories import AccompagnementFactory, BeneficiaireFactory
from tests.comptes.factories import PASSWORD, UserFactory
from tests.orientations.factories import OrientationFactory

DEBUT = datetime.datetime(2026, 1, 10, 10, tzinfo=datetime.UTC)
LOGIN = reverse("comptes:login")


def _a(delta: datetime.timedelta):
    return time_machine.travel(DEBUT + delta)


def _commande(name: str, delta: datetime.timedelta, *args) -> None:
    with _a(delta):
        call_command(name, *args, stdout=io.StringIO())


def _login(client, email, password):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR="10.0.0.1")


class TestPersonnesSuivies:
    def test_followed_person_kept_24_months_after_last_activity_then_anonymised(self):
        with _a(datetime.timedelta(0)):
            person = BeneficiaireFactory(prenom="Huguette", telephone="0611223344")
        _commande("anonymiser_beneficiaires", datetime.timedelta(days=729))
        person.refresh_from_db()
        assert person.prenom == "Huguette" and person.anonymized_at is None
        _commande("anonymiser_beneficiaires", datetime.timedelta(days=731))
        person.refresh_from_db()
        assert person.prenom == "Anonyme" and person.telephone == "" and person.anonymized_at is not None

    def test_session_notes_kept_24_months_after_the_session_then_erased(self):
        with _a(datetime.timedelta(0)):
            seance = AccompagnementFactory(
                date=DEBUT.date(), notes="Mme Martin a perdu son mot de passe", precisions_demarche="RSA de Mme Martin"
            )
        _commande("anonymiser_beneficiaires", datetime.timedelta(days=730))
        seance.refresh_from_db()
        assert seance.notes and seance.precisions_demarche
        _commande("anonymiser_beneficiaires", datetime.timedelta(days=731))
        seance.refresh_from_db()
        assert seance.notes == "" and seance.precisions_demarche == ""
        assert seance.besoins.count() == 1 and seance.resultat  # la séance reste pour les statistiques


class TestQuestionnaire:
    def test_questionnaire_open_30_days_after_the_session_then_closed(self, client):
        with _a(datetime.timedelta(0)):
            premiere = AccompagnementFactory(date=DEBUT.date())
            seconde = AccompagnementFactory(date=DEBUT.date())
        with _a(datetime.timedelta(days=30)):
            url = reverse("accompagnements:questionnaire", args=[premiere.questionnaire_token])
            client.post(url, {"regle": "OUI", "capable": "OUI", "aise": "OUI"})
        assert ReponseQuestionnaire.objects.filter(accompagnement=premiere).exists()
        with _a(datetime.timedelta(days=31)):
            url = reverse("accompagnements:questionnaire", args=[seconde.questionnaire_token])
            page = client.post(url, {"regle": "OUI", "capable": "OUI", "aise": "OUI"}).content.decode()
        assert "plus ouvert" in page and not ReponseQuestionnaire.objects.filter(accompagnement=seconde).exists()


class TestJournaux:
    def test_journals_are_kept_and_never_hold_the_person(self, client):
        with _a(datetime.timedelta(0)):
            seance = AccompagnementFactory(notes="Huguette")
            person = BeneficiaireFactory(prenom="Huguette", nom="Delacroix", suivi_par=seance.structure)
            services.log_read(beneficiaire=person, by=seance.mediateur)
            orientation = OrientationFactory(close=True, personne_prenom="Huguette")
        _commande("anonymiser_beneficiaires", datetime.timedelta(days=3650))
        _commande("anonymiser_orientations", datetime.timedelta(days=3650))
        journaux = [*BeneficiaireJournal.objects.filter(beneficiaire=person), *orientation.journal.all()]
        assert {j.event for j in journaux} == {"READ", "ANONYMIZED"}  # 10 ans après : toujours là
        assert not any("Huguette" in str(j.details) or "Huguette" in str(j) for j in journaux)
        assert not Beneficiaire.objects.filter(prenom="Huguette").exists()
        assert OrientationJournal.objects.filter(orientation=orientation).count() == 1


class TestConnexions:
    def test_failed_login_attempts_erased_once_the_15_minute_lock_is_over(self, client):
        user, autre = UserFactory(), UserFactory()
        with _a(datetime.timedelta(0)):
            _login(client, user.email, "mauvais")
        assert AccessAttempt.objects.filter(username=user.email).exists()
        with _a(datetime.timedelta(minutes=14)):
            _login(client, autre.email, "mauvais")  # toute tentative fait le ménage des anciennes
        assert AccessAttempt.objects.filter(username=user.email).exists()
        with _a(datetime.timedelta(minutes=16)):
            _login(client, autre.email, "mauvais")
        assert not AccessAttempt.objects.filter(username=user.email).exists()
        assert settings.AXES_COOLOFF_TIME == 0.25  # heures : les 15 minutes annoncées

    def test_successful_logins_kept_one_year(self, client):
        """Journal des connexions réussies (IP, navigateur) : `axes_reset_logs --age 365` chaque jour (cron)."""
        user = UserFactory()
        with _a(datetime.timedelta(0)):
            assert _login(client, user.email, PASSWORD).status_code == 302
        assert AccessLog.objects.filter(username=user.email).exists()
        _commande("axes_reset_logs", datetime.timedelta(days=364), "--age", "365")
        assert AccessLog.objects.filter(username=user.email).exists()
        _commande("axes_reset_logs", datetime.timedelta(days=366), "--age", "365")
        assert not AccessLog.objects.filter(username=user.email).exists()


class TestSessions:
    def test_session_expires_after_30_minutes_idle_and_is_then_erased(self, client):
        assert settings.SESSION_COOKIE_AGE == 30 * 60
        user = UserFactory()
        with _a(datetime.timedelta(0)):
            client.force_login(user)
        _commande("clearsessions", datetime.timedelta(minutes=29))
        assert Session.objects.count() == 1
        with _a(datetime.timedelta(minutes=31)):
            assert client.get(reverse("core:tableau_de_bord")).status_code == 302  # reconnexion demandée
        _commande("clearsessions", datetime.timedelta(minutes=31))
        assert Session.objects.count() == 0


class TestPass:
    def test_pass_hand_out_never_holds_a_name_nor_a_contact(self):
        champs = {f.name for f in Carnet._meta.get_fields()}
        assert {"tranche_age", "commune", "situation", "besoin"} <= champs
        assert not champs & {"prenom", "nom", "telephone", "email", "contact", "personne_prenom", "notes"}


@pytest.mark.parametrize(
    "texte",
    [
        "Anonymisé 24 mois après la dernière activité",
        "tout de suite si la personne le demande, avec toutes les copies",
        "Effacé 6 mois après la clôture de l'orientation",
        "12 mois après l'envoi si l'orientation n'a jamais reçu de réponse ou n'a jamais été close",
        "notes et nom de la démarche effacés 24 mois après la séance",
        "Ouvert 30 jours après la séance",
        "Gardés tant que le service existe",
        "effacées à la première connexion qui suit la fin du blocage (15 minutes)",
        "connexions réussies : 1 an",
        "30 minutes sans activité",
        "jamais le nom",
        "les nombres de 1 à 4 sont remplacés par « &lt; 5 »",
    ],
)
def test_personal_data_page_states_each_period(client, texte):
    page = client.get(reverse("core:donnees_personnelles")).content.decode()
    assert texte in page


def test_the_periods_in_the_code_are_those_of_the_page():
    assert services.CONSERVATION_SUIVI == datetime.timedelta(days=730)  # 24 mois
