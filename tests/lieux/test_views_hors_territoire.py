"""Un lieu (ou une structure) d'un autre territoire ou d'une autre structure est introuvable (404), jamais
« interdit » (403) : modifier, vérifier, changer le statut, fusionner, doublons, créer ou rattacher."""

import pytest
from django.urls import reverse

from maillage.comptes.enums import Role
from maillage.lieux.enums import StatutLieu
from maillage.lieux.models import Lieu
from tests.comptes.factories import StructureFactory, TerritoireFactory, user_with_role
from tests.core.factories import CommuneFactory, DepartementFactory
from tests.lieux.factories import LieuFactory
from tests.lieux.test_views_gestion import edit_data


@pytest.fixture
def monde(communes_49):
    """Territoire A (Maine-et-Loire) : deux structures à Angers, chacune son lieu ; gestion de A, coordination."""
    angers = communes_49["49007"]
    territoire = TerritoireFactory(nom="Maine-et-Loire", slug="ml", communes=list(communes_49.values()))
    s_a, s_b = StructureFactory(commune=angers, nom="Structure A"), StructureFactory(commune=angers, nom="Structure B")
    return {
        "s_a": s_a,
        "lieu_a": LieuFactory(nom="Lieu de A", structure=s_a, commune_ref=angers, published=True),
        "lieu_b": LieuFactory(nom="Espace de B", structure=s_b, commune_ref=angers, published=True),
        "gestionnaire": user_with_role(Role.GESTIONNAIRE, structure=s_a),
        "coordination": user_with_role(Role.COORDINATEUR, structure=s_b, territoire=territoire),
    }


@pytest.fixture
def sarthe():
    """Territoire B : Le Mans, avec une structure et deux fiches du même lieu (doublon probable)."""
    le_mans = CommuneFactory(
        code_insee="72181", nom="Le Mans", codes_postaux=["72000"], departement=DepartementFactory(code="72"),
        latitude=48.0061, longitude=0.1996,
    )  # fmt: skip
    TerritoireFactory(nom="Sarthe", slug="sarthe", communes=[le_mans])
    structure = StructureFactory(commune=le_mans, nom="Structure du Mans")
    common = {"commune": "Le Mans", "code_postal": "72000", "code_insee": "72181", "commune_ref": le_mans,
              "latitude": 48.0061, "longitude": 0.1996, "published": True}  # fmt: skip
    return {
        "structure": structure,
        "lieu": LieuFactory(nom="Maison du Mans", adresse="1 place Saint-Pierre", structure=structure, **common),
        "doublon": LieuFactory(nom="Maison du Mans", adresse="1 place Saint-Pierre", **common),
    }


class TestCoordinationDUnAutreTerritoire:
    def test_modifier_verifier_statut_404(self, client, monde, sarthe):
        lieu = sarthe["lieu"]
        client.force_login(monde["coordination"])
        assert client.get(reverse("lieux:modifier", args=[lieu.public_id])).status_code == 404
        assert client.post(reverse("lieux:modifier", args=[lieu.public_id]), edit_data(lieu)).status_code == 404
        assert client.post(reverse("lieux:verifier", args=[lieu.public_id])).status_code == 404
        response = client.post(reverse("lieux:statut", args=[lieu.public_id]), {"statut": StatutLieu.FERME})
        assert response.status_code == 404
        lieu.refresh_from_db()
        assert lieu.statut == StatutLieu.PUBLIE and lieu.verified_at is None and not lieu.historique.exists()

    @pytest.mark.parametrize("method", ["get", "post"])
    def test_fusionner_avec_un_lieu_d_ailleurs_404(self, client, monde, sarthe, method):
        client.force_login(monde["coordination"])
        url = reverse("lieux:fusionner")
        for garder, retirer in [(monde["lieu_a"], sarthe["lieu"]), (sarthe["lieu"], sarthe["doublon"])]:
            response = getattr(client, method)(url, {"garder": garder.public_id, "retirer": retirer.public_id})
            assert response.status_code == 404
        assert Lieu.objects.filter(statut=StatutLieu.FERME).count() == 0

    def test_doublons_d_un_autre_territoire_absents_de_la_liste(self, client, monde, sarthe):
        client.force_login(monde["coordination"])
        html = client.get(reverse("lieux:gestion"), {"filtre": "doublons"}).content.decode()
        assert "Maison du Mans" not in html and str(sarthe["doublon"].public_id) not in html

    def test_creer_pour_une_structure_d_ailleurs_refuse_sans_403(self, client, monde, sarthe):
        client.force_login(monde["coordination"])
        data = edit_data(LieuFactory.build(structure=sarthe["structure"]), nom="Pirate", latitude="", longitude="")
        response = client.post(reverse("lieux:creer"), data)
        assert response.status_code == 400  # la structure n'est pas dans la liste proposée
        assert not Lieu.objects.filter(nom="Pirate").exists()

    def test_rattacher_a_une_structure_d_ailleurs_refuse_sans_403(self, client, monde, sarthe):
        lieu = monde["lieu_a"]
        client.force_login(monde["coordination"])
        response = client.post(
            reverse("lieux:modifier", args=[lieu.public_id]), edit_data(lieu, structure=sarthe["structure"].pk)
        )
        assert response.status_code == 400
        lieu.refresh_from_db()
        assert lieu.structure == monde["s_a"]


class TestGestionnaireDUneAutreStructure:
    def test_statut_et_verifier_du_lieu_d_une_autre_structure_404(self, client, monde):
        client.force_login(monde["gestionnaire"])  # gestionnaire de A, le lieu est de B (même commune)
        lieu = monde["lieu_b"]
        assert client.post(reverse("lieux:statut", args=[lieu.public_id]), {"statut": "FERME"}).status_code == 404
        assert client.post(reverse("lieux:verifier", args=[lieu.public_id])).status_code == 404
        lieu.refresh_from_db()
        assert lieu.statut == StatutLieu.PUBLIE


class TestFusionAvecSoiMeme:
    def test_message_clair_et_pas_de_403(self, client, monde):
        """Avant : 403 « Vous ne pouvez pas fusionner ces deux lieux »."""
        client.force_login(monde["coordination"])
        lieu = monde["lieu_a"]
        response = client.post(
            reverse("lieux:fusionner"), {"garder": lieu.public_id, "retirer": lieu.public_id}, follow=True
        )
        assert response.status_code == 200
        assert "un lieu ne se fusionne pas avec lui-même" in response.content.decode()
        lieu.refresh_from_db()
        assert lieu.statut == StatutLieu.PUBLIE


def test_coordination_d_un_autre_territoire_sans_role_de_gestion(client, sarthe, communes_49):
    """Une coordination qui n'a que la Sarthe ne voit pas les lieux d'Angers (404)."""
    user = user_with_role(Role.COORDINATEUR, structure=sarthe["structure"])
    lieu = LieuFactory(commune_ref=communes_49["49007"], published=True)
    client.force_login(user)
    assert client.get(reverse("lieux:modifier", args=[lieu.public_id])).status_code == 404
