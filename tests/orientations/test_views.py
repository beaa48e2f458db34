import pytest
from django.urls import reverse

from maillage.comptes.enums import Role
from maillage.lieux.enums import Service
from maillage.orientations import permissions
from maillage.orientations.enums import Besoin, StatutOrientation
from maillage.orientations.models import Orientation
from tests.comptes.factories import MembershipFactory, StructureFactory, user_with_role
from tests.lieux.factories import LieuFactory
from tests.orientations.factories import LieuAvecStructureFactory, OrientationFactory


@pytest.fixture
def prescripteur(client):
    user = user_with_role(Role.PRESCRIPTEUR)
    client.force_login(user)
    return user


class TestNouvelle:
    def test_search_suggests_places_offering_the_service_first(self, client, prescripteur):
        loin_mais_bon = LieuAvecStructureFactory(nom="Bon service", services=[Service.AIDE_DEMARCHES], latitude=47.6)
        LieuAvecStructureFactory(nom="Autre service", services=[Service.LOISIRS_CREATION])
        LieuFactory(nom="Brouillon", services=[Service.AIDE_DEMARCHES], structure=StructureFactory())
        response = client.post(
            reverse("orientations:nouvelle"), {"besoins": [Besoin.DEMARCHE_SOCIAL], "action": "chercher"}
        )
        assert response.status_code == 200
        content = response.content.decode()
        assert "Bon service" in content and "Autre service" not in content and "Brouillon" not in content
        assert str(loin_mais_bon.public_id) in content
        assert "Cochez au moins" not in content  # pas d'erreurs affichées lors d'une simple recherche
        assert not Orientation.objects.exists()

    def test_send_creates_orientation_and_shows_sheet(self, client, prescripteur):
        lieu = LieuAvecStructureFactory(services=[Service.AIDE_DEMARCHES], horaires="Mo-Fr 09:00-12:00")
        response = client.post(
            reverse("orientations:nouvelle"),
            {
                "structure": prescripteur.memberships.get().structure_id,
                "besoins": [Besoin.DEMARCHE_SOCIAL],
                "lieu": str(lieu.public_id),
                "personne_prenom": "Josiane",
                "echeance_motif": "déclaration trimestrielle RSA",
                "consentement": "on",
                "action": "envoyer",
            },
        )
        orientation = Orientation.objects.get()
        assert response.status_code == 302
        assert response.url == reverse("orientations:detail", args=[orientation.public_id])
        fiche = client.get(reverse("orientations:fiche", args=[orientation.public_id])).content.decode()
        assert lieu.adresse in fiche and "9 h – 12 h" in fiche and "carte Vitale" in fiche

    def test_cannot_orient_on_behalf_of_a_structure_where_one_only_manages(self, client, prescripteur):
        geree = MembershipFactory(
            user=prescripteur, role=Role.GESTIONNAIRE, structure__nom="Gérée seulement"
        ).structure
        lieu = LieuAvecStructureFactory()
        url = reverse("orientations:nouvelle")
        assert "Gérée seulement" not in client.get(url).content.decode()
        data = {"structure": geree.pk, "besoins": [Besoin.DEMARCHE_SOCIAL], "lieu": str(lieu.public_id),
                "personne_prenom": "Josiane", "consentement": "on", "action": "envoyer"}  # fmt: skip
        response = client.post(url + f"?lieu={lieu.public_id}", data)
        assert response.status_code == 200 and not Orientation.objects.exists()
        assert not permissions.can_create_orientation(prescripteur, geree)

    def test_missing_consent_is_refused(self, client, prescripteur):
        lieu = LieuAvecStructureFactory()
        response = client.post(
            reverse("orientations:nouvelle"),
            {"besoins": [Besoin.DEMARCHE_SOCIAL], "lieu": str(lieu.public_id), "action": "envoyer"},
        )
        assert response.status_code == 200
        assert "accord de la personne est nécessaire" in response.content.decode()
        assert not Orientation.objects.exists()

    def test_closed_place_is_refused_with_french_message(self, client, prescripteur):
        lieu = LieuFactory(ferme=True, structure=StructureFactory())
        response = client.post(
            reverse("orientations:nouvelle") + f"?lieu={lieu.public_id}",
            {
                "structure": prescripteur.memberships.get().structure_id,
                "besoins": [Besoin.DEMARCHE_SOCIAL],
                "lieu": str(lieu.public_id),
                "consentement": "on",
                "action": "envoyer",
            },
        )
        assert "pas ouvert au public" in response.content.decode()
        assert not Orientation.objects.exists()


