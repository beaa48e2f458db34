"""L'annuaire et la feuille de route au clavier, dans un vrai navigateur, axe-core sur chaque page : une personne
sans compte filtre l'annuaire par commune servie et ouvre une fiche ; la coordination ouvre la feuille de route,
change l'état d'une action et publie ; la page des postes sans violation ; tout tient sur 360 px."""

import pytest

from maillage.annuaire import services
from maillage.annuaire.enums import Public, RoleReseau
from maillage.comptes.enums import Role
from tests.browser.conftest import login_by_keyboard, tab_to
from tests.comptes.factories import PASSWORD, MembershipFactory, StructureFactory, TerritoireFactory
from tests.core.factories import CommuneFactory

MAX = 80


def _enter(page):
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.fixture
def monde():
    ahun = CommuneFactory(nom="Ahun", epci_code="200000001", epci_nom="CC Alpha")
    bellac = CommuneFactory(nom="Bellac", epci_code="200000002", epci_nom="CA Bêta")
    territoire = TerritoireFactory(nom="Département test", slug="dep-test", communes=[ahun, bellac])
    structure = StructureFactory(nom="Espace numérique d'Ahun", commune=ahun)
    coord = MembershipFactory(role=Role.COORDINATEUR, structure=structure, territoire=territoire).user
    services.save_acteur(by=coord, territoire=territoire, structure=structure, roles=[RoleReseau.LIEU_MEDIATION],
                         epcis=["200000001"], communes=[bellac])  # fmt: skip
    services.save_acteur(by=coord, territoire=territoire, structure=StructureFactory(nom="CCAS d'Ahun", commune=ahun),
                         roles=[RoleReseau.PRESCRIPTEUR], communes=[ahun])  # fmt: skip
    import datetime

    services.create_poste(territoire=territoire, by=coord, employeur=structure, financeur="État", dispositif="AUTRE",
                          debut_financement=datetime.date(2025, 1, 1), fin_financement=datetime.date(2030, 1, 1),
                          publics=[Public.TOUS], epcis=["200000001"])  # fmt: skip
    f = services.create_feuille(territoire=territoire, titre="Feuille de route test", by=coord)
    axe = services.add_axe(feuille=f, titre="Rendre l'offre visible", by=coord)
    action = services.add_action(axe=axe, titre="Publier les lieux", by=coord, pilote=structure)
    services.add_indicateur(action=action, libelle="Acteurs dans l'annuaire", chiffre="acteurs_annuaire", by=coord)
    return {"coord": coord}


def test_annuaire_au_clavier(page, axe, monde):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto("/annuaire/")
    assert axe(page) == []
    tab_to(page, "input[name=commune]", MAX)
    page.keyboard.type("Bellac")
    tab_to(page, "button:has-text('Filtrer')", MAX)
    _enter(page)
    main = page.inner_text("main")
    assert "1 acteur qui intervient à Bellac" in main and "CCAS" not in main
    assert axe(page) == []
    tab_to(page, "a:has-text('Espace numérique d')", MAX)
    _enter(page)
    assert "Périmètre d'intervention" in page.inner_text("main")
    assert axe(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_feuille_de_route_et_postes_au_clavier(page, axe, monde):
    login_by_keyboard(page, monde["coord"].email, PASSWORD)
    page.goto("/annuaire/feuille-de-route/dep-test/")
    assert "Acteurs dans l'annuaire : 2" in page.inner_text("main")
    assert axe(page) == []
    tab_to(page, "select[name=statut]", MAX)
    tab_to(page, 'button:has-text("Changer l\'état")', MAX)
    _enter(page)
    assert "en cours" in page.inner_text("main").lower()
    tab_to(page, "button:has-text('Publier cette version')", MAX)
    _enter(page)
    assert "elle ne change plus" in page.inner_text("main")
    assert axe(page) == []
    page.goto("/annuaire/postes/")
    assert "CC Alpha" in page.inner_text("main")
    assert axe(page) == []
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto("/annuaire/feuille-de-route/dep-test/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
