"""Orientation : les lieux dont le périmètre (annuaire) comprend la commune de la personne sont proposés d'abord,
avec la mention « Intervient dans la commune de la personne » (issue 14)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.annuaire.models import PerimetreLieu
from maillage.comptes.enums import Role
from maillage.lieux.enums import Service
from maillage.orientations.enums import Besoin
from maillage.orientations.selectors import suggest_lieux
from tests.comptes.factories import user_with_role
from tests.orientations.factories import LieuAvecStructureFactory, OrientationFactory

MENTION = "Intervient dans la commune de la personne"


def servir(lieu, *codes):
    PerimetreLieu.objects.create(lieu=lieu).communes_servies.set(codes)


@pytest.fixture
def prescripteur(client):
    user = user_with_role(Role.PRESCRIPTEUR)
    client.force_login(user)
    return user


@pytest.fixture
def lieux(communes_49):
    """Autour d'Écuillé (655 habitants) : le plus proche n'a pas de périmètre, un lieu d'Angers (16 km) y
    intervient, un autre lieu d'Angers a un périmètre qui ne la comprend pas."""
    angers = communes_49["49007"]
    proche = LieuAvecStructureFactory(nom="Proche de Feneu", latitude=47.5847, longitude=-0.6009)
    sert = LieuAvecStructureFactory(nom="France services d'Angers", latitude=angers.latitude,
                                    longitude=angers.longitude)  # fmt: skip
    servir(sert, "49130", "49007")
    ailleurs = LieuAvecStructureFactory(nom="Espace d'Angers", latitude=angers.latitude + 0.001,
                                        longitude=angers.longitude)  # fmt: skip
    servir(ailleurs, "49007")
    avrille = LieuAvecStructureFactory(nom="Médiathèque d'Avrillé", latitude=47.5054, longitude=-0.6007)
    return {"proche": proche, "sert": sert, "ailleurs": ailleurs, "avrille": avrille}


def ordre(content: str, lieux: dict) -> list[str]:
    """Les clés des lieux proposés, dans l'ordre de la page."""
    positions = {k: content.find(str(lieu.public_id)) for k, lieu in lieux.items()}
    return [k for k, pos in sorted(positions.items(), key=lambda kv: kv[1]) if pos >= 0]


def label(content: str, lieu) -> str:
    """Le texte de l'option du lieu (de son identifiant à la fin de son libellé)."""
    start = content.find(str(lieu.public_id))
    return content[start : content.find("</label>", start)]


class TestNouvelle:
    def chercher(self, client, **data):
        return client.post(
            reverse("orientations:nouvelle"), {"besoins": [Besoin.DEMARCHE_SOCIAL], "action": "chercher", **data}
        )

    def test_le_lieu_qui_intervient_dans_la_commune_vient_d_abord_avec_la_mention(self, client, prescripteur, lieux):
        content = self.chercher(client, personne_commune="Écuillé").content.decode()
        # Les autres gardent l'ordre des distances (l'Espace d'Angers a un périmètre, sans Écuillé).
        assert ordre(content, lieux) == ["sert", "proche", "avrille", "ailleurs"]
        assert MENTION in label(content, lieux["sert"])
        assert all(MENTION not in label(content, lieux[k]) for k in ("proche", "avrille", "ailleurs"))
        assert content.count(MENTION) == 2  # l'option, et la phrase qui explique l'ordre

    def test_sans_commune_de_la_personne_aucune_mention(self, client, prescripteur, lieux):
        content = self.chercher(client).content.decode()
        assert set(ordre(content, lieux)) == set(lieux)
        assert not any(MENTION in label(content, lieu) for lieu in lieux.values())

    def test_un_lieu_qui_intervient_sans_offrir_le_service_n_est_pas_propose(self, client, prescripteur, lieux):
        # Le périmètre range, il ne filtre pas : sans le service demandé, le lieu n'est pas proposé et le plus
        # proche revient en tête.
        lieux["sert"].services = [Service.LOISIRS_CREATION]
        lieux["sert"].save()
        content = self.chercher(client, personne_commune="Écuillé").content.decode()
        assert ordre(content, lieux) == ["proche", "avrille", "ailleurs"]
        assert MENTION not in label(content, lieux["proche"])


class TestRediriger:
    def test_la_redirection_propose_d_abord_les_lieux_qui_interviennent(self, client, lieux, communes_49):
        orientation = OrientationFactory(lieu=lieux["avrille"], personne_commune=communes_49["49130"])
        client.force_login(user_with_role(Role.MEDIATEUR, structure=orientation.structure_destinataire))
        content = client.get(reverse("orientations:detail", args=[orientation.public_id])).content.decode()
        autres = {k: v for k, v in lieux.items() if k != "avrille"}
        assert ordre(content, autres) == ["sert", "proche", "ailleurs"]
        assert MENTION in label(content, lieux["sert"])


class TestSelecteur:
    def test_aucune_requete_de_plus_avec_la_commune(self, lieux, communes_49):
        ecuille = communes_49["49130"]
        kwargs = {"besoins": [Besoin.DEMARCHE_SOCIAL], "lat": ecuille.latitude, "lon": ecuille.longitude}
        suggest_lieux(**kwargs)  # échauffement
        with CaptureQueriesContext(connection) as sans:
            sans_commune = suggest_lieux(**kwargs)
        with CaptureQueriesContext(connection) as avec:
            avec_commune = suggest_lieux(**kwargs, commune="49130")
        assert len(avec) == len(sans)
        assert [s.lieu.nom for s in sans_commune][0] == "Proche de Feneu"
        assert not any(s.intervient_dans_la_commune for s in sans_commune)
        assert [(s.lieu.nom, s.intervient_dans_la_commune) for s in avec_commune][:2] == [
            ("France services d'Angers", True),
            ("Proche de Feneu", False),
        ]
