"""La version papier du diagnostic et la fiche imprimée tiennent sur UNE page A4 (PDF de Chromium, pages comptées)."""

import re

import pytest

from maillage.diagnostic.etat import Etat
from maillage.diagnostic.questions import ACTUEL
from maillage.diagnostic.services import create_fiche
from maillage.lieux.enums import Service
from tests.comptes.factories import StructureFactory, TerritoireFactory
from tests.lieux.factories import LieuFactory


def _pdf_pages(page) -> int:
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def _etat_le_plus_long() -> Etat:
    """Pour chaque question, la réponse dont les phrases du résultat sont les plus longues : le cas le plus long."""
    etat = Etat()
    for q in ACTUEL.questions:
        choix = max(q.choix, key=lambda c: len(c.sait) + len(c.aide) + 10 * len(c.services))
        etat = etat.repondre(q.code, choix.code)
    return etat


def test_version_papier_une_page_a4(page):
    page.goto("/diagnostic/version-papier/")
    assert _pdf_pages(page) == 1


@pytest.fixture
def angers(communes_49):
    angers = communes_49["49007"]
    TerritoireFactory(nom="Maine-et-Loire", slug="ml", communes=list(communes_49.values()))
    structure = StructureFactory(commune=angers, nom="Centre social et culturel du quartier des Hauts de Saint-Aubin")
    for i in range(3):
        LieuFactory(nom=f"Espace public numérique de la Maison des services au public numéro {i + 1}",
                    structure=structure, commune_ref=angers, services=list(Service.values), horaires="24/7",
                    adresse="12 boulevard Jean Moulin prolongé", telephone="02 41 00 00 00",
                    latitude=angers.latitude + i / 500, longitude=angers.longitude, published=True)  # fmt: skip
    return angers


def test_fiche_imprimee_une_page_a4_cas_le_plus_long(page, angers):
    fiche = create_fiche(etat=_etat_le_plus_long(), commune=angers)
    page.goto(f"/diagnostic/fiche/{fiche.code}/")
    assert page.locator(".diag-code-fiche").count() == 1
    assert _pdf_pages(page) == 1
