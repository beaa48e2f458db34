"""L'aide à distance dans la recherche (issue 16, décision 0022) : les lieux qui accompagnent par téléphone ou en
visio et dont la zone comprend la commune de la personne s'ajoutent aux lieux du rayon, marqués « à distance » et
rangés comme s'ils étaient à 10 km ; même règle dans l'API, la page et les suggestions d'orientation."""

import pytest

from maillage.annuaire.enums import ZoneADistance
from maillage.annuaire.models import PerimetreLieu
from maillage.comptes.models import Territoire
from maillage.core.models import Commune, Departement
from maillage.lieux.enums import ModaliteAccompagnement, Service
from maillage.lieux.selectors import search_lieux
from maillage.lieux.selectors.autour import DISTANCE_EQUIVALENTE_KM
from tests.lieux.factories import LieuFactory

API = "/api/v1/lieux"
URL = "/lieux/"
DISTANCE = [ModaliteAccompagnement.INDIVIDUEL, ModaliteAccompagnement.A_DISTANCE]


@pytest.fixture
def territoire(communes_49):
    """Autour d'Écuillé (49) : un lieu à ~5 km, un à ~15 km, une hotline de Saumur (49, ~70 km) qui aide à distance,
    une hotline du Mans (72) qui aide à distance, un lieu de Saumur sur place seulement."""
    Departement.objects.get_or_create(code="72", defaults={"nom": "Sarthe", "region_id": "52"})
    le_mans = Commune.objects.create(code_insee="72181", nom="Le Mans", departement_id="72", latitude=48.0077,
                                     longitude=0.1984, population=145_000)  # fmt: skip
    saumur = communes_49["49328"]
    LieuFactory(nom="Proche", latitude=47.5847, longitude=-0.6009, published=True)  # Feneu, ~5 km
    LieuFactory(nom="Moyen", latitude=47.4712, longitude=-0.5518, published=True)  # Angers, ~16 km
    LieuFactory(nom="Hotline de Saumur", code_insee="49328", latitude=saumur.latitude, longitude=saumur.longitude,
                modalites_accompagnement=DISTANCE, published=True)  # fmt: skip
    LieuFactory(nom="Hotline du Mans", code_insee="72181", latitude=le_mans.latitude, longitude=le_mans.longitude,
                modalites_accompagnement=DISTANCE, published=True)  # fmt: skip
    LieuFactory(nom="Sur place à Saumur", code_insee="49328", latitude=saumur.latitude, longitude=saumur.longitude,
                published=True)  # fmt: skip
    return {"ecuille": communes_49["49130"], "le_mans": le_mans}


def noms(data) -> list[tuple[str, bool]]:
    return [(it["nom"], it["a_distance"]) for it in data["items"]]


