"""Tests dans un vrai navigateur : Chromium de Debian piloté par Playwright, contre un serveur réel.

Les fixtures `_browser`, `page` et `axe` sont dans tests/conftest.py : un seul Playwright synchrone peut tourner
dans un processus, et les tests navigateur d'autres dossiers (tests/observatoire/…) doivent partager le même.

Jamais `playwright install` : on utilise /usr/bin/chromium. En CI (CI=true), l'absence de Chromium est
une erreur ; sur un poste sans Chromium, ces tests sont sautés avec un message clair.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]  # fmt: skip

# Playwright (API synchrone) fait tourner une boucle asyncio : l'ORM doit être autorisé dans ce fil.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath) or "browser" in item.keywords:
            item.add_marker(pytest.mark.browser)


_AXE_JS = None


def _axe_source() -> str:
    global _AXE_JS
    if _AXE_JS is None:
        import axe_playwright_python

        _AXE_JS = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
    return _AXE_JS


def run_axe(page) -> list[dict]:
    """Lance axe-core (fourni par le paquet axe-playwright-python) et renvoie les violations graves ou critiques."""
    # Évalué par le pilote, pas inséré en <script> en ligne : la politique de sécurité du contenu de la page
    # (script-src 'self') refuserait ce dernier.
    page.evaluate(_axe_source())
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def tab_to(page, selector: str, max_tabs: int = 60) -> None:
    """Appuie sur Tab jusqu'à ce que l'élément visé ait le focus (comme une personne au clavier)."""
    target = page.locator(selector).first
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{selector} n'est pas atteignable au clavier en {max_tabs} tabulations")


def login_by_keyboard(page, email: str, password: str) -> None:
    """Se connecter au clavier seul : le champ e-mail a le focus, Tab vers le mot de passe, Entrée."""
    page.goto("/comptes/connexion/")
    tab_to(page, "input[name=username]")
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
