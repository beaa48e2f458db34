import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from maillage.comptes.demo import DEMO_PASSWORD
from maillage.comptes.enums import Role
from maillage.comptes.models import Membership, Structure, User
from maillage.core.demo import load_demo
from tests.conftest import ROOT


class TestLoadDemo:
    def test_builds_a_fictitious_network_with_every_role(self, communes_49, capsys):
        call_command("load_demo")
        out = capsys.readouterr().out
        assert Structure.objects.filter(is_demo=True).count() == 30
        assert set(Membership.objects.values_list("role", flat=True)) == {r.value for r in Role}
        assert DEMO_PASSWORD in out and "coordination@demo.maillage.fr" in out
        # Ce qu'une personne qui découvre Maillage doit lire : pas de courriel imprimé, pas de point médian.
        assert "Subject:" not in out and "Content-Type" not in out and "·" not in out
        assert "Coordination du territoire" in out and "/comptes/connexion/" in out
        user = User.objects.get(email="mediation@demo.maillage.fr")
        assert user.is_demo and user.check_password(DEMO_PASSWORD)
        assert all(s.commune.departement_id == "49" for s in Structure.objects.select_related("commune"))

    def test_is_idempotent(self, communes_49):
        load_demo()
        counts = (Structure.objects.count(), User.objects.count(), Membership.objects.count())
        load_demo()
        assert (Structure.objects.count(), User.objects.count(), Membership.objects.count()) == counts

    def test_refused_outside_demo(self, communes_49, settings):
        settings.MAILLAGE_DEMO = False
        with pytest.raises(ImproperlyConfigured):
            load_demo()
        assert not Structure.objects.exists()

    def test_needs_communes_first(self):
        with pytest.raises(ImproperlyConfigured, match="load_communes"):
            load_demo()


def _prod_check(env):
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings.prod", **env},
        capture_output=True,
        text=True,
    )


class TestProdSettings:
    def test_refuse_missing_secret_key(self):
        result = _prod_check({"DATABASE_URL": "postgres://u:p@localhost/db"})
        assert result.returncode != 0
        assert "DJANGO_SECRET_KEY" in result.stderr

    def test_refuse_sqlite(self):
        result = _prod_check({"DJANGO_SECRET_KEY": "x" * 60})
        assert result.returncode != 0
        assert "PostgreSQL" in result.stderr

    def test_accepts_postgres_and_secret(self):
        result = _prod_check(
            {
                "DJANGO_SECRET_KEY": "x" * 60,
                "DATABASE_URL": "postgres://u:p@localhost/db",
                "CACHE_URL": "dbcache://maillage_cache",
            }
        )
        assert result.returncode == 0, result.stderr
