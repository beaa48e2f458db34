"""Pannes : la sonde répond 503 (jamais 500) et les pages restent des pages en français, base injoignable."""

import uuid
from contextlib import contextmanager
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError, connections
from django.test import Client
from django.urls import reverse

from tests.comptes.factories import UserFactory


@contextmanager
def database_down():
    """Toute requête SQL échoue comme une base arrêtée (connexion refusée)."""
    error = OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')
    with mock.patch.object(connections["default"], "cursor", side_effect=error):
        yield


@pytest.fixture
def client():
    # Comme en production : l'exception devient la page d'erreur au lieu de remonter dans le test.
    return Client(raise_request_exception=False)


class TestHealthz:
    def test_ok_when_database_answers(self, client):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"statut": "ok", "base_de_donnees": "ok"}

    def test_503_json_when_database_is_unreachable(self, client):
        with database_down():
            response = client.get("/healthz")
        assert response.status_code == 503
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"statut": "indisponible", "base_de_donnees": "injoignable"}
        assert response["Retry-After"]

    def test_never_cached(self, client):
        assert "no-cache" in client.get("/healthz")["Cache-Control"]


class TestPagesDuringOutage:
    @pytest.mark.parametrize("url_name", ["core:accueil", "core:accessibilite", "core:mentions_legales"])
    def test_static_public_pages_still_render_for_visitors(self, client, url_name):
        with database_down():
            response = client.get(reverse(url_name))
        assert response.status_code == 200
        assert "Maillage" in response.content.decode()

    def test_page_that_needs_the_database_gives_a_french_503_page(self, client):
        with database_down():
            response = client.get(reverse("lieux:detail", args=[uuid.uuid4()]))
        assert response.status_code == 503
        html = response.content.decode()
        assert "Service momentanément indisponible" in html
        assert "Réessayez dans quelques minutes" in html
        assert 'lang="fr"' in html and "dsfr" in html  # page aux couleurs du DSFR, pas une trace d'erreur
        assert "Traceback" not in html and "OperationalError" not in html
        assert response["Retry-After"]

    def test_connected_person_on_a_static_page_gets_the_french_page(self, client):
        client.force_login(UserFactory())  # sa session est en base : illisible pendant la panne
        with database_down():
            response = client.get(reverse("core:accessibilite"))
        assert response.status_code == 503
        assert "Service momentanément indisponible" in response.content.decode()

    def test_other_errors_stay_a_500_in_french(self, client):
        with mock.patch("maillage.core.views.render", side_effect=RuntimeError("bogue")):
            response = client.get(reverse("core:accueil"))
        assert response.status_code == 500
        html = response.content.decode()
        assert "Une erreur est survenue" in html and "bogue" not in html
        # L'en-tête garde la marque du service, sans rien de ce qui lirait la base (menu, personne connectée).
        assert f'<p class="fr-header__service-title">Maillage {settings.MAILLAGE_TERRITOIRE_NOM}</p>' in html
        assert 'id="bouton-menu"' not in html and "Se connecter" not in html
