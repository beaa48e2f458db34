"""Les rapports de l'observatoire dans un vrai navigateur, axe-core sur chaque page : la coordination va au clavier
de l'index aux rapports mensuels puis au rapport du mois ; sans compte, la vue des élus et la page des données
ouvertes ; tout tient sur 360 px. Mêmes fixtures que le test navigateur de l'observatoire."""

import datetime

import pytest
from django.utils import timezone

from tests.browser.conftest import login_by_keyboard, tab_to
from tests.browser.test_observatoire import monde  # noqa: F401 (fixture)
from tests.comptes.factories import PASSWORD

pytestmark = pytest.mark.browser
MAX = 80
MOIS = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def _enter(page):
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _etroit(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_rapports_de_la_coordination_au_clavier(page, axe, monde):  # noqa: F811
    page.set_viewport_size({"width": 360, "height": 800})
    login_by_keyboard(page, monde["coord"].email, PASSWORD)
    page.goto("/observatoire/")
    tab_to(page, "main a:has-text('Rapports mensuels')", MAX)
    _enter(page)
    assert "Rapports mensuels — Département test" in page.inner_text("main")
    assert axe(page) == []
    _etroit(page)
    tab_to(page, f"main a[href$='/rapports/{MOIS:%Y-%m}/']", MAX)
    _enter(page)
    main = page.inner_text("main")
    assert "1. Réseau" in main and "2. Financement" in main and "3. Mutualisation" in main
    assert "4. Évaluation" in main and "Télécharger le rapport (PDF)" in main
    assert axe(page) == []
    _etroit(page)
    with page.expect_download() as telechargement:
        tab_to(page, "main a:has-text('Télécharger le rapport (PDF)')", MAX)
        page.keyboard.press("Enter")
    assert telechargement.value.suggested_filename == f"observatoire-dep-test-{MOIS:%Y-%m}.pdf"
    # Le mois en cours : l'avis « chiffres arrêtés au … » passe aussi axe-core.
    page.goto(f"/observatoire/territoires/dep-test/rapports/{timezone.localdate():%Y-%m}/")
    assert "Mois en cours : chiffres arrêtés au" in page.inner_text("main")
    assert axe(page) == []
    _etroit(page)


def test_vue_des_elus_et_donnees_ouvertes_sans_compte(page, axe, monde):  # noqa: F811
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto("/observatoire/territoires/dep-test/chiffres/")
    main = page.inner_text("main")
    assert "La médiation numérique en chiffres — Département test" in main
    assert "Lieux de médiation numérique publiés" in main
    assert axe(page) == []
    _etroit(page)
    tab_to(page, "main a:has-text('toutes les données ouvertes du territoire')", MAX)
    _enter(page)
    main = page.inner_text("main")
    assert "Données ouvertes — Département test" in main and "Licence Ouverte 2.0" in main
    assert axe(page) == []
    _etroit(page)
