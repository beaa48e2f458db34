"""L'observatoire au clavier, dans un vrai navigateur, axe-core sur chaque page : la coordination ouvre l'index,
l'intercommunalité puis une commune (indice, offre et activité côte à côte), et dépose un indicateur dont le
rapport d'erreurs par ligne est annoncé ; tout tient sur 360 px."""

import pytest

from maillage.comptes.enums import Role
from maillage.observatoire import services
from tests.browser.conftest import login_by_keyboard, tab_to
from tests.comptes.factories import PASSWORD, MembershipFactory, StructureFactory, TerritoireFactory
from tests.core.factories import CommuneFactory
from tests.lieux.factories import LieuFactory

MAX = 80


def _enter(page):
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.fixture
def monde(tmp_path):
    ahun = CommuneFactory(nom="Ahun", epci_code="200000001", epci_nom="CC Alpha", population=1500)
    aubusson = CommuneFactory(nom="Aubusson", epci_code="200000001", epci_nom="CC Alpha", population=3500)
    bellac = CommuneFactory(nom="Bellac", epci_code="200000002", epci_nom="CA Bêta", population=4000)
    territoire = TerritoireFactory(nom="Département test", slug="dep-test", communes=[ahun, aubusson, bellac])
    structure = StructureFactory(nom="Espace numérique d'Ahun", commune=ahun)
    coord = MembershipFactory(role=Role.COORDINATEUR, structure=structure, territoire=territoire).user
    LieuFactory(published=True, commune_ref=ahun, horaires="Mo-Sa 09:00-12:00", accepte_pass=True)
    f = tmp_path / "indicateurs.csv"
    f.write_text(
        "code_insee,nom_commune,ifn_score_global,tx_65etplus\n"
        f"{ahun.code_insee},Ahun,112.5,31.2\n{aubusson.code_insee},Aubusson,98,27\n{bellac.code_insee},Bellac,90,22\n",
        encoding="utf-8",
    )
    services.charger_indicateurs(fichier=f)
    return {"coord": coord, "ahun": ahun}


def test_observatoire_au_clavier(page, axe, monde, tmp_path):
    page.set_viewport_size({"width": 360, "height": 800})
    login_by_keyboard(page, monde["coord"].email, PASSWORD)
    page.goto("/observatoire/")
    assert "CC Alpha" in page.inner_text("main")
    assert axe(page) == []
    tab_to(page, "main a:has-text('CC Alpha')", MAX)
    _enter(page)
    main = page.inner_text("main")
    assert "Indice de fragilité numérique" in main and "L'offre de médiation numérique" in main
    assert "L'activité des 12 derniers mois" in main and "1 lieu publié" in main
    assert axe(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    tab_to(page, "main a:has-text('Ahun')", MAX)
    _enter(page)
    main = page.inner_text("main")
    assert "112,50" in main and "Au-dessus de la médiane du département" in main
    assert "1 accepte le Pass numérique" in main
    assert axe(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_depot_rapport_d_erreurs_au_clavier(page, axe, monde, tmp_path):
    login_by_keyboard(page, monde["coord"].email, PASSWORD)
    page.goto("/observatoire/indicateurs/deposer/?territoire=dep-test")
    assert axe(page) == []
    mauvais = tmp_path / "indicateur.csv"
    mauvais.write_text(f"code_insee;valeur;annee;source\n{monde['ahun'].code_insee};abc;2024;CAF\n99999;1;2024;CAF\n")
    tab_to(page, "input[name=libelle]", MAX)
    page.keyboard.type("Part des allocataires sans internet")
    page.locator("input[name=fichier]").set_input_files(str(mauvais))
    tab_to(page, "button:has-text('Vérifier et charger')", MAX)
    _enter(page)
    # Le rapport reçoit le focus : il est lu d'abord par un lecteur d'écran.
    assert page.evaluate("document.activeElement.id") == "rapport"
    rapport = page.inner_text("#rapport")
    assert "2 erreurs sont à corriger" in rapport
    assert "Ligne 2, colonne « valeur »" in rapport and "Ligne 3, colonne « code INSEE »" in rapport
    assert axe(page) == []
    bon = tmp_path / "bon.csv"
    bon.write_text(f"code_insee;valeur;annee;source\n{monde['ahun'].code_insee};12,5;2024;CAF\n")
    page.locator("input[name=fichier]").set_input_files(str(bon))
    tab_to(page, "button:has-text('Vérifier et charger')", MAX)
    _enter(page)
    assert "chargé : 1 valeur ajoutée" in page.inner_text("body")
    assert axe(page) == []
