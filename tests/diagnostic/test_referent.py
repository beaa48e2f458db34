"""Le jeton des réponses (signé, lisible) ne part pas dans l'en-tête Referer : les pages qui le portent dans leur
adresse envoient `Referrer-Policy: strict-origin` (l'origine seule, jamais le chemin ; pas `no-referrer`, qui fait
envoyer `Origin: null` aux formulaires POST et les fait refuser par la protection CSRF), et les liens vers d'autres sites du résultat ont `rel="noreferrer"`."""

import re

import pytest
from django.urls import reverse

from maillage.diagnostic.etat import Etat


@pytest.fixture
def etat():
    return Etat().repondre("APPAREIL", "AUCUN")


def test_question_page_sends_no_referrer(client, etat):
    response = client.get(reverse("diagnostic:question"), {"etape": 2, "etat": etat.jeton()})
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "strict-origin"


def test_result_page_sends_no_referrer_and_outside_links_are_noreferrer(client, etat, lieux):
    response = client.get(reverse("diagnostic:resultat"), {"etat": etat.jeton(), "ou": "Angers"})
    html = response.content.decode()
    assert response["Referrer-Policy"] == "strict-origin"
    externes = re.findall(r'<a href="https?://[^"]*"[^>]*>', html)
    assert any("lesbonsclics.fr" in a for a in externes) and any("pix.fr" in a for a in externes)
    for lien in externes:
        rel = re.search(r'rel="([^"]*)"', lien)
        assert rel and "noreferrer" in rel.group(1).split(), lien


def test_contact_page_sends_no_referrer(client, etat, lieux):
    url = reverse("diagnostic:contact", args=[lieux["demarches"].public_id])
    response = client.get(url, {"etat": etat.jeton()})
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "strict-origin"


def test_forged_token_page_also_sends_no_referrer(client):
    response = client.get(reverse("diagnostic:resultat"), {"etat": "abc:def"})
    assert response.status_code == 400
    assert response["Referrer-Policy"] == "strict-origin"


def test_other_pages_keep_the_site_policy(client):
    assert client.get(reverse("diagnostic:accueil"))["Referrer-Policy"] == "same-origin"


def test_print_form_of_result_page_passes_csrf_with_the_origin_the_policy_lets_through(etat):
    """`strict-origin` laisse le navigateur envoyer la vraie origine avec le POST « Imprimer » : accepté."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("diagnostic:resultat"), {"etat": etat.jeton()})
    jeton_csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]*)"', page.content.decode()).group(1)
    data = {"etat": etat.jeton(), "csrfmiddlewaretoken": jeton_csrf}
    ok = client.post(reverse("diagnostic:imprimer"), data, HTTP_ORIGIN="http://testserver")
    assert ok.status_code == 302
    refuse = client.post(reverse("diagnostic:imprimer"), data, HTTP_ORIGIN="null")  # ce qu'enverrait no-referrer
    assert refuse.status_code == 403
