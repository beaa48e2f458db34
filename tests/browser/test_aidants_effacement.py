"""Effacer les données d'un aidant à sa demande, au clavier, axe-core sur la page de confirmation."""

from maillage.aidants import services
from maillage.comptes.enums import Role
from tests.browser.conftest import login_by_keyboard, tab_to
from tests.comptes.factories import PASSWORD, MembershipFactory, StructureFactory

MAX = 80


def _enter(page):
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_manager_erases_a_volunteer_by_keyboard(page, axe):
    structure = StructureFactory(nom="Association Clic")
    gestionnaire = MembershipFactory(role=Role.GESTIONNAIRE, structure=structure).user
    profil = services.add_aidant(
        by=gestionnaire, structure=structure, prenom="Josiane", nom="Quentaloup", statut="BENEVOLE",
        niveaux=["REPERER_ORIENTER"],
    )  # fmt: skip
    login_by_keyboard(page, gestionnaire.email, PASSWORD)
    page.goto(f"/aidants/structure/{structure.public_id}/")
    tab_to(page, "a:has-text('Effacer ses données')", MAX)
    _enter(page)
    assert "Effacer les données de Josiane Quentaloup" in page.locator("h1").inner_text()
    assert axe(page) == []
    tab_to(page, "#confirme-effacement", MAX)
    page.keyboard.press("Space")
    tab_to(page, "button:has-text('Effacer ses données à sa demande')", MAX)
    _enter(page)
    assert page.url.endswith(f"/aidants/structure/{structure.public_id}/")
    assert "Les données de la personne sont effacées" in page.content()
    assert "Quentaloup" not in page.content()
    assert axe(page) == []
    profil.refresh_from_db()
    assert profil.anonymized_at is not None
