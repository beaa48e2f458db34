"""Listes fermées du socle."""

from django.db import models


class TypeConsentement(models.TextChoices):
    """Ce à quoi la personne consent : chaque sorte a ses textes, versionnés (`core.models.TexteConsentement`)."""

    ORIENTATION = "ORIENTATION", "Orientation vers un lieu"
    SUIVI = "SUIVI", "Suivi d'une personne par une structure"
