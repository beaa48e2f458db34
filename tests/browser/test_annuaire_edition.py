"""Tenir l'annuaire au clavier, axe-core sur chaque formulaire : la coordination ajoute puis archive un contact
partenaire, complète le brouillon de la feuille de route (axe, action, indicateur du registre), déclare le
périmètre d'un lieu depuis la fiche de sa structure (refus nommé hors du territoire, aide à distance pour toute la
France), modifie puis archive un poste."""

import datetime

import pytest

from maillage.annuaire import services
from maillage.annuaire.enums import Public, RoleReseau
from maillage.comptes.enums import Role
from tests.browser.conftest import login_by_keyboard, tab_to
from tests.comptes.factories import PASSWORD, MembershipFactory, StructureFactory, TerritoireFactory
from tests.core.factories import CommuneFactory
from tests.lieux.factories import LieuFactory

MAX = 120


def _enter(page):
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.fixture
def monde():
    ahun = CommuneFactory(nom="Ahun", epci_code="200000001", epci_nom="CC Alpha")
    bellac = CommuneFactory(nom="Bellac", epci_code="200000002", epci_nom="CA Bêta")
    CommuneFactory(nom="Ailleurs", epci_code="200000009", epci_nom="CC Gamma")
    territoire = TerritoireFactory(nom="Département test", slug="dep-test", communes=[ahun, bellac])
    structure = StructureFactory(nom="Espace numérique d'Ahun", commune=ahun)
    coord = MembershipFactory(role=Role.COORDINATEUR, structure=structure, territoire=territoire).user
    acteur = services.save_acteur(by=coord, territoire=territoire, structure=structure,
                                  roles=[RoleReseau.LIEU_MEDIATION], communes=[ahun])  # fmt: skip
    LieuFactory(nom="Antenne du bourg", structure=structure, commune_ref=ahun, commune="Ahun")
    services.create_poste(territoire=territoire, by=coord, employeur=structure, financeur="État", dispositif="AUTRE",
                          debut_financement=datetime.date(2025, 1, 1), fin_financement=datetime.date(2030, 1, 1),
                          publics=[Public.TOUS], epcis=["200000001"])  # fmt: skip
    services.create_feuille(territoire=territoire, titre="Feuille de route test", by=coord)
    return {"coord": coord, "acteur": acteur}


def test_tenir_l_annuaire_au_clavier(page, axe, monde):
    login_by_keyboard(page, monde["coord"].email, PASSWORD)

    # Contacts partenaires : ajouter (un refus d'abord), puis archiver.
    page.goto("/annuaire/contacts/")
    tab_to(page, "a:has-text('Ajouter un contact')", MAX)
    _enter(page)
    assert axe(page) == []
    tab_to(page, "input[name=coordonnees]", MAX)
    page.keyboard.type("Espace partenaires CAF")
    tab_to(page, "button:has-text('Enregistrer le contact')", MAX)
    _enter(page)
    assert "Ce champ est obligatoire" in page.inner_text("main")
    assert axe(page) == []
    tab_to(page, "input[name=theme]", MAX)
    page.keyboard.type("RSA : dossier bloqué")
    tab_to(page, "button:has-text('Enregistrer le contact')", MAX)
    _enter(page)
    assert "RSA : dossier bloqué" in page.inner_text("main")
    assert axe(page) == []
    tab_to(page, "button:has-text('Archiver')", MAX)
    _enter(page)
    assert "est archivé" in page.inner_text("main") and "RSA : dossier bloqué" not in page.inner_text("table")

    # Feuille de route : le brouillon se complète depuis sa page.
    page.goto("/annuaire/feuille-de-route/dep-test/")
    tab_to(page, "a:has-text('Compléter ce brouillon')", MAX)
    _enter(page)
    assert axe(page) == []
    tab_to(page, "input[name='axe-titre']", MAX)
    page.keyboard.type("Rendre l'offre visible")
    _enter(page)
    assert "L'axe « Rendre l'offre visible » est ajouté." in page.inner_text("main")
    tab_to(page, "select[name='action-axe']", MAX)
    page.keyboard.press("ArrowDown")
    tab_to(page, "input[name='action-titre']", MAX)
    page.keyboard.type("Publier les lieux")
    tab_to(page, "select[name='action-pilote']", MAX)
    page.keyboard.press("ArrowDown")
    tab_to(page, 'button:has-text("Ajouter l\'action")', MAX)
    _enter(page)
    assert "L'action « Publier les lieux » est ajoutée." in page.inner_text("main")
    assert axe(page) == []
    tab_to(page, "select[name='indicateur-action']", MAX)
    page.keyboard.press("ArrowDown")
    tab_to(page, "select[name='indicateur-chiffre']", MAX)
    page.keyboard.press("ArrowDown")
    tab_to(page, 'button:has-text("Ajouter l\'indicateur")', MAX)
    _enter(page)
    assert "Lieux publiés ouverts le samedi" in page.inner_text("main")
    page.goto("/annuaire/feuille-de-route/dep-test/")
    assert "Lieux publiés ouverts le samedi : 0" in page.inner_text("main")

    # Périmètre d'un lieu, depuis la fiche de sa structure.
    page.goto(f"/annuaire/acteurs/{monde['acteur'].public_id}/")
    tab_to(page, "a:has-text('Périmètre de « Antenne du bourg »')", MAX)
    _enter(page)
    assert axe(page) == []
    tab_to(page, "textarea[name=communes]", MAX)
    page.keyboard.type("Ailleurs")
    tab_to(page, "button:has-text('Enregistrer le périmètre')", MAX)
    _enter(page)
    assert "Hors du territoire Département test : Ailleurs" in page.inner_text("main")
    assert axe(page) == []
    tab_to(page, "textarea[name=communes]", MAX)
    page.keyboard.press("Control+A")
    page.keyboard.type("Bellac")
    tab_to(page, "button:has-text('Enregistrer le périmètre')", MAX)
    _enter(page)
    assert "est enregistré" in page.inner_text("main") and "2 communes" not in page.inner_text("main")
    assert "1 commune : Bellac" in page.inner_text("main")
    # Aide à distance pour toute la France : les flèches parcourent le groupe de boutons radio.
    tab_to(page, "input[name=zone_a_distance]:checked", MAX)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.is_checked("input[name=zone_a_distance][value=france]")
    tab_to(page, "button:has-text('Enregistrer le périmètre')", MAX)
    _enter(page)
    assert "est enregistré" in page.inner_text("main")
    assert page.is_checked("input[name=zone_a_distance][value=france]")
    assert axe(page) == []

    # Postes : modifier puis archiver.
    page.goto("/annuaire/postes/")
    assert axe(page) == []
    tab_to(page, "a:has-text('Modifier')", MAX)
    _enter(page)
    assert axe(page) == []
    tab_to(page, "input[name=financeur]", MAX)
    page.keyboard.press("Control+A")
    page.keyboard.type("Département")
    tab_to(page, "button:has-text('Enregistrer le poste')", MAX)
    _enter(page)
    assert "Le poste est modifié." in page.inner_text("main")
    assert "Département\tdu 1 janvier 2025 au 1 janvier 2030" in page.inner_text("main")
    tab_to(page, "button:has-text('Archiver')", MAX)
    _enter(page)
    assert "est archivé" in page.inner_text("main") and "Aucun poste en cours." in page.inner_text("main")
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto("/annuaire/feuille-de-route/dep-test/1/modifier/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
