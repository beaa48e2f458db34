"""Listes fermées de l'observatoire : l'état d'une observation de terrain et ses changements permis."""

from django.db import models


class EtatObservation(models.TextChoices):
    PROPOSEE = "PROPOSEE", "Proposée"
    PUBLIEE = "PUBLIEE", "Publiée"
    REFUSEE = "REFUSEE", "Refusée"


#: Une observation proposée par une structure est publiée ou refusée par la coordination du territoire ; ensuite
#: elle ne change plus (une observation refusée se repropose, corrigée, comme une nouvelle).
TRANSITIONS_OBSERVATION = {
    EtatObservation.PROPOSEE: {EtatObservation.PUBLIEE, EtatObservation.REFUSEE},
    EtatObservation.PUBLIEE: set(),
    EtatObservation.REFUSEE: set(),
}
