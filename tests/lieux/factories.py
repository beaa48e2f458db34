"""Fabriques des lieux. `LieuFactory(published=True)`, `LieuFactory(itinerant=True)`, `ArretFactory(lieu=…)`.

Par défaut un lieu est un brouillon à Angers (coordonnées réelles), ouvert du lundi au vendredi 9 h – 12 h et
14 h – 17 h, fermé les jours fériés, gratuit, qui aide aux démarches administratives.
"""

import datetime

import factory

from maillage.lieux.enums import Frais, Itinerance, ModaliteAcces, Service, StatutLieu
from maillage.lieux.models import Arret, Lieu, LieuHistorique

HORAIRES_BUREAU = "Mo-Fr 09:00-12:00,14:00-17:00; PH off"


class LieuFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lieu

    pivot = "21490007800012"
    nom = factory.Sequence(lambda n: f"Espace numérique {n}")
    commune = "Angers"
    code_postal = "49000"
    code_insee = "49007"
    adresse = factory.Sequence(lambda n: f"{n + 1} rue de la Roë")
    latitude = 47.4712
    longitude = -0.5518
    horaires = HORAIRES_BUREAU
    date_maj = factory.LazyFunction(lambda: datetime.date(2026, 1, 15))
    services = factory.LazyFunction(lambda: [Service.AIDE_DEMARCHES])
    frais_a_charge = factory.LazyFunction(lambda: [Frais.GRATUIT])
    modalites_acces = factory.LazyFunction(lambda: [ModaliteAcces.SE_PRESENTER])
    itinerance = factory.LazyFunction(lambda: [Itinerance.FIXE])
    statut = StatutLieu.BROUILLON

    class Params:
        published = factory.Trait(statut=StatutLieu.PUBLIE)
        ferme = factory.Trait(statut=StatutLieu.FERME)
        # Lieu itinérant : pas d'horaires propres, ses arrêts (ArretFactory) disent où et quand.
        itinerant = factory.Trait(
            itinerance=factory.LazyFunction(lambda: [Itinerance.ITINERANT]),
            horaires="",
            nom=factory.Sequence(lambda n: f"Bus numérique {n}"),
        )
        # Avec la commune du référentiel (nécessite la commune en base, ex. fixture `angers`).
        sans_position = factory.Trait(latitude=None, longitude=None)


class ArretFactory(factory.django.DjangoModelFactory):
    """Un arrêt d'un lieu itinérant, le mardi matin par défaut, à Avrillé."""

    class Meta:
        model = Arret

    lieu = factory.SubFactory(LieuFactory, itinerant=True, published=True)
    nom = factory.Sequence(lambda n: f"Place du marché {n}")
    adresse = "Place de l'Église"
    latitude = 47.5067
    longitude = -0.5883
    horaires = "Tu 09:00-12:00; PH off"
    ordre = factory.Sequence(lambda n: n)


class LieuHistoriqueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LieuHistorique

    lieu = factory.SubFactory(LieuFactory)
    event = "UPDATED"
    details = factory.LazyFunction(dict)
