"""Les repérages ne se gonflent pas : un parcours (un jeton tiré à la première réponse) compte une fois par besoin."""

from django.urls import reverse

from maillage.diagnostic.etat import Etat, lire
from maillage.diagnostic.models import Reperage
from maillage.diagnostic.services import compter_reperages

RESULTAT = reverse("diagnostic:resultat")
ETAT = Etat().repondre("ARNAQUES", "NON").repondre("APPAREIL", "AUCUN")


def test_reloading_the_result_counts_once(client, lieux):
    for _ in range(3):
        assert client.get(RESULTAT, {"etat": ETAT.jeton(), "ou": "Angers"}).status_code == 200
    assert Reperage.objects.count() == 3  # USAGE_SECURISE, ACCES_MATERIEL, MATERIEL_SOLIDAIRE : une fois chacun
    client.get(RESULTAT, {"etat": ETAT.jeton(), "ou": "", "lat": "47.47", "lon": "-0.55"})  # autre recherche
    assert Reperage.objects.count() == 3


def test_two_people_with_same_answers_count_twice(client, lieux):
    autre = Etat().repondre("ARNAQUES", "NON").repondre("APPAREIL", "AUCUN")
    assert autre.reponses == ETAT.reponses and autre.jeton() != ETAT.jeton()
    client.get(RESULTAT, {"etat": ETAT.jeton(), "ou": "Angers"})
    client.get(RESULTAT, {"etat": autre.jeton(), "ou": "Angers"})
    assert Reperage.objects.count() == 6


def test_draw_survives_the_token_and_later_answers():
    suite = lire(ETAT.jeton()).repondre("DEMARCHE", "JAMAIS")
    assert suite.tirage == ETAT.tirage and len(ETAT.tirage) == 12


def test_stored_fingerprint_is_not_the_draw(db, angers):
    compter_reperages(services=["USAGE_SECURISE"], commune=angers, source="AUTONOME", tirage=ETAT.tirage)
    assert compter_reperages(services=["USAGE_SECURISE"], commune=angers, source="AUTONOME", tirage=ETAT.tirage) == 0
    parcours = Reperage.objects.get().parcours
    assert len(parcours) == 16 and ETAT.tirage not in parcours


def test_without_draw_each_use_counts(db, angers):
    """Premier accueil, mode accompagné : chaque utilisation est un repérage."""
    compter_reperages(services=["USAGE_SECURISE"], commune=angers, source="PREMIER_ACCUEIL")
    compter_reperages(services=["USAGE_SECURISE"], commune=angers, source="PREMIER_ACCUEIL")
    assert Reperage.objects.count() == 2
