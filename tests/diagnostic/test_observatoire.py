"""L'observatoire lit les repérages par commune et besoin ; « < 5 » hors de la coordination ; menu par prédicat."""

from datetime import date

from django.urls import reverse

from maillage.comptes.enums import Role
from maillage.core.navigation import entrees
from maillage.diagnostic.models import Reperage
from maillage.diagnostic.selectors import reperages_par_commune
from tests.comptes.factories import user_with_role

URL = reverse("diagnostic:reperages")


def _reperages(angers, n, besoin="AIDE_DEMARCHES", jour=date(2026, 10, 1)):
    Reperage.objects.bulk_create([Reperage(commune=angers, besoin=besoin, source="AUTONOME", jour=jour)] * n)


def test_selector_counts_by_commune_and_need_and_masks(territoire, angers):
    _reperages(angers, 6)
    _reperages(angers, 2, besoin="USAGE_SECURISE")
    _reperages(angers, 3, jour=date(2025, 1, 1))  # hors période
    lignes = reperages_par_commune(territoire, date(2026, 9, 1), date(2026, 10, 1))
    assert [ligne.total for ligne in lignes] == [6, "< 5"]
    exacts = reperages_par_commune(territoire, date(2026, 9, 1), date(2026, 10, 1), masquer=False)
    assert [ligne.total for ligne in exacts] == [6, 2] and exacts[0].commune == "Angers"


def test_coordination_sees_exact_counts_funder_masked(client, territoire, angers):
    _reperages(angers, 2, besoin="USAGE_SECURISE")
    periode = {"depuis": "2026-09-01", "jusqua": "2026-10-31"}
    client.force_login(user_with_role(Role.COORDINATEUR, territoire=territoire))
    html = client.get(URL, periode).content.decode()
    assert "<td>2</td>" in html and "&lt; 5" not in html
    client.force_login(user_with_role(Role.COMMANDITAIRE, territoire=territoire))
    html = client.get(URL, periode).content.decode()
    assert "<td>&lt; 5</td>" in html and "<td>2</td>" not in html


def test_bad_dates_explained_and_menu_by_predicate(client, territoire):
    coordinatrice = user_with_role(Role.COORDINATEUR, territoire=territoire)
    client.force_login(coordinatrice)
    response = client.get(URL, {"depuis": "hier", "jusqua": "2026-10-31"})
    assert response.status_code == 200 and "pas lisible" in response.content.decode()
    assert "diagnostic:reperages" in {e.url_name for e in entrees(coordinatrice)}
    mediatrice = user_with_role(Role.MEDIATEUR)
    assert "diagnostic:reperages" not in {e.url_name for e in entrees(mediatrice)}
    client.force_login(mediatrice)
    assert client.get(URL).status_code == 403
