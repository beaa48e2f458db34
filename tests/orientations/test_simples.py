"""Issue 10, point 12 : orienter vers tout lieu publié, même quand sa structure n'est pas sur Maillage — une
orientation simple (fiche à imprimer pour la personne, comptée sans rien garder sur elle, sans suivi)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from maillage.comptes.enums import Role
from maillage.lieux.enums import Service
from maillage.orientations import services
from maillage.orientations.enums import Besoin
from maillage.orientations.models import Orientation, OrientationJournal, OrientationSimple
from tests.comptes.factories import user_with_role
from tests.lieux.factories import LieuFactory
from tests.orientations.factories import LieuAvecStructureFactory


@pytest.fixture
def prescripteur(client):
    user = user_with_role(Role.PRESCRIPTEUR)
    client.force_login(user)
    return user


@pytest.fixture
def hors_maillage():
    return LieuFactory(published=True, nom="Médiathèque hors Maillage", services=[Service.AIDE_DEMARCHES])


class TestService:
    def test_ecrit_une_piece_sans_donnee_personnelle(self, prescripteur, hors_maillage):
        structure = prescripteur.memberships.get().structure
        echeance = timezone.localdate() + timedelta(days=5)
        simple = services.create_orientation_simple(
            by=prescripteur, structure=structure, lieu=hors_maillage, besoins=[Besoin.DEMARCHE_SOCIAL] * 2,
            echeance=echeance,
        )  # fmt: skip
        assert simple.besoins == [Besoin.DEMARCHE_SOCIAL] and simple.echeance == echeance
        assert simple.hash and OrientationSimple.objects.count() == 1
        assert not Orientation.objects.exists() and not OrientationJournal.objects.exists()
        champs = {f.name for f in OrientationSimple._meta.get_fields()}
        assert not champs & {"personne_prenom", "personne_commune", "personne_contact", "message"}
        with pytest.raises(ValidationError):  # pièce en ajout seul
            simple.save()

    def test_refus(self, prescripteur, hors_maillage):
        structure = prescripteur.memberships.get().structure
        ok = {"by": prescripteur, "structure": structure, "besoins": [Besoin.DEMARCHE_SOCIAL]}
        with pytest.raises(ValidationError, match="orientation suivie"):
            services.create_orientation_simple(**ok, lieu=LieuAvecStructureFactory())
        with pytest.raises(ValidationError, match="pas ouvert au public"):
            services.create_orientation_simple(**ok, lieu=LieuFactory(ferme=True))
        with pytest.raises(ValidationError, match="au moins un besoin"):
            services.create_orientation_simple(**{**ok, "besoins": []}, lieu=hors_maillage)
        with pytest.raises(PermissionDenied):
            services.create_orientation_simple(
                **{**ok, "structure": user_with_role(Role.PRESCRIPTEUR).memberships.get().structure},
                lieu=hors_maillage,
            )  # noqa: E501
        assert not OrientationSimple.objects.exists()


class TestParcours:
    def test_proposee_puis_envoyee_sans_accord_ni_prenom_garde(self, client, prescripteur, hors_maillage):
        url = reverse("orientations:nouvelle")
        page = client.post(url, {"besoins": [Besoin.DEMARCHE_SOCIAL], "action": "chercher"}).content.decode()
        assert "Médiathèque hors Maillage" in page and "orientation simple, fiche à imprimer, sans suivi" in page
        response = client.post(
            url,
            {"besoins": [Besoin.DEMARCHE_SOCIAL], "lieu": str(hors_maillage.public_id), "personne_prenom": "Josiane",
             "action": "envoyer"},
        )  # fmt: skip
        simple = OrientationSimple.objects.get()
        assert response.status_code == 302
        assert response.url == reverse("orientations:fiche_simple", args=[simple.public_id])
        fiche = client.get(response.url).content.decode()
        assert "Médiathèque hors Maillage" in fiche and "carte Vitale" in fiche
        assert "Présentez cette fiche" in fiche and "Josiane" not in fiche
        assert not Orientation.objects.exists()

    def test_fiche_visible_de_la_seule_structure_qui_oriente(self, client, prescripteur, hors_maillage):
        simple = services.create_orientation_simple(
            by=prescripteur, structure=prescripteur.memberships.get().structure, lieu=hors_maillage,
            besoins=[Besoin.OUTILS_QUOTIDIEN],
        )  # fmt: skip
        url = reverse("orientations:fiche_simple", args=[simple.public_id])
        assert client.get(url).status_code == 200
        client.force_login(user_with_role(Role.PRESCRIPTEUR))
        assert client.get(url).status_code == 404

    def test_orientation_suivie_demande_toujours_l_accord(self, client, prescripteur):
        lieu = LieuAvecStructureFactory()
        response = client.post(
            reverse("orientations:nouvelle"),
            {"besoins": [Besoin.DEMARCHE_SOCIAL], "lieu": str(lieu.public_id), "action": "envoyer"},
        )
        assert "accord de la personne est nécessaire" in response.content.decode()
        assert not Orientation.objects.exists() and not OrientationSimple.objects.exists()

    def test_compte_sur_mes_orientations(self, client, prescripteur, hors_maillage):
        for _ in range(2):
            services.create_orientation_simple(
                by=prescripteur, structure=prescripteur.memberships.get().structure, lieu=hors_maillage,
                besoins=[Besoin.OUTILS_QUOTIDIEN],
            )  # fmt: skip
        page = client.get(reverse("orientations:mes_orientations")).content.decode()
        assert "2 orientations simples" in page