class TestApi:
    def test_l_aide_a_distance_du_departement_s_ajoute_rangee_comme_a_10_km(self, client, territoire):
        data = client.get(API, {"commune": "49130", "rayon_km": 20}).json()
        assert noms(data) == [("Proche", False), ("Hotline de Saumur", True), ("Moyen", False)]
        assert data["total"] == 3
        hotline = data["items"][1]
        # Sa vraie distance reste donnée (pour qui voudrait s'y rendre) ; le rang suit la règle documentée.
        assert hotline["distance_km"] > 50
        assert data["items"][0]["distance_km"] < DISTANCE_EQUIVALENTE_KM < data["items"][2]["distance_km"]

    def test_a_distance_false_ne_garde_que_les_lieux_ou_l_on_se_rend(self, client, territoire):
        data = client.get(API, {"commune": "49130", "rayon_km": 20, "a_distance": "false"}).json()
        assert noms(data) == [("Proche", False), ("Moyen", False)]

    def test_un_lieu_d_un_autre_departement_sans_perimetre_ne_s_ajoute_pas(self, client, territoire):
        data = client.get(API, {"commune": "49130", "rayon_km": 20}).json()
        assert "Hotline du Mans" not in [n for n, _ in noms(data)]

    def test_le_perimetre_declare_prime_sur_le_departement(self, client, territoire):
        le_mans = LieuFactory._meta.model.objects.get(nom="Hotline du Mans")
        saumur = LieuFactory._meta.model.objects.get(nom="Hotline de Saumur")
        PerimetreLieu.objects.create(lieu=le_mans).communes_servies.set(["49130"])
        PerimetreLieu.objects.create(lieu=saumur).communes_servies.set(["49328"])  # Saumur seulement
        data = client.get(API, {"commune": "49130", "rayon_km": 20}).json()
        # La hotline du Mans intervient à Écuillé (périmètre) : en tête, « à distance » ; celle de Saumur n'y
        # intervient plus.
        assert noms(data) == [("Hotline du Mans", True), ("Proche", False), ("Moyen", False)]
        assert data["items"][0]["intervient_dans_la_commune"] is True

    def test_les_filtres_s_appliquent_aussi_a_l_aide_a_distance(self, client, territoire):
        data = client.get(API, {"commune": "49130", "rayon_km": 20, "services": Service.ACCES_MATERIEL}).json()
        assert data["total"] == 0

    def test_avec_une_position_la_commune_la_plus_proche_sert_de_commune_de_la_personne(self, client, territoire):
        ecuille = territoire["ecuille"]
        data = client.get(API, {"lat": ecuille.latitude, "lon": ecuille.longitude, "rayon_km": 20}).json()
        assert ("Hotline de Saumur", True) in noms(data)

    def test_sans_rayon_ni_commune_rien_ne_s_ajoute(self, territoire):
        ecuille = territoire["ecuille"]
        result = search_lieux(lat=ecuille.latitude, lon=ecuille.longitude)
        assert result.total == 5 and not any(r.a_distance for r in result.items)

    def test_le_schema_openapi_documente_le_parametre_et_le_champ(self, client):
        schema = client.get("/api/v1/openapi.json").json()
        params = {p["name"]: p for p in schema["paths"]["/api/v1/lieux"]["get"]["parameters"]}
        assert "à distance" in params["a_distance"]["description"]
        assert "a_distance" in schema["components"]["schemas"]["LieuResultatOut"]["properties"]

    def test_la_reponse_suit_le_schema_declare(self, client, territoire):
        from maillage.lieux.api import LieuPage

        data = client.get(API, {"commune": "49130", "rayon_km": 20}).json()
        assert LieuPage.model_validate(data).model_dump(mode="json") == data


class TestPage:
    def test_la_carte_dit_a_distance_et_la_case_sur_place_les_retire(self, client, territoire):
        html = client.get(URL, {"ou": "Écuillé", "rayon_km": "20"}).content.decode()
        assert "Hotline de Saumur" in html and "Aide à distance" in html and ">À distance<" in html
        html = client.get(URL, {"ou": "Écuillé", "rayon_km": "20", "sur_place": "on"}).content.decode()
        assert "Hotline de Saumur" not in html and "Aide à distance" not in html


class TestOrientation:
    def test_les_suggestions_proposent_l_aide_a_distance_de_la_commune_de_la_personne(self, territoire):
        from maillage.orientations.selectors import suggest_lieux
        from tests.comptes.factories import StructureFactory

        hotline = LieuFactory._meta.model.objects.get(nom="Hotline de Saumur")
        hotline.structure = StructureFactory()
        hotline.save()
        ecuille = territoire["ecuille"]
        suggestions = suggest_lieux(besoins=[], lat=ecuille.latitude, lon=ecuille.longitude, commune="49130")
        hotline = next(s for s in suggestions if s.lieu.nom == "Hotline de Saumur")
        assert hotline.a_distance
        sur_place = suggest_lieux(besoins=[], lat=ecuille.latitude, lon=ecuille.longitude, commune="49130",
                                  a_distance=False)  # fmt: skip
        assert "Hotline de Saumur" not in [s.lieu.nom for s in sur_place]


