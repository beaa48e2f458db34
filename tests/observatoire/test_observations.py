"""Observations de terrain : une structure du territoire propose, la coordination publie ou refuse (chaque couple
d'états, une ligne de journal par écriture), jamais de donnée personnelle, longueur bornée ; les observations
publiées paraissent sur les panneaux de la commune et de l'EPCI ; 404 hors de son territoire."""

import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from maillage.comptes.enums import Role
from maillage.core.navigation import navigation_for
from maillage.observatoire import services
from maillage.observatoire.enums import TRANSITIONS_OBSERVATION, EtatObservation
from maillage.observatoire.models import (
    OBSERVATION_MAX,
    EvenementObservatoire,
    JournalObservatoire,
    Observation,
)
from tests.comptes.factories import MembershipFactory, StructureFactory
from tests.observatoire.conftest import ANGERS_LOIRE

PROPOSER = reverse("observatoire:proposer")
MODERATION = reverse("observatoire:moderation")


@pytest.fixture
def membre(structure):
    return MembershipFactory(role=Role.MEDIATEUR, structure=structure).user


@pytest.fixture
def membre_ailleurs(communes_49, autre_territoire):
    return MembershipFactory(role=Role.MEDIATEUR, structure=StructureFactory(commune=communes_49["49099"])).user


def _proposer(territoire, structure, user, texte="Beaucoup de demandes d'aide pour la déclaration de revenus.",
              **kw):  # fmt: skip
    kw.setdefault("commune", territoire.communes.get(pk="49007"))
    return services.proposer_observation(territoire=territoire, structure=structure, by=user, texte=texte, **kw)


def test_proposer_puis_publier_journal(territoire, structure, membre, coordinateur):
    obs = _proposer(territoire, structure, membre)
    assert obs.etat == EtatObservation.PROPOSEE
    j = JournalObservatoire.objects.get(event=EvenementObservatoire.OBS_PROPOSEE)
    assert j.observation == obs and j.actor == membre and "texte" not in j.details
    services.moderer_observation(observation=obs, by=coordinateur, etat=EtatObservation.PUBLIEE)
    obs.refresh_from_db()
    assert obs.etat == EtatObservation.PUBLIEE and obs.decide_par == coordinateur
    j = JournalObservatoire.objects.get(event=EvenementObservatoire.OBS_PUBLIEE)
    assert j.details == {"de": "PROPOSEE", "vers": "PUBLIEE"} and j.territoire == territoire


@pytest.mark.parametrize("depart,arrivee", list(itertools.product(EtatObservation.values, repeat=2)))
def test_chaque_couple_d_etats(territoire, structure, membre, coordinateur, depart, arrivee):
    obs = _proposer(territoire, structure, membre)
    Observation.objects.filter(pk=obs.pk).update(etat=depart)
    avant = JournalObservatoire.objects.count()
    if arrivee in TRANSITIONS_OBSERVATION[depart]:
        services.moderer_observation(observation=obs, by=coordinateur, etat=arrivee)
        assert Observation.objects.get(pk=obs.pk).etat == arrivee
        assert JournalObservatoire.objects.count() == avant + 1
    else:
        with pytest.raises(ValidationError, match="Cette observation"):
            services.moderer_observation(observation=obs, by=coordinateur, etat=arrivee)
        assert Observation.objects.get(pk=obs.pk).etat == depart
        assert JournalObservatoire.objects.count() == avant


@pytest.mark.parametrize(
    "texte,quoi",
    [
        ("Appeler camille.dupont@example.org pour les rendez-vous", "adresse électronique"),
        ("Elle laisse son numéro, 06 12 34 56 78, à l'accueil", "numéro de téléphone"),
        ("Mme Martin ne sait pas ouvrir sa boîte", "civilité suivie d'un nom"),
        ("Numéro 1 84 12 76 451 089 46 sur le formulaire", "sécurité sociale"),
    ],
)
def test_jamais_de_donnee_personnelle(territoire, structure, membre, texte, quoi):
    with pytest.raises(ValidationError, match=quoi):
        _proposer(territoire, structure, membre, texte=texte)
    assert not Observation.objects.exists()


def test_longueur_et_sujet(territoire, structure, membre, communes_49):
    with pytest.raises(ValidationError, match=f"{OBSERVATION_MAX} caractères au plus"):
        _proposer(territoire, structure, membre, texte="a" * (OBSERVATION_MAX + 1))
    with pytest.raises(ValidationError, match="n'est pas dans le territoire"):
        _proposer(territoire, structure, membre, commune=communes_49["49099"])
    obs = _proposer(territoire, structure, membre, commune=None, epci_code=ANGERS_LOIRE)
    assert obs.epci_code == ANGERS_LOIRE


