from django.db import models


class Role(models.TextChoices):
    MEDIATEUR = "MEDIATEUR", "Médiateur·rice numérique"
    AIDANT = "AIDANT", "Aidant·e"
    PRESCRIPTEUR = "PRESCRIPTEUR", "Prescripteur·rice (oriente les personnes)"
    GESTIONNAIRE = "GESTIONNAIRE", "Gestionnaire de structure"
    COMMANDITAIRE = "COMMANDITAIRE", "Commanditaire (financeur)"
    COORDINATEUR = "COORDINATEUR", "Coordinateur·rice territorial·e"


#: Rôles qui agissent sur un territoire entier, et non sur leur seule structure.
ROLES_TERRITORIAUX = {Role.COORDINATEUR, Role.COMMANDITAIRE}


class TypeTerritoire(models.TextChoices):
    DEPARTEMENT = "DEPARTEMENT", "Département"
    EPCI = "EPCI", "Intercommunalité (EPCI)"
    HUB = "HUB", "Hub (plusieurs départements)"
    AUTRE = "AUTRE", "Autre ensemble de communes"
