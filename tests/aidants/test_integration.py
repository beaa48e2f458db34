"""Les aidants dans les autres apps : « habilités Aidants Connect » sur la page d'un lieu et comme filtre des lieux
proposés à une orientation ; chiffres par EPCI sur le tableau de bord d'un territoire."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maillage.aidants import selectors, services
from maillage.aidants.enums import MoyenSignature
from maillage.aidants.models import ProfilAidant
from maillage.comptes.enums import Role
from maillage.lieux.enums import Service
from maillage.orientations.enums import Besoin
from tests.aidants.factories import CharteFactory, ProfilAidantFactory, RattachementFactory
from tests.comptes.factories import MembershipFactory, StructureFactory, TerritoireFactory, user_with_role
from tests.lieux.factories import LieuFactory

MENTION = "habilitées Aidants Connect vous reçoivent ici"
ANNEE = timezone.localdate().year


def aidant_public(structure, gestionnaire, charte, *, signer=True, **champs) -> ProfilAidant:
    """Un aidant qui compte en public (habilité, majeur, vérification acceptée, charte signée sur papier), sauf ce
    que `champs` change."""
    valeurs = {"prenom": "Mehdi", "nom": "Habilité", "aidants_connect": True, "verification_publique": True,
               "annee_naissance": 1980, **champs}  # fmt: skip
    profil = ProfilAidantFactory(**valeurs)
    RattachementFactory(profil=profil, structure=structure)
    if signer:
        services.sign_charte(profil=profil, charte=charte, by=gestionnaire, moyen=MoyenSignature.PAPIER)
    return profil


@pytest.fixture
def lieu(structure):
    return LieuFactory(published=True, structure=structure, nom="Espace Clic")


def page_du_lieu(client, lieu) -> str:
    response = client.get(reverse("lieux:detail", args=[lieu.public_id]))
    assert response.status_code == 200
    return response.content.decode()


class TestPageDuLieu:
    def test_un_aidant_public_donne_la_mention_sans_nom_ni_petit_nombre(
        self, client, lieu, structure, gestionnaire, charte
    ):
        aidant_public(structure, gestionnaire, charte)
        page = page_du_lieu(client, lieu)
        assert f"Une ou plusieurs personnes {MENTION}" in page
        assert "Habilité" not in page and "Mehdi" not in page

    def test_cinq_aidants_et_plus_le_nombre_se_montre(self, client, lieu, structure, gestionnaire, charte):
        for _ in range(5):
            aidant_public(structure, gestionnaire, charte)
        assert "5 aidants et aidantes habilités Aidants Connect vous reçoivent ici" in page_du_lieu(client, lieu)

    @pytest.mark.parametrize(
        "champs",
        [
            pytest.param({"mineur": True, "annee_naissance": None}, id="case-16-17-ans"),
            pytest.param({"annee_naissance": ANNEE - 17}, id="annee-qui-peut-donner-17-ans"),
            pytest.param({"verification_publique": False}, id="sans-accord-de-verification-publique"),
            pytest.param({"aidants_connect": False}, id="non-habilite"),
            pytest.param({"signer": False}, id="charte-non-signee"),
        ],
    )
    def test_un_aidant_hors_de_la_regle_publique_ne_donne_aucune_mention(
        self, client, lieu, structure, gestionnaire, charte, champs
    ):
        aidant_public(structure, gestionnaire, charte, **champs)
        page = page_du_lieu(client, lieu)
        assert "Aidants Connect" not in page

    def test_archive_detache_ou_signature_retiree_ne_compte_plus(
        self, client, lieu, structure, gestionnaire, charte, territoire
    ):
        archive, detache, retire = (aidant_public(structure, gestionnaire, charte) for _ in range(3))
        assert f"Une ou plusieurs personnes {MENTION}" in page_du_lieu(client, lieu)
        services.archive_profil(profil=archive, by=gestionnaire)
        services.detach_rattachement(rattachement=detache.rattachements.get(), by=gestionnaire)
        services.withdraw_signature(profil=retire, territoire=territoire, by=gestionnaire)
        assert "Aidants Connect" not in page_du_lieu(client, lieu)

    def test_signature_d_un_autre_territoire_ne_compte_pas(self, client, lieu, structure, gestionnaire, charte):
        ailleurs = StructureFactory()
        charte_ailleurs = CharteFactory(territoire=TerritoireFactory(communes=[ailleurs.commune]), publiee=True)
        gestion_ailleurs = MembershipFactory(role=Role.GESTIONNAIRE, structure=ailleurs).user
        profil = aidant_public(ailleurs, gestion_ailleurs, charte_ailleurs)
        RattachementFactory(profil=profil, structure=structure)  # rattaché ici, mais signé seulement là-bas
        assert "Aidants Connect" not in page_du_lieu(client, lieu)

    def test_nouvelle_version_la_signature_compte_pendant_le_delai_puis_plus(
        self, client, lieu, structure, gestionnaire, charte, territoire, coordinateur
    ):
        aidant_public(structure, gestionnaire, charte)
        services.set_delai_resignature(territoire=territoire, by=coordinateur, jours=30)
        v2 = services.create_brouillon(territoire=territoire, by=coordinateur, depuis=charte)
        services.publish_charte(charte=v2, by=coordinateur)
        assert MENTION in page_du_lieu(client, lieu)  # ancienne version, encore valable
        with time_machine.travel(timezone.now() + timedelta(days=29)):
            assert MENTION in page_du_lieu(client, lieu)
        with time_machine.travel(timezone.now() + timedelta(days=31)):
            assert "Aidants Connect" not in page_du_lieu(client, lieu)  # « à re-signer »

    def test_lieu_sans_structure_aucune_mention(self, client):
        lieu = LieuFactory(published=True)
        assert "Aidants Connect" not in page_du_lieu(client, lieu)
        assert selectors.nombre_aidants_connect_publics(None) == 0

    def test_la_mention_coute_une_requete_quel_que_soit_le_nombre_d_aidants(
        self, client, lieu, structure, gestionnaire, charte, django_assert_num_queries
    ):
        url = reverse("lieux:detail", args=[lieu.public_id])
        url_sans_structure = reverse("lieux:detail", args=[LieuFactory(published=True).public_id])
        client.get(url_sans_structure)  # premiers appels : caches de processus remplis hors de la mesure
        with CaptureQueriesContext(connection) as sans_structure:
            client.get(url_sans_structure)
        aidant_public(structure, gestionnaire, charte)
        with django_assert_num_queries(
            len(sans_structure.captured_queries) + 2
        ):  # + 2 : aidants Aidants Connect et aidants labellisés
            client.get(url)
        for _ in range(6):
            aidant_public(structure, gestionnaire, charte)
        with django_assert_num_queries(len(sans_structure.captured_queries) + 2):
            page = client.get(url).content.decode()
        assert "7 aidants et aidantes habilités Aidants Connect vous reçoivent ici" in page


class TestFiltreDesOrientations:
    @pytest.fixture
    def prescripteur(self, client):
        user = user_with_role(Role.PRESCRIPTEUR)
        client.force_login(user)
        return user

    def _lieux(self, structure, gestionnaire, charte):
        avec = LieuFactory(published=True, structure=structure, nom="Lieu avec habilités",
                           services=[Service.AIDE_DEMARCHES])  # fmt: skip
        aidant_public(structure, gestionnaire, charte)
        sans = LieuFactory(published=True, structure=StructureFactory(), nom="Lieu sans habilités",
                           services=[Service.AIDE_DEMARCHES])  # fmt: skip
        # Une structure dont la seule personne habilitée est mineure : exclue comme de la page publique.
        mineure = StructureFactory(commune=structure.commune)
        gestion_mineure = MembershipFactory(role=Role.GESTIONNAIRE, structure=mineure).user
        aidant_public(mineure, gestion_mineure, charte, mineur=True, annee_naissance=None)
        LieuFactory(published=True, structure=mineure, nom="Lieu avec une mineure", services=[Service.AIDE_DEMARCHES])
        return avec, sans

    def test_la_case_ne_garde_que_les_lieux_avec_des_aidants_habilites(
        self, client, prescripteur, structure, gestionnaire, charte
    ):
        self._lieux(structure, gestionnaire, charte)
        url = reverse("orientations:nouvelle")
        tous = client.post(url, {"besoins": [Besoin.DEMARCHE_SOCIAL], "action": "chercher"}).content.decode()
        assert "Lieu avec habilités" in tous and "Lieu sans habilités" in tous and "Lieu avec une mineure" in tous
        filtre = client.post(
            url, {"besoins": [Besoin.DEMARCHE_SOCIAL], "aidants_connect": "on", "action": "chercher"}
        ).content.decode()
        assert "Lieu avec habilités" in filtre
        assert "Lieu sans habilités" not in filtre and "Lieu avec une mineure" not in filtre
        assert 'name="aidants_connect" checked' in filtre

    def test_un_lien_peut_preremplir_la_case(self, client, prescripteur, structure, gestionnaire, charte):
        self._lieux(structure, gestionnaire, charte)
        page = client.get(
            reverse("orientations:nouvelle") + f"?besoins={Besoin.DEMARCHE_SOCIAL}&aidants_connect=1"
        ).content.decode()
        assert "Lieu avec habilités" in page and "Lieu sans habilités" not in page

    def test_aucun_lieu_habilite_un_message_dit_quoi_faire(self, client, prescripteur):
        LieuFactory(published=True, structure=StructureFactory(), services=[Service.AIDE_DEMARCHES])
        page = client.post(
            reverse("orientations:nouvelle"),
            {"besoins": [Besoin.DEMARCHE_SOCIAL], "aidants_connect": "on", "action": "chercher"},
        ).content.decode()
        assert "Aucun lieu avec des aidants habilités Aidants Connect" in page and "Décochez" in page

    def test_le_filtre_n_ajoute_aucune_requete(
        self, client, prescripteur, structure, gestionnaire, charte, django_assert_num_queries
    ):
        self._lieux(structure, gestionnaire, charte)
        url = reverse("orientations:nouvelle")
        client.post(url, {"besoins": [Besoin.DEMARCHE_SOCIAL], "action": "chercher"})  # session prolongée
        with CaptureQueriesContext(connection) as sans_filtre:
            client.post(url, {"besoins": [Besoin.DEMARCHE_SOCIAL], "action": "chercher"})
        with django_assert_num_queries(len(sans_filtre.captured_queries)):
            client.post(url, {"besoins": [Besoin.DEMARCHE_SOCIAL], "aidants_connect": "on", "action": "chercher"})


class TestTableauDeBordDuTerritoire:
    @pytest.fixture
    def aidants(self, structure, gestionnaire, charte):
        """Trois aidants dans l'EPCI de la structure (dont une mineure et un sans charte : le chiffre agrégé compte
        tout le registre non archivé), et un archivé qui ne compte pas."""
        structure.commune.epci_code, structure.commune.epci_nom = "244900015", "CU Angers Loire Métropole"
        structure.commune.save()
        aidant_public(structure, gestionnaire, charte)
        aidant_public(structure, gestionnaire, charte, mineur=True, annee_naissance=None)
        aidant_public(structure, gestionnaire, charte, signer=False, aidants_connect=False)
        RattachementFactory(profil=ProfilAidantFactory(archive=True), structure=structure)

    def _section(self, page: str) -> str:
        assert "Aidants du réseau par intercommunalité" in page
        return page[page.index("Aidants du réseau par intercommunalité") :]

    def test_un_financeur_voit_les_petits_nombres_masques(self, client, territoire, aidants):
        financeur = MembershipFactory(role=Role.COMMANDITAIRE, territoire=territoire).user
        client.force_login(financeur)
        page = client.get(reverse("accompagnements:statistiques_territoire", args=[territoire.pk])).content.decode()
        section = self._section(page)
        assert "CU Angers Loire Métropole" in section
        assert "<td>&lt; 5</td>" in section and "<td>3</td>" not in section and "<td>2</td>" not in section
        assert reverse("aidants:reseau") not in section

    def test_la_coordination_voit_les_chiffres_exacts_et_le_lien_vers_le_reseau(
        self, client, territoire, coordinateur, aidants
    ):
        client.force_login(coordinateur)
        page = client.get(reverse("accompagnements:statistiques_territoire", args=[territoire.pk])).content.decode()
        section = self._section(page)
        assert "<td>3</td>" in section and "<td>2</td>" in section and "&lt; 5" not in section
        assert f"{reverse('aidants:reseau')}?territoire={territoire.slug}" in section
        assert "Chiffres exacts : vous coordonnez ce territoire." in section

    def test_l_export_du_financeur_est_masque_lui_aussi(self, client, territoire, aidants):
        financeur = MembershipFactory(role=Role.COMMANDITAIRE, territoire=territoire).user
        client.force_login(financeur)
        csv = client.get(
            reverse("accompagnements:statistiques_territoire_export", args=[territoire.pk, "csv"])
        ).content.decode("utf-8-sig")
        ligne = next(ligne for ligne in csv.splitlines() if "CU Angers Loire Métropole" in ligne)
        assert "< 5" in ligne and ";3;" not in ligne and ",3," not in ligne

    def test_un_territoire_d_autrui_reste_introuvable(self, client, territoire, aidants):
        client.force_login(MembershipFactory(role=Role.COMMANDITAIRE).user)
        response = client.get(reverse("accompagnements:statistiques_territoire", args=[territoire.pk]))
        assert response.status_code == 404
