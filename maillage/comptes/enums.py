from django.db import models


class Role(models.TextChoices):
    MEDIATEUR = "MEDIATEUR", "Médiatrice ou médiateur numérique"
    AIDANT = "AIDANT", "Aidante ou aidant"
    PRESCRIPTEUR = "PRESCRIPTEUR", "Prescriptrice ou prescripteur (oriente les personnes)"
    GESTIONNAIRE = "GESTIONNAIRE", "Gestionnaire de structure"
    COMMANDITAIRE = "COMMANDITAIRE", "Commanditaire (financeur)"
    COORDINATEUR = "COORDINATEUR", "Coordination du territoire"


#: Rôles qui agissent sur un territoire entier, et non sur leur seule structure.
ROLES_TERRITORIAUX = {Role.COORDINATEUR, Role.COMMANDITAIRE}


class TypeTerritoire(models.TextChoices):
    DEPARTEMENT = "DEPARTEMENT", "Département"
    EPCI = "EPCI", "Intercommunalité (EPCI)"
    HUB = "HUB", "Hub (plusieurs départements)"
    AUTRE = "AUTRE", "Autre ensemble de communes"
