"""Erreurs de l'API : une seule forme (`ErreurAPI`), en français, décrite dans le schéma OpenAPI ; documentation
servie par nos fichiers statiques."""

import json
import re
import uuid

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from maillage.comptes.enums import Role
from maillage.orientations.enums import StatutOrientation
from tests.comptes.factories import user_with_role
from tests.orientations.factories import OrientationFactory
from tests.pass_numerique.conftest import monde  # noqa: F401 (fixture)

FORME = {"message", "motif", "erreurs"}
ANGLAIS = ("Field required", "Input should", "Not Found", "Unauthorized", "Value error", "detail", "matches the given")


def _refus(response, status: int) -> dict:
    assert response.status_code == status, response.content
    data = response.json()
    assert set(data) == FORME, data
    assert not any(mot in response.content.decode() for mot in ANGLAIS), data
    return data


class TestValidation:
    def test_parametre_manquant(self, client):
        data = _refus(client.get("/api/v1/communes"), 422)
        assert data == {
            "message": "Paramètre refusé : q (est obligatoire).",
            "motif": "PARAMETRES_INVALIDES",
            "erreurs": [{"champ": "q", "message": "Est obligatoire.", "regle": "missing"}],
        }

    def test_hors_bornes(self, client):
        data = _refus(client.get("/api/v1/communes", {"q": "a", "limit": 500}), 422)
        assert data["erreurs"] == [
            {"champ": "limit", "message": "Doit être inférieur ou égal à 50.", "regle": "less_than_equal"}
        ]

    @pytest.mark.parametrize(
        "params,champ,message",
        [
            ({"lat": "nord", "lon": 0}, "lat", "Doit être un nombre (point comme séparateur décimal"),
            ({"lat": 47, "lon": 0, "rayon_km": 0}, "rayon_km", "Doit être strictement supérieur à 0."),
            ({"limit": "dix"}, "limit", "Doit être un nombre entier."),
            ({"q": "x" * 101}, "q", "Doit compter 100 caractères au plus."),
            ({"commune": "abc"}, "commune", "N'a pas le format attendu"),
            ({"accessible": "peut-être"}, "accessible", "Doit valoir true ou false."),
            ({"services": "CUISINE"}, "services", "Valeur(s) inconnue(s) : CUISINE ; valeurs possibles : "),
        ],
    )
    def test_regles_en_francais(self, client, params, champ, message):
        data = _refus(client.get("/api/v1/lieux", params), 422)
        [erreur] = data["erreurs"]
        assert erreur["champ"] == champ and erreur["message"].startswith(message), erreur
        assert data["message"].startswith(f"Paramètre refusé : {champ} (")

    def test_plusieurs_erreurs_en_une_reponse(self, client):
        data = _refus(client.get("/api/v1/lieux", {"limit": 0, "offset": -1, "commune": "abc"}), 422)
        assert [e["champ"] for e in data["erreurs"]] == ["commune", "limit", "offset"]
        assert data["message"].startswith("3 paramètres refusés : commune (")

    def test_champ_du_corps_sans_nom_de_variable(self, client):
        orientation = OrientationFactory()
        client.force_login(user_with_role(Role.MEDIATEUR, structure=orientation.structure_destinataire))
        url = f"/api/v1/orientations/{orientation.public_id}/refuser"
        data = _refus(client.post(url, "{}", content_type="application/json"), 422)
        assert data["erreurs"] == [{"champ": "motif", "message": "Est obligatoire.", "regle": "missing"}]
        data = _refus(client.post(url, "", content_type="application/json"), 422)
        assert data["erreurs"] == [{"champ": "corps de la requête", "message": "Est obligatoire.", "regle": "missing"}]

    def test_date_mal_formee(self, client):
        orientation = OrientationFactory()
        client.force_login(user_with_role(Role.MEDIATEUR, structure=orientation.structure_destinataire))
        url = f"/api/v1/orientations/{orientation.public_id}/accepter"
        data = _refus(client.post(url, json.dumps({"rendez_vous_at": "demain"}), content_type="application/json"), 422)
        assert data["erreurs"][0]["champ"] == "rendez_vous_at"
        assert "AAAA-MM-JJTHH:MM" in data["erreurs"][0]["message"]


