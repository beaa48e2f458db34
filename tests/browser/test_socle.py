"""Le socle dans un vrai navigateur : connexion au clavier, navigation par rôle, déconnexion, accessibilité."""

import pytest
from playwright.sync_api import expect

from maillage.comptes.enums import Role
from tests.browser.conftest import login_by_keyboard, tab_to
from tests.comptes.factories import PASSWORD, user_with_role


@pytest.mark.parametrize("path", ["/", "/comptes/connexion/", "/accessibilite/", "/donnees-personnelles/"])
def test_key_pages_have_no_serious_accessibility_violation(page, axe, path):
    page.goto(path)
    assert page.locator("html").get_attribute("lang") == "fr"
    assert axe(page) == []


def test_skip_link_is_the_first_tab_stop_and_goes_to_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Aller au contenu"
    page.keyboard.press("Enter")
    # La navigation dans la page est asynchrone : on attend l'ancre (échoue au bout du délai si elle ne vient pas).
    page.wait_for_function("location.hash === '#contenu'")
    assert page.url.endswith("#contenu")


def test_mediator_logs_in_by_keyboard_sees_own_menu_and_logs_out(page):
    user = user_with_role(Role.MEDIATEUR)
    login_by_keyboard(page, user.email, PASSWORD)
    assert page.url.endswith("/tableau-de-bord/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Bonjour")
    menu = page.locator("#navigation-principale")
    assert menu.get_by_text("Mes structures").count() == 1
    # Logout, au clavier aussi
    tab_to(page, "button:has-text('Se déconnecter')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("link", name="Se connecter").count() >= 1


def test_wrong_password_message_is_announced(page):
    user = user_with_role(Role.PRESCRIPTEUR)
    login_by_keyboard(page, user.email, "pas-le-bon")
    alert = page.locator(".fr-alert--error")
    assert "mot de passe incorrect" in alert.inner_text()
    assert alert.get_attribute("role") == "alert"


@pytest.mark.parametrize(
    "role, visible, hidden",
    [
        (
            Role.PRESCRIPTEUR,
            ["Orienter une personne", "Trouver un lieu"],
            ["Enregistrer un accompagnement", "Mes lieux"],
        ),
        (Role.MEDIATEUR, ["Enregistrer un accompagnement", "Orientations reçues"], ["Mes lieux"]),
        (Role.GESTIONNAIRE, ["Mes lieux", "Orientations reçues"], ["Enregistrer un accompagnement"]),
        (Role.COMMANDITAIRE, ["Pass numérique"], ["Enregistrer un accompagnement", "Orienter une personne"]),
    ],
)
def test_navigation_depends_on_role(page, role, visible, hidden):
    user = user_with_role(role)
    login_by_keyboard(page, user.email, PASSWORD)
    menu = page.locator("#navigation-principale")
    # Au-delà de sept entrées, le menu range les liens dans des sous-menus (fermés) : on lit tous les liens.
    labels = [t.strip() for t in menu.locator("a.fr-nav__link").all_text_contents()]
    for label in visible:
        assert labels.count(label) == 1, label
    for label in hidden:
        assert label not in labels, label


def test_a_coordinator_menu_fits_one_line_and_opens_by_keyboard(page, axe):
    user = user_with_role(Role.COORDINATEUR)
    login_by_keyboard(page, user.email, PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/")
    menu = page.locator("#navigation-principale")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    bouton = menu.locator("button.fr-nav__btn", has_text="Aidants et formations")
    assert bouton.get_attribute("aria-expanded") == "false"
    tab_to(page, "#navigation-principale button.fr-nav__btn:has-text('Aidants et formations')")
    page.keyboard.press("Enter")
    expect(bouton).to_have_attribute("aria-expanded", "true")
    lien = menu.get_by_role("link", name="Le réseau des aidants", exact=True)
    expect(lien).to_be_visible()
    assert axe(page) == []
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Le réseau des aidants"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/aidants/reseau/")
    courant = menu.locator("button.fr-nav__btn", has_text="Aidants et formations")
    assert courant.get_attribute("aria-current") == "true"


def test_invite_link_only_for_managers(page):
    manager = user_with_role(Role.GESTIONNAIRE)
    login_by_keyboard(page, manager.email, PASSWORD)
    page.goto(f"/comptes/structures/{manager.memberships.get().structure.public_id}/")
    assert page.get_by_role("link", name="Inviter un membre").count() == 1
