"""Import web de lieux en tâches de fond, au clavier, dans un vrai navigateur : la coordination dépose un fichier,
voit l'avancement, puis le rapport arrive tout seul (htmx interroge la page toutes les 2 s) ; elle confirme, puis
voit le résultat. axe-core sur la page d'avancement et sur le résultat.

La file est la vraie (en base) ; le processus des tâches est une passe de `db_worker --batch`, lancée par le test
au moment voulu : on voit d'abord la tâche en attente, puis son résultat sans recharger la page.
"""

import signal

import pytest
from django.core.management import call_command
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from maillage.lieux.models import Lieu
from maillage.taches.enums import EtatTache, GenreTache
from maillage.taches.models import Tache
from tests.browser.conftest import login_by_keyboard, tab_to
from tests.browser.test_csp import LISTEN
from tests.comptes.factories import PASSWORD
from tests.lieux.test_views_import import ROW, coordination, csv_file  # noqa: F401 — fixture

MAX = 80


@pytest.fixture
def file_en_base(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def db_worker():
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield lambda: call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0, verbosity=0)
    for s, handler in saved.items():
        signal.signal(s, handler)


def _enter_and_wait(page):
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_import_en_fond_au_clavier(page, axe, coordination, file_en_base, db_worker, tmp_path):  # noqa: F811
    fichier = tmp_path / "lieux-angers.csv"
    fichier.write_bytes(csv_file([ROW, dict(ROW, id="lieu-2", nom="Sans position", latitude="95")]).read())
    page.add_init_script(LISTEN)  # htmx et sa configuration ne doivent rien ajouter que la CSP refuse
    login_by_keyboard(page, coordination.email, PASSWORD)
    page.goto("/lieux/gestion/importer/")
    page.wait_for_load_state("networkidle")  # scripts du DSFR prêts : ils ne déplacent plus le focus

    # 1. Déposer le fichier, au clavier (le sélecteur de fichiers s'ouvre avec Espace). Machine chargée : l'appui
    # peut tomber avant que le champ soit prêt ; on retente, toujours au clavier.
    for essai in range(3):
        tab_to(page, "input[name=fichier]", MAX)
        try:
            with page.expect_file_chooser(timeout=7000) as chooser:
                page.keyboard.press("Space")
            break
        except PlaywrightTimeoutError:
            if essai == 2:
                raise
            page.keyboard.press("Shift+Tab")
    chooser.value.set_files(str(fichier))
    tab_to(page, "input[name=source]", MAX)
    page.keyboard.type("test-web")
    tab_to(page, "button:has-text('Vérifier le fichier')", MAX)
    _enter_and_wait(page)

    # 2. La page de la tâche : en attente, avec sa barre d'avancement.
    verification = Tache.objects.get(genre=GenreTache.IMPORT_LIEUX_VERIFIER)
    assert page.url.endswith(f"/taches/{verification.public_id}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Vérification d'un fichier de lieux"
    assert page.get_by_role("progressbar", name="Avancement").is_visible()
    assert "En attente" in page.locator("#tache-suivi").inner_text()
    assert axe(page) == []

    # 3. Le processus des tâches vérifie le fichier ; la page affiche le rapport d'elle-même et l'annonce.
    db_worker()
    page.get_by_role("heading", name="Rapport de vérification (rien n'est encore écrit)").wait_for(timeout=10_000)
    assert "terminée" in page.locator("#tache-annonce").inner_text()
    assert page.locator("tr", has_text="Lieux nouveaux").inner_text().endswith("1")
    assert page.locator("tr", has_text="Lignes rejetées").inner_text().endswith("1")
    assert page.get_by_role("progressbar").count() == 0
    assert axe(page) == []
    assert page.evaluate("window.__cspViolations") == []
    assert Lieu.objects.count() == 0

    # 4. Confirmer au clavier ; l'écriture attend, puis son résultat arrive.
    tab_to(page, 'button:has-text("Confirmer l\'import")', MAX)
    _enter_and_wait(page)
    ecriture = Tache.objects.get(genre=GenreTache.IMPORT_LIEUX_ECRIRE)
    assert page.url.endswith(f"/taches/{ecriture.public_id}/")
    assert ecriture.etat == EtatTache.EN_ATTENTE
    db_worker()
    page.get_by_role("heading", name="Résultat de l'import").wait_for(timeout=10_000)
    assert "Les lieux sont écrits" in page.locator("#tache-suivi").inner_text()
    assert axe(page) == []
    assert Lieu.objects.get().nom == ROW["nom"]
    tab_to(page, "a:has-text('Retour à mes lieux')", MAX)
    _enter_and_wait(page)
    assert page.url.endswith("/lieux/gestion/")
