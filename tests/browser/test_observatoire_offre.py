"""L'offre, les communes éloignées, les observations de terrain et les panneaux département et territoire, au clavier
dans un vrai navigateur, axe-core sur chaque page ajoutée ou changée ; tout tient sur 360 px.

Reprend le petit territoire de `tests/browser/test_observatoire.py` (fixture `monde`). Ici, dans tests/browser, et non
dans tests/observatoire : un seul navigateur pour toute la session (deux instances de Playwright dans le même fil se
refusent)."""

from tests.browser.conftest import login_by_keyboard, tab_to
from tests.browser.test_observatoire import monde  # noqa: F401 — fixture
from tests.comptes.factories import PASSWORD

MAX = 80


def _enter(page):
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _verifier(page, axe):
    assert axe(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_offre_eloignees_et_panneaux_au_clavier(page, axe, monde):  # noqa: F811 — monde importé
    from maillage.comptes.models import Territoire

    ahun = monde["ahun"]
    # Ahun à sa vraie place (Creuse) : son seul lieu, aux coordonnées d'Angers, est à plus de 300 km.
    ahun.latitude, ahun.longitude = 46.08, 2.04
    ahun.save()
    page.set_viewport_size({"width": 360, "height": 800})
    login_by_keyboard(page, monde["coord"].email, PASSWORD)
    page.goto("/observatoire/")
    assert "pas encore été calculée" in page.inner_text("main")
    _verifier(page, axe)
    tab_to(page, "main button:has-text('Recalculer l')", MAX)
    _enter(page)
    assert "Offre recalculée pour 3 communes du territoire." in page.inner_text("body")
    _verifier(page, axe)
    tab_to(page, "main a:has-text('Panneau de tout le territoire')", MAX)
    _enter(page)
    main = page.inner_text("main")
    assert "Territoire de coordination, 3 communes" in main and "Tout le département" in main
    _verifier(page, axe)
    tab_to(page, "main li a[href*='/departements/']", MAX)
    _enter(page)
    assert "Département (" in page.inner_text("main")
    _verifier(page, axe)
    territoire = Territoire.objects.get(slug="dep-test")
    page.goto(f"/observatoire/eloignees/?territoire={territoire.slug}")
    main = page.inner_text("main")
    assert "Ahun" in main and "zone blanche" not in main.lower()
    _verifier(page, axe)
    page.fill("input[name=distance]", "0")
    tab_to(page, "button:has-text('Afficher la liste')", MAX)
    _enter(page)
    assert page.evaluate("document.activeElement.id") == "resume-erreurs"
    assert "au moins 1 km" in page.inner_text("main")
    _verifier(page, axe)


def test_observation_proposee_puis_publiee_au_clavier(page, axe, monde):  # noqa: F811 — monde importé
    page.set_viewport_size({"width": 360, "height": 800})
    login_by_keyboard(page, monde["coord"].email, PASSWORD)
    page.goto("/observatoire/observations/proposer/")
    _verifier(page, axe)
    tab_to(page, "select[name=sujet]", MAX)
    page.select_option("select[name=sujet]", label="CC Alpha")
    tab_to(page, "textarea[name=texte]", MAX)
    page.keyboard.type("Appelez Mme Dupont au 06 12 34 56 78")
    tab_to(page, "button:has-text('Envoyer à la coordination')", MAX)
    _enter(page)
    assert page.evaluate("document.activeElement.id") == "resume-erreurs"
    assert "jamais une personne" in page.inner_text("main")
    _verifier(page, axe)
    page.fill("textarea[name=texte]", "Les démarches de retraite en ligne bloquent beaucoup de monde cet automne.")
    tab_to(page, "button:has-text('Envoyer à la coordination')", MAX)
    _enter(page)
    assert "votre observation est envoyée" in page.inner_text("body")
    _verifier(page, axe)
    page.goto("/observatoire/observations/moderation/")
    assert "Sur l'intercommunalité CC Alpha" in page.inner_text("main")
    _verifier(page, axe)
    tab_to(page, "main button:has-text('Publier l')", MAX)
    _enter(page)
    assert "Observation publiée" in page.inner_text("body") and "Aucune observation à relire" in page.inner_text(
        "main"
    )
    _verifier(page, axe)
    page.goto("/observatoire/")
    tab_to(page, "main a:has-text('CC Alpha')", MAX)
    _enter(page)
    main = page.inner_text("main")
    assert "Ce qu'on voit sur le terrain" in main and "démarches de retraite en ligne" in main
    _verifier(page, axe)
