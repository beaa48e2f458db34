"""La carte d'un indicateur dans un vrai navigateur (Chromium, comme tests/browser/test_observatoire.py) : axe-core
sans violation, le formulaire GET se remplit au clavier, la carte dessine une forme par commune dans la teinte de
sa classe (autant que la légende et le tableau en comptent), et rien n'y prend le focus (décorative pour les lecteurs
d'écran : le tableau jumeau donne les mêmes informations) ; tout tient sur 360 px.

Les communes réelles du Maine-et-Loire et leurs indicateurs (tests/observatoire/conftest.py) : les contours viennent
du paquet de référence installé."""

import pytest

from maillage.observatoire.models import Indicateur
from tests.browser import conftest as navigateur
from tests.comptes.factories import PASSWORD

pytestmark = pytest.mark.browser

MAX = 80


@pytest.fixture(autouse=True)
def cache_contours(settings, tmp_path_factory):
    settings.MAILLAGE_CONTOURS_DIR = str(tmp_path_factory.getbasetemp() / "contours-navigateur")


def _formes_par_teinte(page) -> dict[str, int]:
    return page.evaluate(
        """() => {
          const n = {};
          document.querySelectorAll('#carte-indicateur path.leaflet-interactive').forEach((p) => {
            const f = p.getAttribute('fill');
            n[f] = (n[f] || 0) + 1;
          });
          return n;
        }"""
    )


def test_carte_au_clavier_et_axe(page, axe, coordinateur, charge, territoire):
    page.set_viewport_size({"width": 360, "height": 800})
    navigateur.login_by_keyboard(page, coordinateur.email, PASSWORD)
    page.goto("/observatoire/carte/?territoire=anjou-test")
    page.wait_for_selector("#carte-indicateur path.leaflet-interactive")
    d = page.evaluate("async () => (await fetch(document.getElementById('carte-indicateur-bloc').dataset.url)).json()")
    attendu = {}
    for c in d["communes"]:
        if c["contour"]:
            couleurs = {k["numero"]: k["couleur"] for k in d["classes"]}
            couleur = couleurs[c["classe"]] if c["classe"] else d["sans_valeur"]
            attendu[couleur] = attendu.get(couleur, 0) + 1
    assert _formes_par_teinte(page) == attendu
    assert sum(attendu.values()) == page.locator("#tableau-carte tbody tr").count() == 55
    # Décorative : cachée aux lecteurs d'écran, et rien dedans ne reçoit le focus.
    assert page.get_attribute("#carte-indicateur", "aria-hidden") == "true"
    assert page.evaluate(
        "document.querySelectorAll('#carte-indicateur a, #carte-indicateur [tabindex]:not([tabindex=\"-1\"]), "
        "#carte-indicateur button')"
        ".length"
    ) == 0  # fmt: skip
    assert page.evaluate("document.getElementById('carte-indicateur').hasAttribute('tabindex')") is False
    assert axe(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # Au clavier : un autre indicateur, puis « Afficher la carte ».
    autre = Indicateur.objects.get(code="part-65-ans-et-plus")
    navigateur.tab_to(page, "select[name=indicateur]", MAX)
    page.select_option("select[name=indicateur]", str(autre.pk))  # comme les flèches du clavier sur la liste
    navigateur.tab_to(page, "button:has-text('Afficher la carte')", MAX)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"indicateur={autre.pk}" in page.url
    assert "Part des personnes de 65 ans et plus (2017)" in page.inner_text("main h2")
    page.wait_for_selector("#carte-indicateur path.leaflet-interactive")
    assert axe(page) == []
    # La carte ne s'intercale pas dans le parcours : du bouton au tableau, le focus ne passe jamais par elle.
    navigateur.tab_to(page, "button:has-text('Afficher la carte')", MAX)
    for _ in range(MAX):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('#carte-indicateur-bloc') === null")
        if page.evaluate("document.activeElement.closest('#tableau-carte') !== null"):
            break
    else:
        raise AssertionError("le tableau n'est pas atteint au clavier")


def test_sans_contours_la_page_le_dit(page, coordinateur, charge, territoire, settings):
    """Si les données ne viennent pas, la carte se cache et la page dit que le tableau donne les mêmes informations."""
    navigateur.login_by_keyboard(page, coordinateur.email, PASSWORD)
    page.route("**/observatoire/carte/donnees/**", lambda route: route.fulfill(status=500, body="{}"))
    page.goto("/observatoire/carte/?territoire=anjou-test")
    statut = page.locator("#carte-indicateur-statut")
    statut.wait_for()
    page.wait_for_function("document.getElementById('carte-indicateur-statut').textContent.length > 0")
    assert "le tableau donne les mêmes informations" in statut.inner_text()
    assert page.is_hidden("#carte-indicateur-bloc")
