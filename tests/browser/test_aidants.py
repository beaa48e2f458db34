"""Aidants au clavier, dans un vrai navigateur, axe-core sur chaque nouvelle page : la ou le gestionnaire ajoute une
bénévole sans adresse et note sa signature sur papier ; le médiateur signe en ligne et accepte la vérification ;
la coordination regarde le réseau et la charte ; une personne sans compte vérifie le médiateur."""

import pytest

from maillage.aidants.models import ProfilAidant
from maillage.comptes.enums import Role
from tests.aidants.factories import CharteFactory
from tests.browser.conftest import login_by_keyboard, tab_to
from tests.comptes.factories import PASSWORD, MembershipFactory, StructureFactory, TerritoireFactory, UserFactory

MAX = 80


@pytest.fixture
def monde():
    structure = StructureFactory(nom="Association Clic")
    territoire = TerritoireFactory(nom="Maine-et-Loire", slug="maine-et-loire", communes=[structure.commune])
    charte = CharteFactory(territoire=territoire, publiee=True)
    gestionnaire = MembershipFactory(role=Role.GESTIONNAIRE, structure=structure).user
    coordination = MembershipFactory(
        role=Role.COORDINATEUR, structure=StructureFactory(commune=structure.commune), territoire=territoire
    ).user
    mediateur = UserFactory(first_name="Mehdi", last_name="Médiation")
    MembershipFactory(role=Role.MEDIATEUR, structure=structure, user=mediateur)
    return {"structure": structure, "territoire": territoire, "charte": charte, "gestionnaire": gestionnaire,
            "coordination": coordination, "mediateur": mediateur}  # fmt: skip


def _enter(page):
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _logout(page):
    page.context.clear_cookies()


def test_aidants_au_clavier(page, axe, monde):
    # 1. Gestionnaire : ajouter une bénévole sans adresse électronique.
    login_by_keyboard(page, monde["gestionnaire"].email, PASSWORD)
    page.goto(f"/aidants/structure/{monde['structure'].public_id}/")
    assert axe(page) == []
    tab_to(page, "input[name=prenom]", MAX)
    page.keyboard.type("Josiane")
    tab_to(page, "input[name=nom]", MAX)
    page.keyboard.type("Martin")
    tab_to(page, "input[name=niveaux][value=REPERER_ORIENTER]", MAX)
    page.keyboard.press("Space")
    tab_to(page, "button:has-text('Ajouter')", MAX)
    _enter(page)
    assert "Josiane Martin" in page.locator("table").inner_text()
    assert axe(page) == []

    # 2. Sa signature sur papier.
    tab_to(page, "a:has-text('Signature sur papier')", MAX)
    _enter(page)
    assert axe(page) == []
    tab_to(page, "button:has-text('Enregistrer la signature')", MAX)
    _enter(page)
    assert "Charte signée" in page.locator("table").inner_text()
    _logout(page)

    # 3. Le médiateur crée son profil, signe en ligne, accepte la vérification.
    login_by_keyboard(page, monde["mediateur"].email, PASSWORD)
    page.goto("/aidants/mon-profil/")
    assert axe(page) == []
    tab_to(page, "input[name=niveaux][value=ACCOMPAGNER_AUTONOMIE]", MAX)
    page.keyboard.press("Space")
    tab_to(page, "button:has-text('Créer mon profil')", MAX)
    _enter(page)
    assert axe(page) == []
    tab_to(page, "a:has-text('Lire et signer')", MAX)
    _enter(page)
    assert axe(page) == []
    tab_to(page, 'button:has-text("Je m\'engage")', MAX)
    _enter(page)
    tab_to(page, 'button:has-text("Accepter d\'être vérifiable")', MAX)
    _enter(page)
    profil = ProfilAidant.objects.get(user=monde["mediateur"])
    assert profil.verification_publique
    page.goto(f"/aidants/rattachement/{profil.rattachements.get().public_id}/badge/")
    assert page.locator("svg").count() == 1
    assert axe(page) == []
    _logout(page)

    # 4. La coordination : réseau, rapprochements, charte.
    login_by_keyboard(page, monde["coordination"].email, PASSWORD)
    page.goto("/aidants/reseau/")
    assert "Josiane Martin" in page.content()
    assert axe(page) == []
    tab_to(page, "select[name=niveau]", MAX)
    page.keyboard.press("End")  # dernier choix : « Former les aidants et les aidantes »
    tab_to(page, "button:has-text('Filtrer')", MAX)
    _enter(page)
    assert "Josiane Martin" not in page.locator("table").first.inner_text()
    page.goto("/aidants/reseau/rapprochements/")
    assert axe(page) == []
    page.goto("/aidants/charte/")
    assert axe(page) == []
    page.goto(f"/aidants/charte/{monde['charte'].public_id}/")
    assert axe(page) == []
    _logout(page)

    # 5. Une personne sans compte vérifie le médiateur (et pas la bénévole, qui ne l'a pas accepté).
    page.goto("/aidants/verifier/")
    assert axe(page) == []
    tab_to(page, "input[name=prenom]", MAX)
    page.keyboard.type("Mehdi")
    page.keyboard.press("Tab")
    page.keyboard.type("Médiation")
    page.keyboard.press("Tab")
    page.keyboard.type("Association Clic")
    _enter(page)
    assert "est signataire de la version 1 de la charte" in page.get_by_role("status").inner_text()
    assert axe(page) == []
