"""Limites de fréquence de la connexion et du mot de passe oublié (maillage.comptes.throttle), par les pages."""

import datetime
import re

import time_machine
from django.core import mail
from django.urls import reverse

from tests.comptes.factories import PASSWORD, UserFactory

LOGIN = reverse("comptes:login")
RESET = reverse("comptes:password_reset")
EPN = "10.0.0.9"  # une adresse partagée par tout un lieu


def post_login(client, email, password, ip=EPN):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip)


def post_reset(client, email, ip=EPN):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=ip)


def later(**delta):
    # Date avec fuseau : time-machine lirait une date naïve comme UTC (et le processus est à l'heure de Paris).
    return time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(**delta))


class TestLoginFailuresPerAddress:
    def test_password_spraying_from_one_address_is_stopped(self, client):
        user = UserFactory()
        for n in range(50):  # un échec par compte : django-axes seul ne bloquerait jamais
            assert post_login(client, f"cible{n}@exemple.fr", "Printemps2026!").status_code == 200
        response = post_login(client, user.email, PASSWORD)  # même le bon mot de passe
        assert response.status_code == 429
        assert "Trop de tentatives de connexion ont échoué depuis ce lieu" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_other_addresses_are_not_affected(self, client):
        user = UserFactory()
        for n in range(50):
            post_login(client, f"cible{n}@exemple.fr", "Printemps2026!")
        assert post_login(client, user.email, PASSWORD, ip="10.0.0.10").status_code == 302

    def test_address_is_refused_for_15_minutes_then_allowed(self, client):
        user = UserFactory()
        for n in range(50):
            post_login(client, f"cible{n}@exemple.fr", "Printemps2026!")
        with later(minutes=14):
            assert post_login(client, user.email, PASSWORD).status_code == 429
        with later(minutes=16):
            assert post_login(client, user.email, PASSWORD).status_code == 302

    def test_a_busy_epn_below_the_limit_still_logs_in(self, client):
        """Quarante personnes se trompent une fois dans la journée au même endroit : personne n'est bloqué."""
        users = UserFactory.create_batch(3)
        for n in range(40):
            post_login(client, f"usager{n}@exemple.fr", "oubli")
        for user in users:
            assert post_login(client, user.email, PASSWORD).status_code == 302
            client.logout()

    def test_failures_count_only_within_15_minutes(self, client):
        user = UserFactory()
        for n in range(30):
            post_login(client, f"cible{n}@exemple.fr", "Printemps2026!")
        with later(minutes=16):
            for n in range(30):
                post_login(client, f"autre{n}@exemple.fr", "Printemps2026!")
            assert post_login(client, user.email, PASSWORD).status_code == 302


class TestPasswordResetThrottle:
    def test_five_requests_per_email_per_hour_then_nothing_is_sent(self, client):
        UserFactory(email="oubli@exemple.fr")
        for _ in range(5):
            assert post_reset(client, "oubli@exemple.fr").status_code == 302
        assert len(mail.outbox) == 5
        response = post_reset(client, "Oubli@Exemple.fr", ip="10.0.0.77")  # autre lieu, même adresse
        assert response.status_code == 429
        assert "Trop de demandes de nouveau mot de passe" in response.content.decode()
        assert len(mail.outbox) == 5

    def test_the_limit_does_not_reveal_who_has_an_account(self, client):
        UserFactory(email="qx1@exemple.fr")
        for _ in range(5):
            post_reset(client, "qx1@exemple.fr")
            post_reset(client, "qx2@exemple.fr")  # sans compte
        known = post_reset(client, "qx1@exemple.fr")
        unknown = post_reset(client, "qx2@exemple.fr")
        assert known.status_code == unknown.status_code == 429
        csrf = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
        assert csrf.sub("", known.content.decode()).replace("qx1", "X") == csrf.sub(
            "", unknown.content.decode()
        ).replace("qx2", "X")

    def test_twenty_requests_per_address_per_hour(self, client):
        UserFactory(email="victime@exemple.fr")
        for n in range(20):
            assert post_reset(client, f"personne{n}@exemple.fr").status_code == 302
        assert post_reset(client, "victime@exemple.fr").status_code == 429
        assert mail.outbox == []
        # Ailleurs, la même personne peut encore demander son lien.
        assert post_reset(client, "victime@exemple.fr", ip="10.0.0.78").status_code == 302
        assert len(mail.outbox) == 1

    def test_requests_are_allowed_again_after_an_hour(self, client):
        UserFactory(email="oubli@exemple.fr")
        for _ in range(6):
            post_reset(client, "oubli@exemple.fr")
        assert len(mail.outbox) == 5
        with later(hours=1, minutes=1):
            assert post_reset(client, "oubli@exemple.fr").status_code == 302
        assert len(mail.outbox) == 6
