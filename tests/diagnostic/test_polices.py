"""Les pages légères du diagnostic ne téléchargent aucune police : chaque réponse rendue avec `base_leger.html`
porte `font-src 'none'` dans sa politique de sécurité du contenu ; les autres pages gardent celle du site."""

import pytest
from django.urls import reverse

from maillage.comptes.enums import Role
from maillage.diagnostic.etat import Etat
from tests.comptes.factories import user_with_role

LEGER = "diagnostic/base_leger.html"


def _politique(response) -> dict[str, str]:
    parts = (p.strip().split(" ", 1) for p in response["Content-Security-Policy"].split(";") if p.strip())
    return {p[0]: p[1] if len(p) > 1 else "" for p in parts}


def _pages(lieux) -> list[tuple[str, dict]]:
    etat = Etat().repondre("APPAREIL", "AUCUN").jeton()
    return [
        (reverse("diagnostic:accueil"), {}),
        (reverse("diagnostic:question"), {"etape": 2, "etat": etat}),
        (reverse("diagnostic:resultat"), {"etat": etat, "ou": "Angers"}),
        (reverse("diagnostic:resultat"), {"etat": "abc:def"}),  # jeton abîmé : page d'erreur légère
        (reverse("diagnostic:fiche", args=["ZZZZZZ"]), {}),  # fiche introuvable
        (reverse("diagnostic:retrouver"), {"code": ""}),
        (reverse("diagnostic:papier"), {}),
        (reverse("diagnostic:script"), {}),
        (reverse("diagnostic:contact", args=[lieux["demarches"].public_id]), {"etat": etat}),
        (reverse("diagnostic:premier_accueil"), {}),
        (reverse("diagnostic:demandes"), {}),
        (reverse("diagnostic:reperages"), {}),
    ]


def test_every_light_page_forbids_fonts_and_no_other_page_does(client, lieux):
    client.force_login(user_with_role(Role.COORDINATEUR))
    legeres = 0
    for url, params in _pages(lieux):
        response = client.get(url, params)
        assert response.status_code in (200, 400, 403, 404), (url, response.status_code)
        gabarits = {t.name for t in response.templates}
        font_src = _politique(response)["font-src"]
        if LEGER in gabarits:
            legeres += 1
            assert font_src == "'none'", url
        else:
            assert font_src == "'self'", url
    assert legeres == 10


@pytest.mark.parametrize("nom", ["accueil", "lieux:recherche"])
def test_the_rest_of_the_site_keeps_its_own_fonts(client, nom):
    url = reverse(nom if ":" in nom else f"diagnostic:{nom}")
    assert (_politique(client.get(url))["font-src"] == "'self'") is (nom == "lieux:recherche")
