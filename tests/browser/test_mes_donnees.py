"""« Mes données » au clavier, axe-core sur chaque page : le code lu sur le récapitulatif ouvre les données, la
personne télécharge sa copie et demande l'effacement ; la structure le fait depuis sa liste."""

import json
import re

from maillage.comptes.enums import Role
from maillage.orientations.models import Orientation
from tests.accompagnements.factories import AccompagnementFactory, BeneficiaireFactory
from tests.browser.conftest import login_by_keyboard, tab_to
from tests.comptes.factories import PASSWORD, MembershipFactory
from tests.orientations.factories import OrientationFactory

MAX = 80


def _enter(page):
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _fits(page, width: int) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth") <= width


def test_person_sees_downloads_asks_erasure_then_structure_erases(page, axe):
    seance = AccompagnementFactory(notes="Mme Quentaloup, dossier CAF")
    seance.beneficiaire = BeneficiaireFactory(nom="Quentaloup", suivi_par=seance.structure)
    seance.orientation_recue = OrientationFactory(
        structure_destinataire=seance.structure, personne_prenom="Josiane Q."
    )
    seance.save()
    mediateur = seance.mediateur
    gestionnaire = MembershipFactory(role=Role.GESTIONNAIRE, structure=seance.structure).user

    # Le médiateur remet un code depuis la séance : il s'affiche sur une feuille à imprimer.
    login_by_keyboard(page, mediateur.email, PASSWORD)
    page.goto(f"/accompagnements/{seance.public_id}/")
    assert page.locator(".code-personnel__code").count() == 0
    tab_to(page, "button:has-text('Remettre un code personnel')", MAX)
    _enter(page)
    page.wait_for_selector(".code-personnel__code")
    assert axe(page) == []
    code = page.locator(".code-personnel__code").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}", code)
    page.context.clear_cookies()

    # La personne, sans compte, sur un téléphone (360 px).
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto("/mes-donnees/")
    assert axe(page) == [] and _fits(page, 360)
    tab_to(page, "input[name=code]", MAX)
    page.keyboard.type("ABCDE-FGHJK")
    _enter(page)
    assert "Ce code ne donne accès à aucune donnée" in page.content()
    assert axe(page) == []
    page.fill("input[name=code]", "")
    tab_to(page, "input[name=code]", MAX)
    page.keyboard.type(code.lower())
    _enter(page)
    assert page.url.endswith("/mes-donnees/vos-donnees/")
    assert "Quentaloup" in page.content() and "Mme Quentaloup, dossier CAF" in page.content()
    assert axe(page) == [] and _fits(page, 360)

    tab_to(page, "a:has-text('Télécharger mes données')", MAX)
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    data = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert data["suivi"]["nom"] == "Quentaloup"

    tab_to(page, "#id_confirme", MAX)
    page.keyboard.press("Space")
    tab_to(page, 'button:has-text("Demander l\'effacement")', MAX)
    _enter(page)
    assert "Vous avez demandé l'effacement" in page.content()
    assert axe(page) == []

    # La structure le fait depuis sa liste, au clavier (1280 px).
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    login_by_keyboard(page, gestionnaire.email, PASSWORD)
    page.goto("/mes-donnees/demandes/")
    assert axe(page) == []
    tab_to(page, "a:has-text('Effacer maintenant')", MAX)
    _enter(page)
    assert axe(page) == []
    tab_to(page, "#id_confirme", MAX)
    page.keyboard.press("Space")
    tab_to(page, "button:has-text('Effacer ces données')", MAX)
    _enter(page)
    assert "Les données de la personne sont effacées" in page.content()
    assert "Aucune demande en attente" in page.content()
    assert axe(page) == []
    seance.beneficiaire.refresh_from_db()
    assert seance.beneficiaire.anonymized_at is not None
    assert Orientation.objects.get(pk=seance.orientation_recue_id).personne_prenom == ""
