from django.db import models


class EtatTache(models.TextChoices):
    EN_ATTENTE = "EN_ATTENTE", "En attente"
    EN_COURS = "EN_COURS", "En cours"
    TERMINEE = "TERMINEE", "Terminée"
    ECHOUEE = "ECHOUEE", "Échouée"


class GenreTache(models.TextChoices):
    """Ce que fait la tâche. Le résultat s'affiche avec le gabarit `taches/resultats/<genre en minuscules>.html`,
    fourni par l'app du domaine (ex. lieux) : l'app des tâches ne connaît pas le détail des résultats."""

    IMPORT_LIEUX_VERIFIER = "IMPORT_LIEUX_VERIFIER", "Vérification d'un fichier de lieux"
    IMPORT_LIEUX_ECRIRE = "IMPORT_LIEUX_ECRIRE", "Import d'un fichier de lieux"
