"""« N aidants labellisés ici » sur la page publique d'un lieu : seulement les aidants qui l'acceptent (vérification
publique), jamais un nombre sous 5 (une phrase sans chiffre), rien pour un label échu ou retiré, jamais de nom."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.label import selectors
from maillage.label.enums import StatutDemande
from maillage.label.models import DemandeLabel
from tests.aidants.factories import ProfilAidantFactory, RattachementFactory
from tests.comptes.factories import StructureFactory
from tests.lieux.factories import LieuFactory

MENTION = "labellisées Tous aidants vous reçoivent ici"
AUJOURDHUI = timezone.localdate()


def labellise(structure, territoire, *, statut=StatutDemande.ACCORDE, expire_le=None, rattache=True, **champs):
    """Un aidant qui compte en public (majeur, vérification acceptée, rattaché, label accordé et non échu), sauf ce
    que les arguments changent. La demande est écrite directement : ce test lit, les décisions ont leurs tests."""
    valeurs = {"prenom": "Lina", "nom": "Labellisée", "verification_publique": True, "annee_naissance": 1980, **champs}
    profil = ProfilAidantFactory(**valeurs)
    if rattache:
        RattachementFactory(profil=profil, structure=structure)
    DemandeLabel.objects.create(
        profil=profil, territoire=territoire, niveau="REPERER_ORIENTER", statut=statut, accorde_le=AUJOURDHUI,
        expire_le=expire_le or AUJOURDHUI + datetime.timedelta(days=300),
    )  # fmt: skip
    return profil


@pytest.fixture
def lieu(structure):
    return LieuFactory(published=True, structure=structure, nom="Espace Clic")


def page_du_lieu(client, lieu) -> str:
    response = client.get(reverse("lieux:detail", args=[lieu.public_id]))
    assert response.status_code == 200
    return response.content.decode()


class TestPageDuLieu:
    def test_under_five_a_sentence_without_number_nor_name(self, client, lieu, structure, territoire):
        for _ in range(4):
            labellise(structure, territoire)
        page = page_du_lieu(client, lieu)
        assert f"Une ou plusieurs personnes {MENTION}" in page
        assert 'id="label-du-lieu"' in page and "4 aidants" not in page
        assert "Labellisée" not in page and "Lina" not in page

    def test_five_and_more_the_number_shows(self, client, lieu, structure, territoire):
        for _ in range(5):
            labellise(structure, territoire)
        labellise(structure, territoire, verification_publique=False)  # ne compte pas
        assert "5 aidants et aidantes labellisés Tous aidants vous reçoivent ici" in page_du_lieu(client, lieu)

    @pytest.mark.parametrize(
        "champs",
        [
            pytest.param({"verification_publique": False}, id="sans-accord-de-verification-publique"),
            pytest.param({"mineur": True, "annee_naissance": None}, id="mineur"),
            pytest.param({"archived_at": timezone.now()}, id="archive"),
            pytest.param({"statut": StatutDemande.RETIRE}, id="label-retire"),
            pytest.param({"statut": StatutDemande.EN_COURS}, id="demande-en-cours"),
            pytest.param({"expire_le": AUJOURDHUI - datetime.timedelta(days=1)}, id="label-echu-avant-le-cron"),
            pytest.param({"rattache": False}, id="rattache-ailleurs"),
        ],
    )
    def test_outside_the_public_rule_no_mention(self, client, lieu, structure, territoire, champs):
        if champs.get("rattache") is False:
            RattachementFactory(profil=labellise(structure, territoire, **champs), structure=StructureFactory())
        else:
            labellise(structure, territoire, **champs)
        assert "Tous aidants" not in page_du_lieu(client, lieu)

    def test_label_of_another_territory_does_not_count(self, client, lieu, structure):
        from tests.comptes.factories import TerritoireFactory

        labellise(structure, TerritoireFactory(nom="Ailleurs", slug="ailleurs"))
        assert "Tous aidants" not in page_du_lieu(client, lieu)

    def test_place_without_structure_no_mention(self, client):
        assert "Tous aidants" not in page_du_lieu(client, LieuFactory(published=True))
        assert selectors.nombre_labellises_publics(None) == 0

    def test_one_query(self, lieu, structure, territoire, django_assert_num_queries):
        for _ in range(6):
            labellise(structure, territoire)
        with django_assert_num_queries(1):
            assert selectors.nombre_labellises_publics(structure.pk) == 6
