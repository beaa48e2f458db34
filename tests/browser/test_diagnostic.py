"""Le diagnostic dans un vrai navigateur, sur un téléphone de 360 px, au clavier seul, avec axe-core :
le parcours autonome jusqu'à la fiche imprimée, et le kit de premier accueil d'un agent ou d'une agente de mairie."""

import time

import pytest

from maillage.comptes.enums import Role
from maillage.diagnostic.models import FicheDiagnostic, Reperage
from maillage.diagnostic.questions import ACTUEL
from maillage.lieux.enums import Service
from tests.browser.conftest import login_by_keyboard
from tests.comptes.factories import PASSWORD, StructureFactory, TerritoireFactory, user_with_role
from tests.lieux.factories import LieuFactory

# window.print() remplacé avant tout script de la page (pas de boîte d'impression dans un navigateur sans écran).
FAUX_PRINT = "window.print = () => { window.__imprime = (window.__imprime || 0) + 1; };"


@pytest.fixture
def lieux(communes_49):
    angers = communes_49["49007"]
    TerritoireFactory(nom="Maine-et-Loire", slug="ml", communes=list(communes_49.values()))
    structure = StructureFactory(commune=angers, nom="Centre social")
    for i, service in enumerate([Service.AIDE_DEMARCHES, Service.USAGE_SECURISE, Service.OUTILS_QUOTIDIEN]):
        LieuFactory(nom=f"Lieu d'aide {i + 1}", structure=structure, commune_ref=angers, services=[service],
                    horaires="24/7", latitude=angers.latitude + i / 500, longitude=angers.longitude,
                    published=True)  # fmt: skip
    return structure


def _telephone(page):
    page.set_viewport_size({"width": 360, "height": 740})
    page.context.add_init_script(FAUX_PRINT)


def _sans_debordement(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_parcours_autonome_au_clavier_sur_telephone(page, axe, lieux):
    _telephone(page)
    debut = time.monotonic()
    page.goto("/diagnostic/")
    assert axe(page) == []
    page.keyboard.press("Tab")  # lien d'évitement
    assert page.evaluate("document.activeElement.textContent.trim()") == "Aller au contenu"
    page.focus("text=Commencer")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    for n, _question in enumerate(ACTUEL.questions, start=1):
        assert page.locator(".diag-progression").inner_text() == f"Question {n} sur {len(ACTUEL)}"
        if n in (1, 2):
            assert axe(page) == []
            _sans_debordement(page)
        if n == 2:  # une fois : envoyer sans réponse, lire l'erreur, revenir en arrière
            with page.expect_navigation():
                page.click("button[type=submit]")
            assert "Choisissez une réponse" in page.content()
            assert axe(page) == []
        # Au clavier : Tab jusqu'au premier bouton radio, flèche vers le bas (deuxième réponse), Entrée.
        page.focus("input[name=reponse] >> nth=0")
        page.keyboard.press("Space")
        page.keyboard.press("ArrowDown")
        with page.expect_navigation():
            page.keyboard.press("Enter")
    assert "/diagnostic/resultat/" in page.url
    assert "Vous savez déjà" in page.content() or "Ce qui pourrait vous aider" in page.content()
    page.focus("#id_ou")
    page.keyboard.type("Angers")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".diag-lieu").count() == 3
    assert axe(page) == []
    _sans_debordement(page)
    page.focus("text=Imprimer ma fiche")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_function("() => window.__imprime === 1")
    fiche = FicheDiagnostic.objects.get()
    assert fiche.code in page.locator(".diag-code-fiche").inner_text()
    assert page.locator(".diag-lieu").count() == 3
    assert axe(page) == []
    assert time.monotonic() - debut < 300  # moins de 5 minutes, robot compris
    assert Reperage.objects.filter(source="AUTONOME").exists()


def test_pas_de_geolocalisation_message_clair(page, lieux):
    page.context.add_init_script(
        "navigator.geolocation.getCurrentPosition = (ok, erreur) => erreur({code: 1, message: 'refus'});"
    )
    page.goto("/diagnostic/resultat/")
    page.click("#autour-de-moi")
    assert "Nous n'avons pas pu trouver votre position" in page.locator("#position-message").inner_text()
    assert page.evaluate("document.activeElement.id") == "id_ou"


def test_premier_accueil_une_fiche_en_moins_d_une_minute(page, axe, lieux):
    agent = user_with_role(Role.PRESCRIPTEUR, structure=lieux)
    page.context.add_init_script(FAUX_PRINT)
    login_by_keyboard(page, agent.email, PASSWORD)
    debut = time.monotonic()
    page.goto("/diagnostic/premier-accueil/")
    assert axe(page) == []
    page.focus("#id_besoin")
    page.select_option("#id_besoin", "DEMARCHE_SOCIAL")
    page.keyboard.press("Tab")
    page.keyboard.type("Angers")
    page.focus("input[name=contraintes][value=URGENCE]")
    page.keyboard.press("Space")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".diag-lieu").count() == 1  # un seul lieu aide aux démarches
    assert "Ouvert maintenant." in page.locator(".diag-lieu").inner_text()
    assert axe(page) == []
    page.focus("text=Imprimer la fiche")
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.__imprime === 1")
    assert time.monotonic() - debut < 60
    assert Reperage.objects.filter(source="PREMIER_ACCUEIL", besoin="AIDE_DEMARCHES").count() == 1


def test_diagnostic_accompagne_joint_a_la_seance(page, axe, lieux):
    from maillage.diagnostic.models import DiagnosticSeance
    from tests.accompagnements.factories import AccompagnementFactory

    mediatrice = user_with_role(Role.MEDIATEUR, structure=lieux)
    seance = AccompagnementFactory(structure=lieux, mediateur=mediatrice, besoins={"DIAGNOSTIC": "FAIRE_AVEC"})
    login_by_keyboard(page, mediatrice.email, PASSWORD)
    page.goto(f"/accompagnements/{seance.public_id}/")
    page.focus("text=Faire le diagnostic avec la personne")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Diagnostic accompagné" in page.content()
    assert axe(page) == []
    for _n in range(len(ACTUEL)):
        page.focus("input[name=reponse] >> nth=0")
        page.keyboard.press("Space")
        with page.expect_navigation():
            page.keyboard.press("Enter")
    assert axe(page) == []
    page.focus("text=Joindre ce résultat à la séance")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"/accompagnements/{seance.public_id}/" in page.url
    assert DiagnosticSeance.objects.filter(accompagnement=seance).count() == 1
    assert "Vous savez déjà" in page.content()
