from django.db import models


class StatutOrientation(models.TextChoices):
    ENVOYEE = "ENVOYEE", "En attente de réponse"
    ACCEPTEE = "ACCEPTEE", "Acceptée"
    REFUSEE = "REFUSEE", "Refusée"
    REDIRIGEE = "REDIRIGEE", "Redirigée vers un autre lieu"
    CLOSE = "CLOSE", "Close"


#: Statuts où l'orientation attend encore quelque chose (réponse ou venue de la personne).
STATUTS_OUVERTS = [StatutOrientation.ENVOYEE, StatutOrientation.ACCEPTEE]


class MotifRefus(models.TextChoices):
    HORS_SERVICES = "HORS_SERVICES", "Ce besoin ne fait pas partie de nos services"
    COMPLET = "COMPLET", "Nous n'avons plus de place avant l'échéance"
    HORS_TERRITOIRE = "HORS_TERRITOIRE", "La personne habite trop loin de chez nous"
    DEJA_ACCOMPAGNEE = "DEJA_ACCOMPAGNEE", "La personne est déjà accompagnée ailleurs"
    AUTRE = "AUTRE", "Autre raison (précisée)"


class TypeConsentement(models.TextChoices):
    ORIENTATION = "ORIENTATION", "Orientation vers un lieu"
    SUIVI = "SUIVI", "Suivi d'une personne par une structure"


class OrientationEvent(models.TextChoices):
    CREATED = "CREATED", "Orientation envoyée"
    ACCEPTED = "ACCEPTED", "Orientation acceptée"
    DECLINED = "DECLINED", "Orientation refusée"
    REDIRECTED = "REDIRECTED", "Orientation redirigée"
    CLOSED = "CLOSED", "Orientation close"
    REMINDED = "REMINDED", "Relance : pas de réponse"
    DEADLINE_PASSED = "DEADLINE_PASSED", "Relance : échéance dépassée"
    ANONYMIZED = "ANONYMIZED", "Données personnelles effacées"