class TestBoite:
    def test_inbox_lists_received_with_constant_queries(self, client, django_assert_num_queries):
        first = OrientationFactory()
        user = user_with_role(Role.MEDIATEUR, structure=first.structure_destinataire)
        client.force_login(user)
        client.get(reverse("orientations:boite"))  # chauffe
        with django_assert_num_queries(7) as ctx:
            response = client.get(reverse("orientations:boite"))
        for _ in range(5):
            OrientationFactory(lieu=first.lieu)
        with django_assert_num_queries(len(ctx.captured_queries)):
            response = client.get(reverse("orientations:boite"))
        assert response.content.decode().count(reverse("orientations:detail", args=[first.public_id])) == 1
        assert "(6)" in response.content.decode()

    def test_sent_list_has_constant_queries(self, client, django_assert_num_queries):
        first = OrientationFactory()
        client.force_login(first.prescripteur)
        client.get(reverse("core:tableau_de_bord"))  # session prolongée (une écriture) hors de la mesure
        url = reverse("orientations:mes_orientations")
        # 7 + 1 : le nombre d'orientations simples (sans suivi).
        with django_assert_num_queries(8):
            client.get(url)
        others = [
            OrientationFactory(prescripteur=first.prescripteur, structure_prescriptrice=first.structure_prescriptrice)
            for _ in range(5)
        ]
        with django_assert_num_queries(8):
            page = client.get(url).content.decode()
        assert all(reverse("orientations:detail", args=[o.public_id]) in page for o in [first, *others])

    def test_boite_et_envoyees_ont_chacune_leurs_colonnes(self, client):
        orientation = OrientationFactory()
        client.force_login(user_with_role(Role.MEDIATEUR, structure=orientation.structure_destinataire))
        boite = client.get(reverse("orientations:boite")).content.decode()
        assert "Orientations reçues par vos lieux (1)" in boite
        for colonne in ["Reçue le", "Personne", "Besoins", "Lieu", "Envoyée par", "Échéance", "Statut"]:
            assert f'<th scope="col">{colonne}</th>' in boite
        assert f"<td>{orientation.structure_prescriptrice.nom}</td>" in boite
        client.force_login(orientation.prescripteur)
        envoyees = client.get(reverse("orientations:mes_orientations")).content.decode()
        assert "Orientations envoyées par vos structures (1)" in envoyees
        assert envoyees.count('<th scope="col">') == 4
        for colonne in ["Envoyée le", "Personne", "Lieu", "Statut"]:
            assert f'<th scope="col">{colonne}</th>' in envoyees
        assert reverse("orientations:detail", args=[orientation.public_id]) in envoyees

    def test_accept_then_close_from_pages(self, client):
        orientation = OrientationFactory()
        user = user_with_role(Role.MEDIATEUR, structure=orientation.structure_destinataire)
        client.force_login(user)
        client.post(reverse("orientations:accepter", args=[orientation.public_id]), {"rendez_vous_at": ""})
        orientation.refresh_from_db()
        assert orientation.statut == StatutOrientation.ACCEPTEE
        page = client.get(reverse("orientations:detail", args=[orientation.public_id])).content.decode()
        assert f"/accompagnements/nouveau/?orientation={orientation.public_id}" in page
        client.post(
            reverse("orientations:clore", args=[orientation.public_id]),
            {"personne_venue": "oui", "besoin_resultat": "RESOLU"},
        )
        orientation.refresh_from_db()
        assert orientation.statut == StatutOrientation.CLOSE and orientation.besoin_resultat == "RESOLU"

    def test_answering_twice_gives_a_clear_message(self, client):
        orientation = OrientationFactory(acceptee=True)
        client.force_login(user_with_role(Role.MEDIATEUR, structure=orientation.structure_destinataire))
        response = client.post(
            reverse("orientations:refuser", args=[orientation.public_id]), {"motif": "COMPLET"}, follow=True
        )
        assert "déjà reçu une réponse" in response.content.decode()
