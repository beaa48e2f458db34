"""Encaisser un chèque au clavier (issue 10, points 5, 6 et 16) : lieu présélectionné, erreurs résumées en tête
(le focus y va, chaque lien mène à son champ), reste à payer annoncé puis écrit sur le reçu ; page publique du Pass
sans compte, à 360 px. axe-core sur chaque page."""

from decimal import Decimal

from maillage.comptes.enums import Role
from maillage.pass_numerique import services
from maillage.pass_numerique.models import Carnet, Cheque, QualificationService
from tests.accompagnements.factories import AccompagnementFactory
from tests.browser.conftest import login_by_keyboard, tab_to
from tests.comptes.factories import PASSWORD, StructureFactory, TerritoireFactory, user_with_role
from tests.core.factories import CommuneFactory
from tests.pass_numerique.factories import QualificationPassFactory, campagne_kwargs, service


def _monde():
    commune = CommuneFactory(nom="Angers (test)")
    territoire = TerritoireFactory(communes=[commune], slug="angers-test")
    financeur_structure = StructureFactory(nom="Département (financeur)", commune=commune)
    financeur = user_with_role(Role.COMMANDITAIRE, structure=financeur_structure, territoire=territoire)
    mairie = StructureFactory(nom="Mairie (prescription)", commune=commune)
    prescripteur = user_with_role(Role.PRESCRIPTEUR, structure=mairie)
    espace = StructureFactory(nom="Espace numérique", commune=commune)
    mediateur = user_with_role(Role.MEDIATEUR, structure=espace)
    qualification = QualificationPassFactory(
        approuvee=True, territoire=territoire, lieu__structure=espace, lieu__nom="Espace du Lac",
        offres=["atelier-collectif", "smartphone"],
    )  # fmt: skip
    QualificationService.objects.filter(qualification=qualification, service=service("smartphone")).update(
        reste_a_charge=Decimal("2"), reste_a_charge_raison="support de cours imprimé"
    )
    campagne = services.create_campagne(
        territoire=territoire, **campagne_kwargs(), services=[service("atelier-collectif"), service("smartphone")],
        lieux=[], cofinancements=[(financeur_structure, Decimal("100"))], by=financeur, reste_a_charge_autorise=True,
    )  # fmt: skip
    services.generate_carnets(campagne=campagne, by=financeur)
    services.allocate_carnets(campagne=campagne, structure=mairie, nombre=1, by=financeur)
    carnet = Carnet.objects.get(campagne=campagne, numero=1)
    services.hand_out_carnet(
        carnet=carnet, by=prescripteur, tranche_age="PLUS_70", commune=commune, situation="RETRAITE", besoin="BASES"
    )
    AccompagnementFactory(structure=espace, mediateur=mediateur, lieu=qualification.lieu, atelier=True,
                          titre_atelier="Mon smartphone")  # fmt: skip
    code = Cheque.objects.filter(carnet=carnet).order_by("rang").values_list("code", flat=True).first()
    return mediateur, qualification.lieu, code


def _focus_id(page) -> str:
    return page.evaluate("() => document.activeElement && document.activeElement.id")


def test_encaissement_au_clavier_erreurs_resumees_et_recu(page, axe):
    mediateur, lieu, code = _monde()
    login_by_keyboard(page, mediateur.email, PASSWORD)
    page.goto("/pass-numerique/encaisser/")
    assert page.locator("#id_lieu").input_value() == str(lieu.pk)  # le seul lieu ouvert est présélectionné
    assert "atelier « Mon smartphone »" in page.locator("#id_accompagnement").inner_text()
    assert "2,00" in page.locator("table").inner_text()  # le reste à payer est montré avant
    assert axe(page) == []

    # Envoi sans code ni service : le focus va au résumé des erreurs, annoncé (role=alert).
    tab_to(page, "#id_code")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert _focus_id(page) == "resume-erreurs"
    assert page.locator("#resume-erreurs").get_attribute("role") == "alert"
    assert axe(page) == []
    page.keyboard.press("Tab")  # premier lien du résumé
    page.keyboard.press("Enter")
    assert _focus_id(page) == "id_code"  # le lien met le focus dans le champ, pas seulement la vue

    # Le service smartphone laisse 2,00 € : sans la case cochée, refus expliqué ; cochée, reçu avec le reste.
    page.keyboard.type(code.lower())
    page.focus("#id_service")
    page.select_option("#id_service", str(service("smartphone").pk))
    page.focus("#id_code")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "dites-le-lui avant d'encaisser" in page.locator("#resume-erreurs").inner_text()
    assert _focus_id(page) == "resume-erreurs"
    tab_to(page, "#id_reste_annonce")
    page.keyboard.press("Space")
    page.fill("#id_code", code)
    page.focus("#id_code")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    recu = page.locator("#resultat").inner_text()
    assert "Chèque accepté" in recu and "2,00 € : support de cours imprimé" in recu.replace("\u00a0", " ")
    assert axe(page) == []


def test_page_publique_sans_compte_a_360_px(page, axe):
    _monde()
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto("/pass-numerique/dans-mon-territoire/")
    assert "Le Pass numérique dans mon territoire" in page.locator("h1").inner_text()
    assert "Espace du Lac" in page.content()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert axe(page) == []
