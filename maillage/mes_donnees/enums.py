"""Listes fermées de « Mes données » (valeurs ASCII, libellés en français)."""

from django.db import models


class MesDonneesEvent(models.TextChoices):
    ISSUED = "ISSUED", "Code personnel remis"
    OPENED = "OPENED", "Données consultées avec le code"
    EXPORTED = "EXPORTED", "Copie des données téléchargée"
    DELETION_REQUESTED = "DELETION_REQUESTED", "Effacement demandé"
    ERASED = "ERASED", "Effacement fait par la structure"
    ERASED_AUTO = "ERASED_AUTO", "Effacement fait automatiquement (délai dépassé)"


class StatutDemande(models.TextChoices):
    EN_ATTENTE = "EN_ATTENTE", "En attente"
    FAITE = "FAITE", "Faite"


#: Une demande attend, puis elle est faite (par la structure, ou seule au bout du délai) ; rien d'autre.
TRANSITIONS_DEMANDE = {StatutDemande.EN_ATTENTE: {StatutDemande.FAITE}, StatutDemande.FAITE: set()}
