"""Séances, au clavier, dans un vrai navigateur (issue 10, points 1, 5 et 14) :
retrouver une séance → l'ouvrir → la corriger ; un envoi refusé met le focus sur le résumé des erreurs, dont chaque
lien mène à son champ ; le questionnaire papier tient sur une page A4. axe-core sur chaque page nouvelle ou changée.
"""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from maillage.accompagnements.models import AccompagnementJournal
from maillage.comptes.enums import Role
from tests.accompagnements.factories import AccompagnementFactory
from tests.browser.conftest import login_by_keyboard, tab_to
from tests.comptes.factories import PASSWORD, user_with_role

MAX = 400


def _enter(page):
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_find_open_correct_by_keyboard(page, axe):
    mediatrice = user_with_role(Role.MEDIATEUR)
    structure = mediatrice.memberships.get().structure
    hier = timezone.localdate() - datetime.timedelta(days=1)
    seance = AccompagnementFactory(structure=structure, mediateur=mediatrice, date=hier, duree=30)
    AccompagnementFactory(structure=structure, mediateur=mediatrice, date=hier - datetime.timedelta(days=20))
    login_by_keyboard(page, mediatrice.email, PASSWORD)

    # Retrouver : le menu (rubrique « Accompagnements », ouverte au clavier) mène à « Mes accompagnements », filtré
    # sur la semaine au clavier.
    tab_to(page, "#navigation-principale button.fr-nav__btn:has-text('Accompagnements')", MAX)
    page.keyboard.press("Enter")
    expect(page.locator("#navigation-principale a:has-text('Mes accompagnements')")).to_be_visible()
    tab_to(page, "a:has-text('Mes accompagnements')", MAX)
    _enter(page)
    assert page.get_by_role("heading", level=2).first.inner_text() == "2 séances"
    assert axe(page) == []
    tab_to(page, "input[name=du]", MAX)
    page.locator("input[name=du]").fill((hier - datetime.timedelta(days=2)).isoformat())  # champ atteint au clavier
    tab_to(page, "button:has-text('Afficher')", MAX)
    _enter(page)
    assert page.locator("#resultats").inner_text() == "Une séance"

    # Ouvrir.
    tab_to(page, f"a[href='/accompagnements/{seance.public_id}/']", MAX)
    _enter(page)
    assert "pendant 7 jours" in page.content()
    assert axe(page) == []

    # Corriger : un envoi refusé met le focus sur le résumé des erreurs, annoncé (role=alert).
    tab_to(page, "a:has-text('Corriger la séance')", MAX)
    _enter(page)
    assert axe(page) == []
    tab_to(page, "input[name=besoins][value=EMAIL]", MAX)
    page.keyboard.press("Space")  # décoche le seul besoin : refus attendu
    tab_to(page, "button:has-text('Enregistrer la correction')", MAX)
    _enter(page)
    resume = page.locator("#resume-erreurs")
    assert resume.get_attribute("role") == "alert"
    page.wait_for_function("document.activeElement && document.activeElement.id === 'resume-erreurs'")
    assert axe(page) == []
    # Le lien du résumé met le focus dans le champ fautif.
    tab_to(page, "#resume-erreurs a[href='#id_besoins_0']", 5)
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'id_besoins_0'")
    tab_to(page, "input[name=besoins][value=EMAIL]", MAX)  # du premier choix du groupe à celui qu'on veut
    page.keyboard.press("Space")
    tab_to(page, "input[name=duree][value='30']", MAX)
    page.keyboard.press("ArrowRight")  # 45 min
    tab_to(page, "button:has-text('Enregistrer la correction')", MAX)
    _enter(page)
    assert page.get_by_text("Séance corrigée.").count() == 1
    seance.refresh_from_db()
    assert seance.duree == 45
    journal = AccompagnementJournal.objects.get(accompagnement=seance)
    assert journal.details == {"champs": ["duree"]}


def test_paper_questionnaire_fits_one_a4_page(page, axe):
    mediatrice = user_with_role(Role.MEDIATEUR)
    seance = AccompagnementFactory(structure=mediatrice.memberships.get().structure, mediateur=mediatrice)
    login_by_keyboard(page, mediatrice.email, PASSWORD)
    page.goto(f"/accompagnements/{seance.public_id}/questionnaire-papier/")
    assert axe(page) == []
    assert seance.questionnaire_token in page.content()
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf)) == 1
