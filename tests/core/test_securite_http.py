"""Sécurité HTTP : adresse IP derrière un mandataire, cache partagé en production, sessions qui expirent après
inactivité, en-têtes Content-Security-Policy et Permissions-Policy."""

import datetime
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import reverse

from config.settings.safeguards import parse_trusted_proxies, require_shared_cache, tile_source
from maillage.comptes.enums import Role
from maillage.core.utils import client_ip
from tests.comptes.factories import PASSWORD, StructureFactory, UserFactory, user_with_role
from tests.lieux.factories import LieuFactory

ROOT = Path(__file__).resolve().parent.parent.parent
LOGIN = reverse("comptes:login")
PROXY = "10.0.0.1"


def _request(remote_addr, forwarded_for=None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **extra)


class TestClientIp:
    def test_header_ignored_without_trusted_proxy(self, settings):
        settings.MAILLAGE_TRUSTED_PROXIES = []
        assert client_ip(_request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"

    def test_spoofed_header_from_untrusted_address_ignored(self, settings):
        settings.MAILLAGE_TRUSTED_PROXIES = [PROXY]
        assert client_ip(_request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"

    def test_header_used_from_trusted_proxy(self, settings):
        settings.MAILLAGE_TRUSTED_PROXIES = [PROXY]
        assert client_ip(_request(PROXY, "203.0.113.7")) == "203.0.113.7"

    def test_what_the_client_wrote_on_the_left_is_ignored(self, settings):
        # La personne envoie « X-Forwarded-For: 1.2.3.4 » ; le mandataire ajoute à droite l'adresse qu'il voit.
        settings.MAILLAGE_TRUSTED_PROXIES = [PROXY]
        assert client_ip(_request(PROXY, "1.2.3.4, 203.0.113.7")) == "203.0.113.7"

    def test_chain_of_trusted_proxies_given_as_cidr(self, settings):
        settings.MAILLAGE_TRUSTED_PROXIES = ["10.0.0.0/24", "192.168.1.10"]
        assert client_ip(_request("10.0.0.3", "1.2.3.4, 203.0.113.7, 192.168.1.10")) == "203.0.113.7"

    def test_port_and_ipv6(self, settings):
        settings.MAILLAGE_TRUSTED_PROXIES = [PROXY, "fd00::/8"]
        assert client_ip(_request(PROXY, "203.0.113.7:51234")) == "203.0.113.7"
        assert client_ip(_request("fd00::1", "[2001:db8::5]:443")) == "2001:db8::5"

    def test_garbage_header_falls_back_to_the_proxy(self, settings):
        settings.MAILLAGE_TRUSTED_PROXIES = [PROXY]
        assert client_ip(_request(PROXY, "pas-une-adresse")) == PROXY
        assert client_ip(_request(PROXY, "")) == PROXY

    def test_bad_setting_is_refused_at_startup_in_french(self):
        assert parse_trusted_proxies([" 10.0.0.1 ", "192.168.0.0/24", ""]) == ["10.0.0.1", "192.168.0.0/24"]
        with pytest.raises(ImproperlyConfigured, match="ni une adresse IP ni une plage CIDR"):
            parse_trusted_proxies(["10.0.0.300"])


class TestLoginLockoutUsesTheRealClient:
    def _fail(self, client, email, remote, forwarded_for):
        return client.post(
            LOGIN, {"username": email, "password": "mauvais"}, REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded_for
        )

    def test_behind_trusted_proxy_only_the_real_client_is_locked(self, client, settings):
        settings.MAILLAGE_TRUSTED_PROXIES = [PROXY]
        user = UserFactory()
        for _ in range(settings.AXES_FAILURE_LIMIT):
            self._fail(client, user.email, PROXY, "203.0.113.7")
        assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}
        locked = client.post(
            LOGIN,
            {"username": user.email, "password": PASSWORD},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )
        assert locked.status_code == 429
        # La même personne depuis un autre poste, par le même mandataire, n'est pas bloquée.
        other = client.post(
            LOGIN,
            {"username": user.email, "password": PASSWORD},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="198.51.100.9",
        )
        assert other.status_code == 302

    def test_spoofing_the_header_does_not_escape_the_lock(self, client, settings):
        settings.MAILLAGE_TRUSTED_PROXIES = [PROXY]
        user = UserFactory()
        for n in range(settings.AXES_FAILURE_LIMIT):
            self._fail(client, user.email, "203.0.113.7", f"198.51.100.{n}")  # une fausse adresse à chaque essai
        response = client.post(
            LOGIN,
            {"username": user.email, "password": PASSWORD},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR="198.51.100.200",
        )
        assert response.status_code == 429
        assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


def _prod_settings(env):
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "config.settings.prod",
            "DJANGO_SECRET_KEY": "x" * 60,
            "DATABASE_URL": "postgres://u:p@localhost/db",
            **env,
        },
        capture_output=True,
        text=True,
    )


