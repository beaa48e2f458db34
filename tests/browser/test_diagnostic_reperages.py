"""« Besoins repérés » (observatoire du diagnostic) dans un vrai navigateur : au clavier seul, axe-core sans
violation (tableau, période refusée, financeur qui lit « < 5 »), sans défilement horizontal à 360 px."""

from datetime import timedelta

import pytest
from django.utils import timezone

from maillage.comptes.enums import Role
from maillage.diagnostic.models import Reperage
from tests.browser.conftest import login_by_keyboard, tab_to
from tests.comptes.factories import PASSWORD, TerritoireFactory, user_with_role

URL = "/diagnostic/reperages/"


@pytest.fixture
def territoire(communes_49):
    territoire = TerritoireFactory(nom="Maine-et-Loire", slug="ml", communes=list(communes_49.values()))
    angers = communes_49["49007"]
    aujourd_hui = timezone.localdate()
    lignes = [Reperage(commune=angers, besoin="AIDE_DEMARCHES", source="AUTONOME", jour=aujourd_hui)] * 6
    lignes += [Reperage(commune=angers, besoin="USAGE_SECURISE", source="PREMIER_ACCUEIL", jour=aujourd_hui)] * 2
    # Il y a deux ans : hors de la période par défaut (90 jours), visible en choisissant la période.
    lignes += [Reperage(commune=angers, besoin="ACCES_MATERIEL", source="AUTONOME",
                        jour=aujourd_hui - timedelta(days=730))] * 7  # fmt: skip
    Reperage.objects.bulk_create([Reperage(**{f: getattr(r, f) for f in ("commune", "besoin", "source", "jour")})
                                  for r in lignes])  # fmt: skip
    return territoire


def _tableau(page) -> list[list[str]]:
    return [
        [c.strip() for c in ligne.locator("td").all_inner_texts()] for ligne in page.locator("table tbody tr").all()
    ]


def test_coordination_au_clavier_axe_et_periode(page, axe, territoire):
    coordinatrice = user_with_role(Role.COORDINATEUR, territoire=territoire)
    login_by_keyboard(page, coordinatrice.email, PASSWORD)
    page.goto(URL)
    assert "Besoins repérés : Maine-et-Loire" in page.locator("h1").inner_text()
    assert axe(page) == []
    lignes = _tableau(page)
    assert any(ligne[0] == "Angers" and ligne[2] == "6" for ligne in lignes)
    assert any(ligne[2] == "2" for ligne in lignes)  # la coordination lit les chiffres exacts
    assert not any(ligne[2] == "7" for ligne in lignes)  # hors période

    # Au clavier : le champ « Du » se remplit, Tab jusqu'au bouton, Entrée.
    tab_to(page, "#id_territoire")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_depuis"
    debut = (timezone.localdate() - timedelta(days=800)).isoformat()
    page.locator("#id_depuis").fill(debut)
    tab_to(page, "button:has-text('Afficher')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"depuis={debut}" in page.url
    assert any(ligne[2] == "7" for ligne in _tableau(page))
    assert axe(page) == []


def test_periode_illisible_dite_et_sans_violation(page, axe, territoire):
    coordinatrice = user_with_role(Role.COORDINATEUR, territoire=territoire)
    login_by_keyboard(page, coordinatrice.email, PASSWORD)
    page.goto(f"{URL}?depuis=hier&jusqua=2026-13-45")
    assert "Une date n'est pas lisible" in page.locator("[role=alert]").inner_text()
    assert axe(page) == []


def test_financeur_lit_moins_de_5_a_360_px(page, axe, territoire):
    financeur = user_with_role(Role.COMMANDITAIRE, territoire=territoire)
    login_by_keyboard(page, financeur.email, PASSWORD)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(URL)
    lignes = _tableau(page)
    assert any(ligne[2] == "6" for ligne in lignes) and any(ligne[2] == "< 5" for ligne in lignes)
    assert "s'écrit « < 5 »" in page.content().replace("&lt;", "<")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert axe(page) == []
