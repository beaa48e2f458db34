"""« Le réseau des aidants » dans un vrai navigateur : la carte par EPCI se dessine (un cercle par EPCI), sans aucun
refus de la politique de sécurité du contenu, axe-core sans violation ; son jumeau, le tableau, reste à côté."""

import pytest
from django.conf import settings
from django.test import Client

from maillage.comptes.enums import Role
from tests.aidants.factories import RattachementFactory
from tests.browser.conftest import login_by_keyboard
from tests.browser.test_csp import LISTEN
from tests.comptes.factories import PASSWORD, MembershipFactory, StructureFactory, TerritoireFactory
from tests.core.factories import CommuneFactory


@pytest.fixture
def reseau():
    communes = [
        CommuneFactory(epci_code="244900015", epci_nom="Angers Loire Métropole", latitude=47.47, longitude=-0.55),
        CommuneFactory(epci_code="244900015", epci_nom="Angers Loire Métropole", latitude=47.49, longitude=-0.60),
        CommuneFactory(epci_code="200071678", epci_nom="Mauges Communauté", latitude=47.20, longitude=-0.95),
    ]
    territoire = TerritoireFactory(nom="Maine-et-Loire", slug="maine-et-loire", communes=communes)
    for commune, n in zip(communes, (3, 2, 6), strict=True):
        structure = StructureFactory(commune=commune)
        for _ in range(n):
            RattachementFactory(structure=structure)
    return MembershipFactory(
        role=Role.COORDINATEUR, structure=StructureFactory(commune=communes[0]), territoire=territoire
    ).user


def test_epci_map_draws_circles_without_csp_violation(page, axe, reseau):
    console = []
    page.add_init_script(LISTEN)
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    login_by_keyboard(page, reseau.email, PASSWORD)
    response = page.goto("/aidants/reseau/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    cercles = page.locator("#carte-epci path.leaflet-interactive")
    cercles.first.wait_for()
    assert cercles.count() == 2  # un par EPCI (deux communes d'Angers Loire Métropole : un seul cercle)
    assert page.locator("#tableau-epci").is_visible()
    assert "le tableau « Aidants par EPCI de leur structure »" in page.locator("#carte-epci").get_attribute(
        "aria-label"
    )
    assert axe(page) == []
    # Cercles dans l'ordre du tableau : le dernier est Mauges Communauté (6 aidants).
    cercles.last.dispatch_event("click")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Mauges Communauté" in popup.inner_text() and "Aidants : 6" in popup.inner_text()
    page.wait_for_timeout(500)  # fin du fondu d'ouverture (axe mesurerait un texte à demi transparent)
    assert axe(page) == []
    assert console + page.evaluate("window.__cspViolations || []") == []


def test_without_javascript_the_table_alone(_browser, live_server, transactional_db, reseau):
    context = _browser.new_context(java_script_enabled=False, base_url=live_server.url, locale="fr-FR")
    context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    page = context.new_page()
    client = Client()
    client.force_login(reseau)
    name = settings.SESSION_COOKIE_NAME
    context.add_cookies([{"name": name, "value": client.cookies[name].value, "url": live_server.url}])
    try:
        page.goto("/aidants/reseau/")
        assert page.locator("#carte-epci-bloc").is_hidden()
        assert "Mauges Communauté" in page.locator("#tableau-epci").inner_text()
    finally:
        context.close()
