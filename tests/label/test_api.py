"""API de la carte des compétences : mêmes prédicats que la page (coordination exacte, financeurs masqués, autre
territoire 404), figures d'équité, communes d'un EPCI, schéma OpenAPI."""

from maillage.comptes.enums import Role
from tests.comptes.factories import MembershipFactory
from tests.label.conftest import ALPHA

URL = "/api/v1/label/carte/equite"


def test_coordination_gets_exact_figures(client, carte_territoire, coordinateur_de):
    client.force_login(coordinateur_de(carte_territoire))
    data = client.get(URL).json()
    alpha = next(z for z in data["zones"] if z["code"] == ALPHA)
    assert data["masque"] is False and alpha["total"] == 10 and alpha["labellises_pour_10000"] == 5.0
    assert alpha["niveaux"]["REPERER_ORIENTER"] == {"atteint": 7, "part": 70.0}
    reperer = next(f for f in data["equite"] if f["niveau"] == "REPERER_ORIENTER")
    assert (reperer["minimum"], reperer["mediane"], reperer["maximum"], reperer["rapport"]) == (
        70.0,
        85.0,
        100.0,
        1.43,
    )


def test_funder_gets_masked_figures(client, carte_territoire, coordinateur_de):
    client.force_login(coordinateur_de(carte_territoire, Role.COMMANDITAIRE))
    data = client.get(URL).json()
    alpha = next(z for z in data["zones"] if z["code"] == ALPHA)
    assert data["masque"] is True and alpha["labellises"] == "< 5" and alpha["labellises_pour_10000"] is None
    assert alpha["niveaux"]["REPERER_ORIENTER"]["part"] is None


def test_communes_of_an_epci(client, carte_territoire, coordinateur_de):
    client.force_login(coordinateur_de(carte_territoire))
    data = client.get(URL, {"epci": ALPHA}).json()
    assert data["epci"] == ALPHA and [z["nom"] for z in data["zones"]] == ["Ahun", "Aubusson"]
    r = client.get(URL, {"epci": "999999999"})
    assert r.status_code == 404 and r.json()["motif"] == "INTROUVABLE"
    r = client.get(URL, {"epci": "abc"})
    assert r.status_code == 422 and r.json()["erreurs"][0]["champ"] == "epci"


def test_anonymous_401_other_territory_and_aidant_404(client, carte_territoire, structure):
    assert client.get(URL).status_code == 401
    client.force_login(MembershipFactory(role=Role.COORDINATEUR).user)
    r = client.get(URL)
    assert r.status_code == 404 and r.json()["motif"] == "INTROUVABLE"
    client.force_login(MembershipFactory(role=Role.MEDIATEUR, structure=structure).user)
    assert client.get(URL).status_code == 404
    assert client.get("/api/v1/label/carte/inconnu").json()["motif"] == "INTROUVABLE"


def test_in_openapi_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/label/carte/{slug}" in paths
