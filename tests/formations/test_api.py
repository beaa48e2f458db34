"""API publique des sessions de formation : sans compte, aucune donnée personnelle, filtres par compétence, thème
et département, limite, erreurs en français (forme `ErreurAPI`), documentée dans OpenAPI."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from maillage.formations import services
from maillage.formations.models import Session
from tests.formations.conftest import aidant_de, make_session

pytestmark = pytest.mark.django_db
URL = "/api/v1/formations/sessions"


@pytest.fixture
def autre_formation(territoire, coordinateur, formation):
    return services.create_formation(
        territoire=territoire, by=coordinateur, titre="Animer un atelier", theme="ANIMATION",
        structure_formatrice=formation.structure_formatrice, duree_heures=Decimal("2"), format="DISTANCE",
        competences=["3.1"],
    )  # fmt: skip


def test_sessions_a_venir_sans_compte_et_sans_donnee_personnelle(client, session, structure, aidante_user, sans_42):
    services.register(session=session, profil=sans_42, by=aidante_user)
    passee = make_session(session.formation, session.formation.territoire.memberships.first().user, jours=3)
    Session.objects.filter(pk=passee.pk).update(debut=timezone.now() - timedelta(days=1),
                                                fin=timezone.now() - timedelta(hours=20))  # fmt: skip
    r = client.get(URL)
    assert r.status_code == 200
    data = r.json()
    assert data["count"] == 1 and data["limit"] == 20
    [s] = data["results"]
    assert s["id"] == str(session.public_id) and s["formation"] == "Protéger les données des personnes"
    assert s["theme"] == "DONNEES_SECURITE" and s["theme_libelle"] == "Données personnelles et sécurité"
    assert s["competences"] == ["4.1", "4.2"] and s["capacite"] == 10 and s["places_restantes"] == 9
    assert s["lieu"] == "Médiathèque, 2 rue du Lac" and s["commune"]["code_insee"] == structure.commune_id
    assert s["url"].endswith(f"/formations/sessions/{session.public_id}/")
    texte = r.content.decode()
    assert sans_42.nom not in texte and aidante_user.email not in texte and "inscri" not in texte


def test_session_a_distance_ne_montre_pas_le_lien(client, autre_formation, coordinateur):
    make_session(autre_formation, coordinateur, a_distance=True, lieu="https://visio.exemple.fr/secret")
    [s] = client.get(URL, {"theme": "ANIMATION"}).json()["results"]
    assert s["a_distance"] is True and s["lieu"] is None and "secret" not in str(s)


def test_filtres_competence_theme_departement_et_limite(client, session, autre_formation, coordinateur, structure):
    make_session(autre_formation, coordinateur, jours=10)
    make_session(autre_formation, coordinateur, jours=12)

    def titres(**params):
        return [s["formation"] for s in client.get(URL, params).json()["results"]]

    assert titres(competence="4.2") == ["Protéger les données des personnes"]
    assert titres(competence="3.1") == ["Animer un atelier"] * 2
    assert titres(competence="5.1") == []
    assert titres(theme="ANIMATION", competence="4.2") == []
    dep = structure.commune.departement_id
    assert len(titres(departement=dep)) == 3
    assert titres(departement="2A" if dep != "2A" else "75") == []
    data = client.get(URL, {"limit": 2}).json()
    assert data["count"] == 3 and len(data["results"]) == 2
    assert [s["debut"] for s in data["results"]] == sorted(s["debut"] for s in data["results"])
    assert client.get(URL, {"limit": 2, "offset": 2}).json()["results"][0]["formation"] == "Animer un atelier"
    assert len(titres(theme="")) == 3  # paramètre vide : pas de filtre


def test_places_restantes_et_nombre_de_requetes(client, session, structure, gestionnaire, django_assert_num_queries):
    for prenom in ("Ana", "Bea"):
        _, profil = aidant_de(structure, prenom)
        services.register(session=session, profil=profil, by=gestionnaire)
    with django_assert_num_queries(5):  # sessions, places prises, total (+ le point de reprise de la requête)
        [s] = client.get(URL).json()["results"]
    assert s["places_restantes"] == 8


@pytest.mark.parametrize(
    ("params", "champ", "extrait"),
    [
        ({"limit": 500}, "limit", "inférieur ou égal à 100"),
        ({"limit": "beaucoup"}, "limit", "nombre entier"),
        ({"competence": "9.9"}, "competence", "l'une de ces valeurs"),
        ({"theme": "CUISINE"}, "theme", "l'une de ces valeurs"),
        ({"departement": "Maine-et-Loire"}, "departement", "format attendu"),
    ],
)
def test_parametres_refuses_en_francais(client, params, champ, extrait):
    r = client.get(URL, params)
    assert r.status_code == 422
    data = r.json()
    assert data["motif"] == "PARAMETRES_INVALIDES" and data["erreurs"][0]["champ"] == champ
    assert extrait in data["message"]


def test_documentee_dans_openapi(client):
    schema = client.get("/api/v1/openapi.json").json()
    op = schema["paths"]["/api/v1/formations/sessions"]["get"]
    assert op["tags"] == ["formations"] and not op.get("security")
    assert {p["name"] for p in op["parameters"]} >= {"competence", "theme", "departement", "limit", "offset"}
    assert "422" in op["responses"] and "ErreurAPI" in str(op["responses"]["422"])
