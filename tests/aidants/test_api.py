from maillage.aidants import services
from maillage.comptes.enums import Role
from tests.comptes.factories import MembershipFactory


def _setup(gestionnaire, structure, aidant_user, charte):
    services.add_aidant(
        by=gestionnaire, structure=structure, prenom="Josiane", nom="Martin", statut="BENEVOLE",
        niveaux=["REPERER_ORIENTER"],
    )  # fmt: skip
    p = services.create_own_profil(
        user=aidant_user, structure=structure, statut="MEDIATEUR", niveaux=["AIDER_URGENCE"]
    )
    services.sign_charte(profil=p, charte=charte, by=aidant_user)
    services.set_verification_publique(profil=p, by=aidant_user, ouverte=True)


def test_coordination_gets_exact_counts(
    client, coordinateur, territoire, gestionnaire, structure, aidant_user, charte
):
    _setup(gestionnaire, structure, aidant_user, charte)
    client.force_login(coordinateur)
    data = client.get(f"/api/v1/aidants/reseau/{territoire.slug}/chiffres").json()
    assert data["masque"] is False and data["epci"][0]["total"] == 2


def test_funder_gets_masked_counts(client, territoire, gestionnaire, structure, aidant_user, charte):
    _setup(gestionnaire, structure, aidant_user, charte)
    financeur = MembershipFactory(role=Role.COMMANDITAIRE, structure=structure, territoire=territoire).user
    client.force_login(financeur)
    data = client.get(f"/api/v1/aidants/reseau/{territoire.slug}/chiffres").json()
    assert data["masque"] is True and data["epci"][0]["total"] == "< 5"


def test_other_territory_is_404_and_anonymous_401(client, territoire, gestionnaire):
    assert client.get(f"/api/v1/aidants/reseau/{territoire.slug}/chiffres").status_code == 401
    client.force_login(gestionnaire)
    response = client.get(f"/api/v1/aidants/reseau/{territoire.slug}/chiffres")
    assert response.status_code == 404 and response.json()["motif"] == "INTROUVABLE"


def test_public_verification_and_rate_limit(client, settings, gestionnaire, structure, aidant_user, charte):
    _setup(gestionnaire, structure, aidant_user, charte)
    body = {"prenom": "Mehdi", "nom": "Médiation", "structure": "Association Clic"}
    ok = client.post("/api/v1/aidants/verification", body, content_type="application/json").json()
    assert ok["signataire"] is True and ok["version"] == 1
    body["prenom"] = "Josiane"
    body["nom"] = "Martin"
    assert (
        client.post("/api/v1/aidants/verification", body, content_type="application/json").json()["signataire"]
        is False
    )
    settings.MAILLAGE_AIDANTS_VERIFICATIONS_PAR_HEURE = 2
    response = client.post("/api/v1/aidants/verification", body, content_type="application/json")
    assert response.status_code == 429 and response.json()["motif"] == "TROP_DE_REQUETES"


def test_in_openapi_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/aidants/verification" in paths and "/api/v1/aidants/reseau/{slug}/chiffres" in paths