class TestZoneDeclaree:
    """L'annuaire déclare pour qui un lieu aide à distance : tout un territoire, ou toute la France (issue 16 :
    « ou le territoire entier, ou la France quand ses données le disent »)."""

    @pytest.fixture
    def hotline_du_mans(self, territoire):
        return LieuFactory._meta.model.objects.get(nom="Hotline du Mans")

    def test_toute_la_france(self, client, territoire, hotline_du_mans):
        PerimetreLieu.objects.create(lieu=hotline_du_mans, zone_a_distance=ZoneADistance.FRANCE)
        data = client.get(API, {"commune": "49130", "rayon_km": 20}).json()
        # Ajoutée comme toute aide à distance (rang de 10 km), sans « intervient dans la commune ».
        assert ("Hotline du Mans", True) in noms(data)
        item = next(it for it in data["items"] if it["nom"] == "Hotline du Mans")
        assert item["intervient_dans_la_commune"] is False and item["distance_km"] > 50

    def test_tout_un_territoire_et_seulement_lui(self, client, territoire, hotline_du_mans, communes_49):
        hub = Territoire.objects.create(nom="Hub test", slug="hub-test")
        hub.communes.set(["72181", "49130"])  # Le Mans et Écuillé, pas Saumur
        PerimetreLieu.objects.create(lieu=hotline_du_mans, zone_a_distance=ZoneADistance.TERRITOIRE,
                                     territoire_a_distance=hub)  # fmt: skip
        assert ("Hotline du Mans", True) in noms(client.get(API, {"commune": "49130", "rayon_km": 20}).json())
        assert "Hotline du Mans" not in [n for n, _ in noms(client.get(API, {"commune": "49328",
                                                                             "rayon_km": 20}).json())]  # fmt: skip
        # Une commune ajoutée au territoire change le jeton de version : la recherche suivante la voit.
        hub.communes.add("49328")
        assert ("Hotline du Mans", True) in noms(client.get(API, {"commune": "49328", "rayon_km": 20}).json())

    def test_un_lieu_qui_n_aide_pas_a_distance_ne_s_ajoute_pas(self, client, territoire):
        sur_place = LieuFactory._meta.model.objects.get(nom="Sur place à Saumur")
        PerimetreLieu.objects.create(lieu=sur_place, zone_a_distance=ZoneADistance.FRANCE)
        assert "Sur place à Saumur" not in [n for n, _ in noms(client.get(API, {"commune": "49130",
                                                                               "rayon_km": 20}).json())]  # fmt: skip

    def test_le_territoire_n_est_donne_que_pour_la_zone_territoire(self, territoire, hotline_du_mans):
        from django.db import IntegrityError, transaction

        with pytest.raises(IntegrityError), transaction.atomic():
            PerimetreLieu.objects.create(lieu=hotline_du_mans, zone_a_distance=ZoneADistance.TERRITOIRE)

    def test_l_export_data_inclusion_dit_france(self, territoire, hotline_du_mans):
        import json

        from maillage.lieux.exporters import stream_data_inclusion

        PerimetreLieu.objects.create(lieu=hotline_du_mans, zone_a_distance=ZoneADistance.FRANCE)
        services = json.loads("".join(stream_data_inclusion()))["services"]
        zones = sorted(tuple(s["zone_eligibilite"]) for s in services)
        assert ("france",) in zones and ("49",) in zones

    def test_les_valeurs_lues_par_l_index_sont_celles_de_l_annuaire(self):
        from maillage.lieux.selectors import index

        assert (index.ZONE_TERRITOIRE, index.ZONE_FRANCE) == (ZoneADistance.TERRITOIRE, ZoneADistance.FRANCE)


@pytest.mark.parametrize("ecriture", ["perimetre_cree", "communes_servies_ajoutees", "communes_du_territoire"])
def test_chaque_ecriture_lue_par_la_recherche_change_le_jeton(territoire, ecriture):
    """Y compris l'ajout à une relation plusieurs-à-plusieurs, que Django écrit en INSERT OR IGNORE sur SQLite :
    la règle de conflit de l'instruction ne doit pas empêcher le déclencheur d'écrire le jeton."""
    from maillage.lieux.selectors.index import jeton_en_base

    hotline = LieuFactory._meta.model.objects.get(nom="Hotline du Mans")
    hub = Territoire.objects.create(nom="Hub test", slug="hub-test")
    perimetre = None if ecriture == "perimetre_cree" else PerimetreLieu.objects.create(lieu=hotline)
    avant = jeton_en_base()
    if ecriture == "perimetre_cree":
        PerimetreLieu.objects.create(lieu=hotline, zone_a_distance=ZoneADistance.FRANCE)
    elif ecriture == "communes_servies_ajoutees":
        perimetre.communes_servies.add("49130")
    else:
        hub.communes.add("49130")
    assert jeton_en_base() != avant
