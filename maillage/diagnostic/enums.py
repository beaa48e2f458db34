"""Listes fermées du diagnostic."""

from django.db import models


class Source(models.TextChoices):
    """D'où vient un repérage anonyme (lu par l'observatoire)."""

    AUTONOME = "AUTONOME", "Diagnostic en autonomie"
    PREMIER_ACCUEIL = "PREMIER_ACCUEIL", "Kit de premier accueil"
    ACCOMPAGNE = "ACCOMPAGNE", "Diagnostic accompagné"


class Contrainte(models.TextChoices):
    """Ce que l'agent ou l'agente d'accueil sait de la situation de la personne (kit de premier accueil)."""

    MOBILITE = "MOBILITE", "Se déplace difficilement"
    LANGUE = "LANGUE", "Parle peu ou pas le français"
    SANS_APPAREIL = "SANS_APPAREIL", "N'a ni ordinateur ni téléphone"
    URGENCE = "URGENCE", "C'est urgent (dans les jours qui viennent)"