class TestAutresRefus:
    def test_json_illisible(self, client):
        orientation = OrientationFactory()
        client.force_login(user_with_role(Role.MEDIATEUR, structure=orientation.structure_destinataire))
        url = f"/api/v1/orientations/{orientation.public_id}/refuser"
        data = _refus(client.post(url, "{motif:", content_type="application/json"), 400)
        assert data["motif"] == "REQUETE_INVALIDE" and "n'est pas un JSON valide" in data["message"]

    def test_sans_session(self, client):
        data = _refus(client.get("/api/v1/orientations/recues"), 401)
        assert data == {
            "message": "Connexion requise : ouvrez une session sur la plateforme, puis réessayez.",
            "motif": "NON_CONNECTE",
            "erreurs": [],
        }

    def test_jeton_csrf_absent(self):
        orientation = OrientationFactory()
        client = Client(enforce_csrf_checks=True)
        client.force_login(user_with_role(Role.MEDIATEUR, structure=orientation.structure_destinataire))
        url = f"/api/v1/orientations/{orientation.public_id}/accepter"
        data = _refus(client.post(url, "{}", content_type="application/json"), 403)
        assert data["motif"] == "INTERDIT" and "X-CSRFToken" in data["message"]

    def test_introuvable_sans_dire_quel_modele(self, client):
        _refus(client.get(f"/api/v1/lieux/{uuid.uuid4()}"), 404)
        client.force_login(user_with_role(Role.MEDIATEUR))
        url = f"/api/v1/orientations/{OrientationFactory().public_id}/accepter"  # une autre structure
        data = _refus(client.post(url, "{}", content_type="application/json"), 404)
        assert data == {
            "message": "Introuvable : cet objet n'existe pas, ou vous n'y avez pas accès.",
            "motif": "INTROUVABLE",
            "erreurs": [],
        }

    def test_interdit_et_refus_du_service(self, client):
        orientation = OrientationFactory()
        client.force_login(orientation.prescripteur)
        url = f"/api/v1/orientations/{orientation.public_id}/accepter"
        assert _refus(client.post(url, "{}", content_type="application/json"), 403)["motif"] == "INTERDIT"
        client.force_login(user_with_role(Role.MEDIATEUR, structure=orientation.structure_destinataire))
        refus = client.post(
            url, json.dumps({"rendez_vous_at": "2020-01-01T10:00:00"}), content_type="application/json"
        )
        data = _refus(refus, 422)
        assert data["motif"] == "ACTION_IMPOSSIBLE" and "dans le futur" in data["message"]

    def test_recherche_impossible(self, client):
        data = _refus(client.get("/api/v1/lieux", {"rayon_km": 10}), 400)
        assert data["motif"] == "RECHERCHE_IMPOSSIBLE" and "centre" in data["message"]

    def test_refus_d_encaissement(self, client, monde):  # noqa: F811
        client.force_login(monde.mediateur)
        code = monde.codes(1)[0]
        corps = {"code": code, "lieu": str(monde.lieu.public_id), "service": "atelier-collectif"}
        assert client.post("/api/v1/pass/encaissements", corps, content_type="application/json").status_code == 200
        again = client.post("/api/v1/pass/encaissements", corps, content_type="application/json")
        data = _refus(again, 409)
        assert data["motif"] == "DEJA_ENCAISSE" and data["erreurs"] == []


class TestCaracteresInterditsJusquALaBase:
    """Sans le contrôle, ces valeurs atteignaient une requête SQL (500 sur PostgreSQL)."""

    def test_service_du_pass(self, client, monde):  # noqa: F811
        client.force_login(monde.mediateur)
        corps = json.dumps({"code": monde.codes(1)[0], "lieu": str(monde.lieu.public_id), "service": "atelier\x00"})
        data = _refus(client.post("/api/v1/pass/encaissements", corps, content_type="application/json"), 422)
        assert data["erreurs"][0]["champ"] == "service" and data["erreurs"][0]["regle"] == "caractere_interdit"

    def test_precision_d_un_refus_d_orientation(self, client):
        orientation = OrientationFactory()
        client.force_login(user_with_role(Role.MEDIATEUR, structure=orientation.structure_destinataire))
        url = f"/api/v1/orientations/{orientation.public_id}/refuser"
        for precision in ("complet\x00", "complet\ud800"):
            corps = json.dumps({"motif": "AUTRE", "precision": precision})
            data = _refus(client.post(url, corps, content_type="application/json"), 422)
            assert data["erreurs"][0]["champ"] == "precision"
        orientation.refresh_from_db()
        assert orientation.statut == StatutOrientation.ENVOYEE


class TestSchemaOpenAPI:
    @pytest.fixture
    def schema(self, client):
        return client.get("/api/v1/openapi.json").json()

    def test_erreur_api_est_decrite(self, schema):
        erreur = schema["components"]["schemas"]["ErreurAPI"]
        assert set(erreur["properties"]) == FORME
        assert "ErreurAPI" in schema["info"]["description"]

    def test_chaque_refus_de_chaque_point_d_entree_a_la_forme_commune(self, schema):
        for chemin, methodes in schema["paths"].items():
            for methode, operation in methodes.items():
                reponses = operation["responses"]
                for status, reponse in reponses.items():
                    if int(status) >= 400:
                        ref = reponse["content"]["application/json"]["schema"]["$ref"]
                        assert ref.endswith("/ErreurAPI"), (methode, chemin, status)
                a_des_parametres = operation.get("parameters") or operation.get("requestBody")
                if a_des_parametres:
                    assert "422" in reponses, (methode, chemin)
                if operation.get("security"):
                    assert "401" in reponses, (methode, chemin)
                if "{" in chemin:
                    assert "404" in reponses, (methode, chemin)


def test_documentation_sans_cdn(client):
    """La page /api/v1/docs ne charge que des fichiers du site (Swagger UI du paquet django-ninja)."""
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    sources = re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', page)
    assert sources, page
    assert all(s.startswith("/static/") for s in sources), sources
    assert "https://" not in page and "http://" not in page
    for source in sources:  # les fichiers existent bien (ils viennent du paquet, app « ninja » installée)
        assert finders.find(source.removeprefix("/static/")), source
