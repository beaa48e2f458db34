"""La vie complète d'une campagne Pass numérique dans un vrai navigateur, au clavier.

Financeur crée et génère → attribue → prescripteur remet un carnet → le lieu encaisse → (mois suivant) relevé
établi, validé, payé → clôture et avoirs. axe-core sur la page d'encaissement et le tableau de bord financeur.
"""

import datetime

import time_machine
from django.utils import timezone

from maillage.comptes.enums import Role
from maillage.pass_numerique import codes
from maillage.pass_numerique.models import Campagne, Carnet, Cheque, Releve
from tests.browser.conftest import login_by_keyboard
from tests.comptes.factories import PASSWORD, StructureFactory, TerritoireFactory, user_with_role
from tests.core.factories import CommuneFactory
from tests.pass_numerique.factories import QualificationPassFactory, service


def _press(page, selector, key="Enter"):
    """Activer un élément au clavier (focus puis touche), en attendant la page suivante."""
    page.focus(selector)
    with page.expect_navigation():
        page.keyboard.press(key)


def _type(page, selector, text):
    page.focus(selector)
    page.keyboard.type(text)


def _relogin(page, user):
    page.context.clear_cookies()
    login_by_keyboard(page, user.email, PASSWORD)


def test_full_life_of_a_campaign_by_keyboard(page, axe, settings):
    commune = CommuneFactory(nom="Angers (test)")
    territoire = TerritoireFactory(communes=[commune])
    financeur_structure = StructureFactory(nom="Département (financeur)", commune=commune)
    financeur = user_with_role(Role.COMMANDITAIRE, structure=financeur_structure, territoire=territoire)
    mairie = StructureFactory(nom="Mairie (prescription)", commune=commune)
    prescripteur = user_with_role(Role.PRESCRIPTEUR, structure=mairie)
    espace = StructureFactory(nom="Espace numérique", commune=commune)
    mediateur = user_with_role(Role.MEDIATEUR, structure=espace)
    QualificationPassFactory(approuvee=True, territoire=territoire, lieu__structure=espace, lieu__nom="Espace du Lac")
    atelier = service("atelier-collectif")
    today = timezone.localdate()

    # 1. Le financeur crée la campagne, au clavier.
    login_by_keyboard(page, financeur.email, PASSWORD)
    page.goto("/pass-numerique/campagnes/nouvelle/")
    _type(page, "#id_nom", "Pass numérique test")
    page.focus("#id_territoire")
    page.keyboard.press("ArrowDown")
    page.fill("#id_valeur_cheque", "10")
    page.fill("#id_cheques_par_carnet", "5")
    _type(page, "#id_nombre_carnets", "3")
    page.fill("#id_starts_on", today.isoformat())
    page.fill("#id_ends_on", (today + datetime.timedelta(days=60)).isoformat())
    _type(page, "#id_budget", "150")
    page.focus(f"#id_services input[value='{atelier.pk}']")
    page.keyboard.press("Space")
    page.focus("#id_financeur_1")
    page.keyboard.press("ArrowDown")
    _press(page, "#id_nom")  # Entrée dans un champ texte envoie le formulaire
    assert "Pass numérique test" in page.get_by_role("heading", level=1).inner_text()
    campagne = Campagne.objects.get(nom="Pass numérique test")

    # Génération puis attribution de 2 carnets à la mairie.
    _press(page, "button:has-text('Générer les 3 carnets')")
    assert "3 carnets générés" in page.locator(".fr-alert, .fr-notice, [role=status], body").first.inner_text()
    page.select_option("#id_structure", label="Mairie (prescription)")
    _type(page, "#id_nombre", "2")
    _press(page, "#id_nombre")
    assert Carnet.objects.filter(campagne=campagne, structure=mairie).count() == 2

    # 2. Le prescripteur remet le carnet n° 1 (sans nom).
    _relogin(page, prescripteur)
    page.goto("/pass-numerique/")
    assert axe(page) == []  # accueil du Pass (stock de carnets)
    _press(page, "a:has-text('Remettre le carnet n° 1')")
    page.select_option("#id_tranche_age", "PLUS_70")
    page.select_option("#id_situation", "RETRAITE")
    page.select_option("#id_besoin", "DEMARCHES")
    _type(page, "#id_commune", "Angers (test)")
    _press(page, "#id_commune")
    assert Carnet.objects.get(campagne=campagne, numero=1).handed_out_at is not None

    # 3. Le lieu encaisse un chèque, en tapant son code (avec une faute d'abord).
    _relogin(page, mediateur)
    page.goto("/pass-numerique/encaisser/")
    assert axe(page) == []
    code = Cheque.objects.filter(carnet__campagne=campagne, carnet__numero=1).order_by("rang").first().code
    typo = code[:-1] + ("2" if code[-1] != "2" else "3")
    page.select_option("#id_service", str(atelier.pk))
    _type(page, "#id_code", codes.format_code(typo))
    _press(page, "#id_code")
    assert "semble mal saisi" in page.locator("[role=alert]").first.inner_text()
    page.fill("#id_code", "")
    _type(page, "#id_code", codes.format_code(code).lower())
    page.select_option("#id_service", str(atelier.pk))
    _press(page, "#id_code")
    assert "Chèque accepté" in page.locator("#resultat").inner_text()
    assert axe(page) == []

    # 4. Le mois suivant : relevé établi, validé, payé ; puis clôture et avoirs.
    redeemed_month = timezone.localdate()
    next_month = (redeemed_month.replace(day=28) + datetime.timedelta(days=5)).replace(day=2)
    with time_machine.travel(
        datetime.datetime.combine(next_month, datetime.time(9), tzinfo=timezone.get_current_timezone())
    ):
        _relogin(page, financeur)
        page.goto(f"/pass-numerique/campagnes/{campagne.public_id}/")
        assert axe(page) == []
        assert "Observatoire du pass" in page.content()
        page.fill("#id_mois", redeemed_month.isoformat())
        _press(page, "#id_mois")
        releve = Releve.objects.get(campagne=campagne)
        _press(page, f"a[href='/pass-numerique/releves/{releve.public_id}/']")
        _press(page, "button:has-text('Valider ce relevé')")
        _type(page, "#id_payment_reference", "Mandat 2026-001")
        _press(page, "#id_payment_reference")
        assert "Payé" in page.content()
        releve.refresh_from_db()
        assert (releve.statut, releve.payment_reference, releve.nombre_cheques) == ("PAYE", "Mandat 2026-001", 1)
        page.goto(f"/pass-numerique/campagnes/{campagne.public_id}/")
        _press(page, "button:has-text('Clôturer la campagne')")
        avoirs = page.get_by_role("table", name="Avoirs de fin de campagne").inner_text()
        assert "Département (financeur)" in avoirs and "140,00" in avoirs  # 14 chèques non utilisés × 10 €
