"""La démonstration : la coordination ouvre l'observatoire, une intercommunalité du Maine-et-Loire, et y voit
l'indice, l'offre et l'activité côte à côte ; la démonstration se recharge sans doublon."""

from django.urls import reverse

from maillage.comptes.models import User
from maillage.core.demo import load_demo
from maillage.observatoire.enums import EtatObservation
from maillage.observatoire.models import Indicateur, Observation, ValeurIndicateur
from tests.observatoire.conftest import ANGERS_LOIRE


def test_demo_panneau_epci(client, communes_49, settings):
    settings.MAILLAGE_DEMO = True
    load_demo()
    assert Indicateur.objects.filter(territoire=None).count() == 6
    n = ValeurIndicateur.objects.count()
    client.force_login(User.objects.get(email="coordination@demo.maillage.fr"))
    index = client.get(reverse("observatoire:index")).content.decode()
    assert "Angers Loire Métropole" in index
    html = client.get(reverse("observatoire:epci", args=[ANGERS_LOIRE])).content.decode()
    assert "Indice de fragilité numérique (score global)" in html and "médiane du département" in html
    assert "L'offre de médiation numérique" in html and "lieux publiés" in html
    assert "Séances d'accompagnement" in html
    # L'offre calculée et les observations de terrain publiées, à côté des chiffres ; une autre reste à relire.
    assert "Calculée le" in html and "pour 1 000 habitants" in html
    assert "le passage d&#x27;un médiateur itinérant au marché" in html
    assert Observation.objects.filter(etat=EtatObservation.PROPOSEE).count() == 1
    load_demo()  # idempotent
    assert ValeurIndicateur.objects.count() == n
    assert Observation.objects.count() == 4
