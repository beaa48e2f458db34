"""La politique de sécurité du contenu ne casse aucune page principale : aucun refus dans un vrai navigateur.

Le navigateur signale chaque refus par un événement `securitypolicyviolation` (écouté dès le début de chaque page,
avant les scripts de la page) et par un message de console ; l'un ou l'autre fait échouer le test.
"""

import pytest

from maillage.comptes.enums import Role
from tests.browser.conftest import login_by_keyboard
from tests.comptes.factories import PASSWORD, StructureFactory, user_with_role
from tests.lieux.factories import LieuFactory

# Script ajouté par le navigateur piloté (pas par la page) : la politique de la page ne s'y applique pas.
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI || "(en ligne)"} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def watched(page):
    """La page, plus la liste des refus (console et événements) relevés pendant le test."""
    console = []
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda message: console.append(message.text) if "Content Security Policy" in message.text else None,
    )

    def violations():
        return console + page.evaluate("window.__cspViolations || []")

    return page, violations


def _visit(page, url):
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    assert response.status < 400, f"{url} : {response.status}"
    assert "default-src 'self'" in response.headers["content-security-policy"]


def test_public_pages_have_no_csp_violation(watched):
    page, violations = watched
    lieu = LieuFactory(published=True, nom="Espace numérique du Lac")
    for url in [
        "/",
        "/lieux/",
        f"/lieux/{lieu.public_id}/",
        "/comptes/connexion/",
        "/accessibilite/",
        "/api/v1/docs",  # Swagger UI, servie depuis nos fichiers statiques (app ninja)
    ]:
        _visit(page, url)
        assert violations() == [], url


def test_maps_are_drawn_without_violation(watched, angers):
    """Leaflet pose ses styles par script (CSSOM, permis) et ses images en data: : la carte se dessine."""
    page, violations = watched
    lieu = LieuFactory(published=True)
    _visit(page, f"/lieux/{lieu.public_id}/")
    page.click("#afficher-carte-lieu")
    page.locator("#carte-lieu .leaflet-marker-icon").first.wait_for()
    assert violations() == []
    _visit(page, "/lieux/?ou=Angers&commune=49007")
    if page.locator("#afficher-carte").is_visible():  # petit écran : la carte attend qu'on la demande
        page.click("#afficher-carte")
    page.locator("#carte .leaflet-marker-icon").first.wait_for()
    assert violations() == []


def test_pass_redemption_page_as_mediator_has_no_violation(watched):
    page, violations = watched
    structure = StructureFactory()
    LieuFactory(structure=structure, published=True)
    mediateur = user_with_role(Role.MEDIATEUR, structure=structure)
    login_by_keyboard(page, mediateur.email, PASSWORD)
    _visit(page, "/tableau-de-bord/")
    _visit(page, "/pass-numerique/encaisser/")
    assert violations() == []
