"""Recherche publique et API : les lieux qui interviennent dans la commune cherchée (périmètre de l'annuaire)
viennent d'abord, avec la mention « Intervient dans votre commune » (issue 14)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maillage.annuaire.models import PerimetreLieu
from tests.lieux.factories import ArretFactory, LieuFactory

URL = "/lieux/"
API = "/api/v1/lieux"
MENTION = "Intervient dans votre commune"


def servir(lieu, *codes):
    perimetre = PerimetreLieu.objects.create(lieu=lieu)
    perimetre.communes_servies.set(codes)
    return perimetre


def cartes(response) -> list[tuple[str, bool]]:
    """(nom, porte la mention) de chaque carte de résultat, dans l'ordre."""
    html = response.content.decode()
    block = html.split('class="lieux-resultats"', 1)[1].split("</ol>", 1)[0]
    out = []
    for item in block.split('<li class="fr-card')[1:]:
        nom = re.search(r'<h3 class="fr-card__title"><a href="[^"]+">([^<]+)</a>', item).group(1)
        out.append((nom, MENTION in item))
    return out


@pytest.fixture
def ecuille(communes_49):
    """Écuillé (655 habitants) : un lieu proche sans périmètre, un lieu d'Angers (16 km) qui y intervient, un autre
    d'Angers dont le périmètre ne la comprend pas, un lieu d'Avrillé sans périmètre."""
    ecuille, angers = communes_49["49130"], communes_49["49007"]
    LieuFactory(nom="Proche de Feneu", latitude=47.5847, longitude=-0.6009, published=True)
    sert = LieuFactory(nom="France services d'Angers", latitude=angers.latitude, longitude=angers.longitude,
                       published=True)  # fmt: skip
    servir(sert, ecuille.pk, angers.pk)
    ailleurs = LieuFactory(nom="Espace d'Angers", latitude=angers.latitude + 0.001, longitude=angers.longitude,
                           published=True)  # fmt: skip
    servir(ailleurs, angers.pk)
    LieuFactory(nom="Médiathèque d'Avrillé", latitude=47.5054, longitude=-0.6007, published=True)
    return ecuille


class TestPage:
    def test_les_lieux_qui_interviennent_dans_la_commune_viennent_d_abord_avec_la_mention(self, client, ecuille):
        response = client.get(URL, {"ou": "Écuillé", "rayon_km": "20"})
        assert response.status_code == 200
        assert cartes(response) == [
            ("France services d&#x27;Angers", True),
            # Les autres gardent l'ordre des distances, sans mention (le périmètre de l'Espace d'Angers ne
            # comprend pas Écuillé).
            ("Proche de Feneu", False),
            ("Médiathèque d&#x27;Avrillé", False),
            ("Espace d&#x27;Angers", False),
        ]
        assert "viennent en premier" in response.content.decode()

    def test_code_insee_de_l_autocompletion(self, client, ecuille):
        noms = [nom for nom, _ in cartes(client.get(URL, {"commune": "49130", "ou": "Écuillé (49460)"}))]
        assert noms[0] == "France services d&#x27;Angers"

    def test_sans_commune_pas_de_mention_et_ordre_des_distances(self, client, ecuille):
        response = client.get(URL, {"lat": 47.6154, "lon": -0.5611, "rayon_km": "20"})
        resultats = cartes(response)
        assert [nom for nom, _ in resultats][:2] == ["Proche de Feneu", "Médiathèque d&#x27;Avrillé"]
        assert not any(mention for _, mention in resultats)
        assert MENTION not in response.content.decode()

    def test_une_autre_commune_ne_donne_pas_la_mention(self, client, ecuille):
        # Feneu n'est dans aucun périmètre : ordre des distances, aucune mention.
        resultats = cartes(client.get(URL, {"ou": "Feneu", "rayon_km": "20"}))
        assert resultats[0] == ("Proche de Feneu", False)
        assert not any(mention for _, mention in resultats)

    def test_dans_la_commune_seulement_ajoute_les_lieux_qui_y_interviennent(self, client, ecuille):
        resultats = cartes(client.get(URL, {"ou": "Écuillé", "rayon_km": "commune"}))
        assert resultats == [("France services d&#x27;Angers", True)]

    def test_lieu_itinerant_qui_intervient(self, client, ecuille, communes_49):
        bus = LieuFactory(itinerant=True, nom="Bus du Segréen", latitude=47.69, longitude=-0.87, published=True)
        ArretFactory(lieu=bus, latitude=47.60, longitude=-0.62, horaires="Tu 09:00-12:00")
        servir(bus, "49130")
        resultats = cartes(client.get(URL, {"ou": "Écuillé", "rayon_km": "20"}))
        # Deux lieux interviennent : entre eux, l'ordre des distances (l'arrêt du bus est à 4,5 km).
        assert resultats[:2] == [("Bus du Segréen", True), ("France services d&#x27;Angers", True)]
        assert resultats[2] == ("Proche de Feneu", False)

    def test_pas_de_lecture_de_plus_pour_le_perimetre(self, client, ecuille):
        client.get(URL, {"lat": 47.6154, "lon": -0.5611, "rayon_km": "20"})  # échauffement (caches)
        with CaptureQueriesContext(connection) as sans:
            client.get(URL, {"lat": 47.6154, "lon": -0.5611, "rayon_km": "20"})
        with CaptureQueriesContext(connection) as avec:
            client.get(URL, {"commune": "49130", "ou": "Écuillé (49460)", "rayon_km": "20"})
        # La commune se lit une fois (puis reste en mémoire) ; le périmètre est dans l'index en mémoire (décision
        # 0022) : aucune requête ne le relit.
        assert len(avec) <= len(sans) + 1
        assert sum("communes_servies" in q["sql"] for q in avec.captured_queries) == 0


class TestApi:
    def test_champ_intervient_dans_la_commune_et_ordre(self, client, ecuille):
        items = client.get(API, {"commune": "49130", "rayon_km": 20}).json()["items"]
        assert [(i["nom"], i["intervient_dans_la_commune"]) for i in items] == [
            ("France services d'Angers", True),
            ("Proche de Feneu", False),
            ("Médiathèque d'Avrillé", False),
            ("Espace d'Angers", False),
        ]

    def test_sans_commune_toujours_faux(self, client, ecuille):
        items = client.get(API, {"lat": 47.6154, "lon": -0.5611, "rayon_km": 20}).json()["items"]
        assert items and not any(i["intervient_dans_la_commune"] for i in items)
        assert items[0]["nom"] == "Proche de Feneu"

    def test_documente_dans_openapi(self, client):
        spec = client.get("/api/v1/openapi.json").json()
        schema = spec["components"]["schemas"]["LieuResultatOut"]
        assert "intervient_dans_la_commune" in schema["required"]
        assert "périmètre" in schema["properties"]["intervient_dans_la_commune"]["description"]
