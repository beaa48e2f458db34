"""Le cache des sorties de l'API (décision 0022) : une page sans résultat, une écriture entre deux pages, un lieu
itinérant — la réponse est toujours celle que donneraient les données du moment."""

from maillage.lieux.models import Lieu
from tests.lieux.factories import ArretFactory, LieuFactory

API = "/api/v1/lieux"
ANGERS = {"lat": 47.4712, "lon": -0.5518, "rayon_km": 10}


def test_une_page_vide_ne_lit_pas_de_lieu(client):
    assert client.get(API, ANGERS).json() == {"total": 0, "limit": 20, "offset": 0, "items": []}


def test_une_ecriture_entre_deux_pages_se_voit_aussitot(client):
    lieu = LieuFactory(published=True, nom="Avant")
    assert client.get(API, ANGERS).json()["items"][0]["nom"] == "Avant"
    Lieu.objects.filter(pk=lieu.pk).update(nom="Après", telephone="+33241000000")
    item = client.get(API, ANGERS).json()["items"][0]
    assert (item["nom"], item["telephone"]) == ("Après", "+33241000000")


def test_une_page_a_moitie_en_cache_apres_une_ecriture_est_relue_entiere(client):
    a = LieuFactory(published=True, nom="A", latitude=47.4712)
    assert [i["nom"] for i in client.get(API, ANGERS).json()["items"]] == ["A"]
    LieuFactory(published=True, nom="B", latitude=47.4713)  # nouveau lieu : absent du cache
    Lieu.objects.filter(pk=a.pk).update(nom="A renommé")  # et A a changé
    assert [i["nom"] for i in client.get(API, ANGERS).json()["items"]] == ["A renommé", "B"]


def test_un_lieu_itinerant_est_ouvert_si_un_de_ses_arrets_l_est(client):
    bus = LieuFactory(published=True, itinerant=True)
    ArretFactory(lieu=bus, latitude=47.4712, longitude=-0.5518, horaires="24/7")
    item = client.get(API, ANGERS).json()["items"][0]
    assert item["ouvert_maintenant"] is True and item["distance_km"] == 0.0