def test_qui_propose_qui_modere(territoire, structure, membre, membre_ailleurs, coordinateur_autre, financeur):
    with pytest.raises(PermissionDenied):
        _proposer(territoire, StructureFactory(commune=territoire.communes.first()), membre)  # pas membre
    obs = _proposer(territoire, structure, membre)
    for user in (membre, coordinateur_autre, financeur):
        with pytest.raises(PermissionDenied):
            services.moderer_observation(observation=obs, by=user, etat=EtatObservation.PUBLIEE)


def test_page_proposer_et_liste_de_la_structure(client, membre, territoire):
    client.force_login(membre)
    r = client.get(PROPOSER)
    html = r.content.decode()
    assert r.status_code == 200 and "Jamais de donnée personnelle" in html
    assert 'value="epci:244900015"' in html and 'value="commune:49007"' in html
    r = client.post(PROPOSER, {"territoire": territoire.slug, "sujet": "commune:49007", "structure": membre.
                               active_memberships[0].structure_id, "texte": "Fermeture du guichet CAF le jeudi."},
                    follow=True)  # fmt: skip
    html = r.content.decode()
    assert "votre observation est envoyée" in html and "Fermeture du guichet CAF le jeudi." in html
    assert "Proposée" in html
    r = client.post(PROPOSER, {"territoire": territoire.slug, "sujet": "commune:49007",
                               "structure": membre.active_memberships[0].structure_id,
                               "texte": "Voir M. Durand"})  # fmt: skip
    assert r.status_code == 200 and "civilité suivie d&#x27;un nom" in r.content.decode()
    assert Observation.objects.count() == 1


def test_page_proposer_hors_territoire(client, membre, membre_ailleurs, coordinateur):
    client.force_login(membre)
    assert client.get(PROPOSER, {"territoire": "mauges-test"}).status_code == 404
    client.force_login(membre_ailleurs)
    assert client.get(PROPOSER, {"territoire": "anjou-test"}).status_code == 404


def test_menu_observations_pour_les_membres(membre, coordinateur):
    assert "Observations de terrain" in [e["label"] for e in navigation_for(membre)]
    assert "Observatoire" not in [e["label"] for e in navigation_for(membre)]


def test_moderation_et_panneaux(client, territoire, structure, membre, coordinateur, coordinateur_autre, charge):
    obs = _proposer(territoire, structure, membre, texte="Les files d'attente s'allongent à la mairie annexe.")
    sur_epci = _proposer(territoire, structure, membre, texte="Le bus numérique ne passe plus le mardi.",
                         commune=None, epci_code=ANGERS_LOIRE)  # fmt: skip
    commune_url = reverse("observatoire:commune", args=["49007"])
    epci_url = reverse("observatoire:epci", args=[ANGERS_LOIRE])
    client.force_login(coordinateur)
    assert "files d&#x27;attente" not in client.get(commune_url).content.decode()  # pas encore publiée
    html = client.get(MODERATION).content.decode()
    assert "files d&#x27;attente" in html and "Sur l&#x27;intercommunalité Angers Loire Métropole" in html
    assert "Observations de terrain à relire (2)" in client.get(reverse("observatoire:index")).content.decode()
    url = reverse("observatoire:moderer", args=[obs.pk])
    assert client.get(url).status_code == 405
    r = client.post(url, {"etat": "PUBLIEE"}, follow=True)
    assert "Observation publiée" in r.content.decode()
    client.post(reverse("observatoire:moderer", args=[sur_epci.pk]), {"etat": "PUBLIEE"})
    r = client.post(url, {"etat": "REFUSEE"}, follow=True)  # déjà publiée : refus en français
    assert "impossible de passer de « Publiée » à « Refusée »" in r.content.decode()
    commune = client.get(commune_url).content.decode()
    assert "files d&#x27;attente" in commune and "ne passe plus le mardi" in commune  # l'EPCI de la commune aussi
    epci = client.get(epci_url).content.decode()
    assert "files d&#x27;attente" in epci and "Ce qu'on voit sur le terrain" in epci
    client.force_login(coordinateur_autre)
    assert client.post(url, {"etat": "REFUSEE"}).status_code == 404
    assert client.get(MODERATION, {"territoire": "anjou-test"}).status_code == 404