class TestSharedCacheInProduction:
    LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

    def test_per_process_cache_refused(self):
        with pytest.raises(ImproperlyConfigured, match="partagé entre les processus"):
            require_shared_cache(caches=self.LOCMEM, single_process=False)

    def test_per_process_cache_accepted_when_single_process_declared(self):
        require_shared_cache(caches=self.LOCMEM, single_process=True)

    def test_dummy_cache_always_refused(self):
        dummy = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
        with pytest.raises(ImproperlyConfigured, match="ne garde rien"):
            require_shared_cache(caches=dummy, single_process=True)

    def test_prod_settings_refuse_to_start_with_default_cache(self):
        result = _prod_settings({})
        assert result.returncode != 0
        assert "MAILLAGE_SINGLE_PROCESS=true" in result.stderr

    @pytest.mark.parametrize(
        "env", [{"CACHE_URL": "dbcache://maillage_cache"}, {"MAILLAGE_SINGLE_PROCESS": "true"}], ids=["db", "seul"]
    )
    def test_prod_settings_start_with_shared_cache_or_single_process(self, env):
        result = _prod_settings(env)
        assert result.returncode == 0, result.stderr


class TestSessionIdleExpiry:
    def test_setting_is_thirty_minutes(self, settings):
        assert settings.MAILLAGE_SESSION_IDLE_MINUTES == 30
        assert settings.SESSION_COOKIE_AGE == 30 * 60

    def test_logged_out_after_idle_time(self, client):
        start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
        with time_machine.travel(start, tick=False) as traveller:
            client.force_login(UserFactory())
            assert client.get(reverse("core:tableau_de_bord")).status_code == 200
            traveller.shift(datetime.timedelta(minutes=31))
            response = client.get(reverse("core:tableau_de_bord"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("comptes:login"))

    def test_activity_keeps_the_session_open(self, client):
        start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
        with time_machine.travel(start, tick=False) as traveller:
            client.force_login(UserFactory())
            for _ in range(4):  # 4 × 20 min = 80 min de travail, jamais 30 min sans rien faire
                traveller.shift(datetime.timedelta(minutes=20))
                assert client.get(reverse("core:tableau_de_bord")).status_code == 200

    def test_login_form_sets_the_idle_expiry(self, client):
        user = UserFactory()
        start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
        with time_machine.travel(start, tick=False) as traveller:
            client.post(LOGIN, {"username": user.email, "password": PASSWORD}, REMOTE_ADDR="10.9.9.9")
            assert client.cookies["sessionid"]["max-age"] == 30 * 60
            traveller.shift(datetime.timedelta(minutes=31))
            assert client.get(reverse("core:tableau_de_bord")).status_code == 302


class TestContentSecurityPolicy:
    def _directives(self, response):
        header = response["Content-Security-Policy"]
        return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}

    @pytest.mark.parametrize("url", ["/", "/lieux/", "/comptes/connexion/", "/page-qui-n-existe-pas/"])
    def test_every_page_has_a_strict_policy(self, client, url):
        directives = self._directives(client.get(url))
        assert directives["default-src"] == ["'self'"]
        assert directives["script-src"] == ["'self'"]  # aucun script en ligne, aucun domaine tiers
        assert "'unsafe-inline'" not in directives["style-src"]
        assert directives["object-src"] == ["'none'"]
        assert directives["frame-ancestors"] == ["'none'"]
        assert {"'self'", "data:"} <= set(directives["img-src"])

    def test_error_page_has_the_policy_too(self, client):
        response = client.get("/healthz")
        assert "default-src 'self'" in response["Content-Security-Policy"]

    @pytest.mark.parametrize(
        "url, expected",
        [
            ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
            ("https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png", "https://*.tile.openstreetmap.fr"),
            ("https://wxs.ign.fr/cle/geoportail/wmts?x={x}&y={y}&z={z}", "https://wxs.ign.fr"),
            ("", None),
            ("/tuiles/{z}/{x}/{y}.png", None),
        ],
    )
    def test_map_tile_host_allowed_in_img_src(self, url, expected):
        assert tile_source(url) == expected


class TestPermissionsPolicy:
    def _policy(self, response):
        return dict(part.strip().split("=", 1) for part in response["Permissions-Policy"].split(","))

    def test_camera_and_location_off_by_default(self, client):
        policy = self._policy(client.get("/"))
        assert policy["camera"] == "()" and policy["geolocation"] == "()" and policy["microphone"] == "()"

    def test_location_allowed_on_place_search(self, client):
        policy = self._policy(client.get(reverse("lieux:recherche")))
        assert policy["geolocation"] == "(self)" and policy["camera"] == "()"

    def test_camera_allowed_on_pass_redemption_page_only(self, client):
        structure = StructureFactory()
        LieuFactory(structure=structure, published=True)
        client.force_login(user_with_role(Role.MEDIATEUR, structure=structure))
        response = client.get(reverse("pass_numerique:encaisser"))
        assert response.status_code == 200
        policy = self._policy(response)
        assert policy["camera"] == "(self)" and policy["geolocation"] == "()"
        assert self._policy(client.get(reverse("core:tableau_de_bord")))["camera"] == "()"
