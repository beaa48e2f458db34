"""Sobriété des pages du diagnostic : ≤ 100 Ko transférés au premier passage (cache vide), fichiers statiques
compressés comme en production (gzip, comme les fichiers .gz de whitenoise), et première page utilisable en
≤ 3 s sur une connexion 3G lente (émulation réseau de Chromium par CDP).

Le serveur de test de Django ne compresse pas : ce module lance son propre serveur, dont le gestionnaire de
fichiers statiques répond en gzip quand le navigateur l'accepte, comme whitenoise. Les pages HTML, elles, sont
comptées sans compression (ce que fait le serveur d'application seul, au pire).
"""

import gzip

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.http import HttpResponse
from django.test.testcases import LiveServerThread

from maillage.diagnostic.etat import Etat
from tests.browser.test_diagnostic import lieux  # noqa: F401  (même jeu de lieux)

BUDGET_OCTETS = 100 * 1024
#: Profil « 3G lente » de WebPageTest : 400 kbit/s dans les deux sens, 400 ms d'aller-retour.
LENTE_3G = {"offline": False, "latency": 400, "downloadThroughput": 400 * 1000 / 8, "uploadThroughput": 400 * 1000 / 8}
COMPRESSIBLES = ("text/", "application/javascript", "image/svg+xml", "application/json")


class GzipStaticFilesHandler(StaticFilesHandler):
    def serve(self, request):
        response = super().serve(request)
        kind = response.get("Content-Type", "")
        if "gzip" not in request.headers.get("accept-encoding", "") or not kind.startswith(COMPRESSIBLES):
            return response
        body = b"".join(response.streaming_content) if response.streaming else response.content
        packed = HttpResponse(gzip.compress(body, compresslevel=9), content_type=kind)
        packed["Content-Encoding"] = "gzip"
        return packed


@pytest.fixture
def serveur(transactional_db):
    thread = LiveServerThread("localhost", static_handler=GzipStaticFilesHandler, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://localhost:{thread.port}"
    thread.terminate()


def _visite(_browser, url: str, conditions: dict | None = None) -> dict:
    """Une première visite (cache vide) : octets transférés par ressource (en-têtes compris) et temps de chargement."""
    context = _browser.new_context(locale="fr-FR", viewport={"width": 360, "height": 740})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if conditions:
        cdp.send("Network.emulateNetworkConditions", conditions)
    urls, octets = {}, {}
    cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
    cdp.on("Network.loadingFinished", lambda e: octets.__setitem__(e["requestId"], e["encodedDataLength"]))
    page.goto(url, wait_until="load")
    page.wait_for_timeout(300)  # derniers événements du réseau
    charge_ms = page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd")
    police = page.evaluate("() => getComputedStyle(document.querySelector('h1, legend') || document.body).fontFamily")
    context.close()
    detail = {urls.get(k, k).split("/static/")[-1]: v for k, v in octets.items()}
    return {"total": sum(octets.values()), "detail": detail, "charge_ms": charge_ms, "police": police}


def _pages(serveur: str) -> dict[str, str]:
    etat = Etat().repondre("APPAREIL", "AUCUN").repondre("ARNAQUES", "NON").jeton()
    return {
        "accueil": f"{serveur}/diagnostic/",
        "question": f"{serveur}/diagnostic/questions/?etape=3&etat={etat}",
        "resultat": f"{serveur}/diagnostic/resultat/?etat={etat}&ou=Angers",
        "papier": f"{serveur}/diagnostic/version-papier/",
    }


def test_chaque_page_pese_moins_de_100_ko(_browser, serveur, lieux):  # noqa: F811
    for nom, url in _pages(serveur).items():
        visite = _visite(_browser, url)
        print(f"{nom}: {visite['total'] / 1024:.1f} Ko — {visite['detail']}")
        assert visite["total"] <= BUDGET_OCTETS, (nom, visite)
        assert not any(k.endswith((".woff", ".woff2")) for k in visite["detail"]), "aucune police téléchargée"
        assert visite["police"].startswith("Arial"), "la feuille du diagnostic pose les polices du système"
        assert not any("leaflet" in k or "carte" in k for k in visite["detail"]), "aucune carte"


def test_premiere_page_utilisable_en_3_s_en_3g_lente(_browser, serveur, lieux):  # noqa: F811
    for nom in ("accueil", "question"):
        visite = _visite(_browser, _pages(serveur)[nom], LENTE_3G)
        print(f"{nom} en 3G lente : {visite['charge_ms']:.0f} ms, {visite['total'] / 1024:.1f} Ko")
        assert visite["charge_ms"] <= 3000, (nom, visite)
