"""Fabriques des tâches de fond. `TacheFactory(en_cours=True)`, `TacheFactory(terminee=True)`, `(echouee=True)`."""

import factory
from django.utils import timezone

from maillage.taches.enums import EtatTache, GenreTache
from maillage.taches.models import Tache
from tests.comptes.factories import UserFactory


class TacheFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tache

    demandeur = factory.SubFactory(UserFactory)
    genre = GenreTache.IMPORT_LIEUX_VERIFIER
    message = "En attente : la tâche commence dans quelques secondes."
    retour_url = "/lieux/gestion/importer/"

    class Params:
        en_cours = factory.Trait(
            etat=EtatTache.EN_COURS, fait=50, total=200, message="Lecture et vérification du fichier",
            started_at=factory.LazyFunction(timezone.now),
        )  # fmt: skip
        terminee = factory.Trait(
            etat=EtatTache.TERMINEE, fait=200, total=200, message="Terminée.",
            started_at=factory.LazyFunction(timezone.now), finished_at=factory.LazyFunction(timezone.now),
        )  # fmt: skip
        echouee = factory.Trait(
            etat=EtatTache.ECHOUEE, message="La tâche s'est arrêtée sur une erreur inattendue.",
            finished_at=factory.LazyFunction(timezone.now),
        )  # fmt: skip
