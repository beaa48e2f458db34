"""Carte du réseau par EPCI : un cercle au centre des communes de chaque EPCI, mêmes chiffres que le tableau."""

import json
import re

import pytest
from django.urls import reverse

from maillage.aidants import selectors
from tests.aidants.factories import ProfilAidantFactory, RattachementFactory
from tests.core.factories import CommuneFactory


@pytest.fixture
def epci(structure):
    """La commune de la structure et une voisine dans la même intercommunalité ; une troisième, non placée."""
    commune = structure.commune
    commune.epci_code, commune.epci_nom = "244900015", "CU Angers <Loire> Métropole"
    commune.latitude, commune.longitude = 47.0, -1.0
    commune.save()
    CommuneFactory(epci_code="244900015", epci_nom="CU Angers <Loire> Métropole", latitude=48.0, longitude=0.0)
    CommuneFactory(epci_code="244900015", latitude=None, longitude=None)
    return commune


def _donnees(page: str) -> list[dict]:
    match = re.search(r'<script id="carte-epci-donnees" type="application/json">(.*?)</script>', page, re.S)
    assert match, "données de la carte absentes"
    return json.loads(match.group(1))


def test_circle_at_mean_of_epci_communes_with_exact_count_for_coordination(
    client, coordinateur, territoire, structure, epci
):
    for _ in range(2):
        RattachementFactory(structure=structure)
    client.force_login(coordinateur)
    page = client.get(reverse("aidants:reseau")).content.decode()
    [cercle] = _donnees(page)
    assert cercle == {
        "code": "244900015", "epci": "CU Angers <Loire> Métropole", "total": 2, "habilites": 0,
        "lat": 47.5, "lon": -0.5,
    }  # fmt: skip
    # Jumeau accessible : la carte dit où est le tableau qui donne les mêmes chiffres ; script statique, aucun en ligne.
    assert 'aria-label="Carte des aidants par EPCI (le tableau « Aidants par EPCI de leur structure »' in page
    assert "aidants/carte-epci.js" in page
    assert "<script>" not in page and "<style" not in page


def test_outside_coordination_the_map_only_gets_masked_counts(territoire, structure, epci):
    RattachementFactory(structure=structure)
    [cercle] = selectors.carte_par_epci(selectors.comptes_par_epci(territoire, masquer=True))
    assert cercle["total"] == "< 5" and cercle["habilites"] == 0


def test_epci_without_placed_commune_or_without_epci_has_no_circle(territoire, structure):
    RattachementFactory(structure=structure)  # commune sans EPCI : ligne « Sans EPCI » du tableau seulement
    lignes = selectors.comptes_par_epci(territoire, masquer=False)
    assert [row["epci"] for row in lignes] == ["Sans EPCI"]
    assert selectors.carte_par_epci(lignes) == []


def test_no_map_without_epci_rows(client, coordinateur, territoire):
    client.force_login(coordinateur)
    page = client.get(reverse("aidants:reseau")).content.decode()
    assert "carte-epci-donnees" not in page and "Aucun aidant pour l'instant." in page


def test_archived_profiles_are_not_on_the_map(territoire, structure, epci):
    RattachementFactory(structure=structure, profil=ProfilAidantFactory(archive=True))
    assert selectors.carte_par_epci(selectors.comptes_par_epci(territoire, masquer=False)) == []
