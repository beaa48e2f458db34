"""« Communes éloignées de l'offre » : aucune offre ouverte cette semaine à moins de la distance choisie, et un
indicateur du côté fragile de la médiane du territoire ; la liste change dès qu'un lieu est publié à côté (par le
service des lieux) ; distance bornée (message en français, jamais une erreur 500) ; 404 hors de son territoire."""

import pytest
from django.urls import reverse

from maillage.lieux import services as lieux_services
from maillage.lieux.enums import StatutLieu
from maillage.observatoire.models import Indicateur
from tests.lieux.factories import LieuFactory

URL = reverse("observatoire:eloignees")


def _page(client, user, **params):
    client.force_login(user)
    return client.get(URL, {"territoire": "anjou-test", **params})


def _ligne(html, nom):
    return f">{nom}</a>" in html


@pytest.fixture
def ifn(charge):
    return Indicateur.objects.get(code="ifn-score-global")


def test_liste_sans_aucun_lieu_ouvert(client, coordinateur, ifn, communes_49):
    r = _page(client, coordinateur, indicateur=ifn.pk)
    html = r.content.decode()
    assert r.status_code == 200
    assert "Médiane des communes du territoire" in html and "ordre alphabétique" in html
    # Angers (IFN 129,35, au-dessus de la médiane du territoire) n'a aucun lieu ouvert : elle y est.
    assert _ligne(html, "Angers") and "aucun lieu ouvert cette semaine à proximité" in html
    assert "zone blanche" not in html.lower()


def test_un_lieu_publie_a_cote_fait_sortir_la_commune(client, coordinateur, ifn, communes_49):
    angers = communes_49["49007"]
    assert _ligne(_page(client, coordinateur, indicateur=ifn.pk, distance=5).content.decode(), "Angers")
    # Un brouillon ne change rien.
    lieu = LieuFactory(commune_ref=angers, latitude=angers.latitude + 0.01, longitude=angers.longitude)
    assert _ligne(_page(client, coordinateur, indicateur=ifn.pk, distance=5).content.decode(), "Angers")
    lieux_services.set_statut(lieu=lieu, statut=StatutLieu.PUBLIE, by=coordinateur)
    html = _page(client, coordinateur, indicateur=ifn.pk, distance=5).content.decode()
    assert not _ligne(html, "Angers")
    # Fermé de nouveau : la commune revient.
    lieux_services.set_statut(lieu=lieu, statut=StatutLieu.FERME, by=coordinateur)
    assert _ligne(_page(client, coordinateur, indicateur=ifn.pk, distance=5).content.decode(), "Angers")


def test_la_distance_change_la_liste(client, coordinateur, ifn, communes_49):
    angers = communes_49["49007"]
    # Un lieu ouvert à environ 11 km au nord d'Angers.
    LieuFactory(published=True, commune_ref=angers, latitude=angers.latitude + 0.1, longitude=angers.longitude)
    assert _ligne(_page(client, coordinateur, indicateur=ifn.pk, distance=5).content.decode(), "Angers")
    assert not _ligne(_page(client, coordinateur, indicateur=ifn.pk, distance=20).content.decode(), "Angers")


@pytest.mark.parametrize(
    "distance,message",
    [("0", "au moins 1 km"), ("500", "100 km au plus"), ("dix", "nombre entier de kilomètres")],
)
def test_distance_hors_bornes(client, coordinateur, ifn, distance, message):
    r = _page(client, coordinateur, distance=distance)
    assert r.status_code == 200
    html = r.content.decode()
    assert message in html and "<caption>" not in html.split("resume-erreurs")[-1].split("</form>")[-1]


def test_indicateur_d_un_autre_territoire_refuse(client, coordinateur, ifn):
    r = _page(client, coordinateur, indicateur="999999")
    assert r.status_code == 200 and "pas disponible pour ce territoire" in r.content.decode()


def test_hors_de_son_territoire(client, coordinateur, autre_territoire, financeur):
    client.force_login(coordinateur)
    assert client.get(URL, {"territoire": "mauges-test"}).status_code == 404
    client.force_login(financeur)
    assert client.get(URL).status_code == 403


def test_lien_depuis_l_index(client, coordinateur, charge):
    client.force_login(coordinateur)
    html = client.get(reverse("observatoire:index")).content.decode()
    assert f'href="{URL}?territoire=anjou-test"' in html
