"""Listes fermées de l'annuaire (valeurs ASCII, libellés en français) et table des changements d'état d'une action."""

from django.db import models

from maillage.core.transitions import check_transition  # noqa: F401 — réexporté pour les services


class RoleReseau(models.TextChoices):
    LIEU_MEDIATION = "LIEU_MEDIATION", "Lieu de médiation numérique"
    PRESCRIPTEUR = "PRESCRIPTEUR", "Prescripteur (oriente les personnes)"
    FINANCEUR = "FINANCEUR", "Financeur"
    OPERATEUR = "OPERATEUR", "Opérateur de service public"
    FORMATEUR = "FORMATEUR", "Organisme de formation"
    HUB = "HUB", "Hub territorial"
    RESEAU = "RESEAU", "Réseau ou fédération"


class Dispositif(models.TextChoices):
    CONSEILLERS_NUMERIQUES = "CONSEILLERS_NUMERIQUES", "Conseillers numériques"
    FRANCE_SERVICES = "FRANCE_SERVICES", "France Services"
    AIDANTS_CONNECT = "AIDANTS_CONNECT", "Aidants Connect"
    PASS_NUMERIQUE = "PASS_NUMERIQUE", "Pass numérique"
    AUTRE = "AUTRE", "Autre dispositif"


class Public(models.TextChoices):
    TOUS = "TOUS", "Tous publics"
    JEUNES = "JEUNES", "Jeunes (16-25 ans)"
    SENIORS = "SENIORS", "Personnes âgées"
    EMPLOI = "EMPLOI", "Personnes en recherche d'emploi"
    HANDICAP = "HANDICAP", "Personnes en situation de handicap"
    ALLOCATAIRES = "ALLOCATAIRES", "Allocataires des minima sociaux"


class Operateur(models.TextChoices):
    CAF = "CAF", "CAF"
    CPAM = "CPAM", "CPAM (Assurance maladie)"
    CARSAT = "CARSAT", "CARSAT (retraite)"
    MSA = "MSA", "MSA"
    IMPOTS = "IMPOTS", "Impôts (DGFiP)"
    FRANCE_TRAVAIL = "FRANCE_TRAVAIL", "France Travail"
    PREFECTURE = "PREFECTURE", "Préfecture (titres)"
    AUTRE = "AUTRE", "Autre opérateur"


class Canal(models.TextChoices):
    PORTAIL = "PORTAIL", "Portail ou espace partenaire"
    EMAIL = "EMAIL", "Adresse électronique dédiée"
    TELEPHONE = "TELEPHONE", "Ligne téléphonique dédiée"
    COURRIER = "COURRIER", "Courrier"


class StatutFeuille(models.TextChoices):
    BROUILLON = "BROUILLON", "Brouillon"
    PUBLIEE = "PUBLIEE", "Publiée"


class StatutAction(models.TextChoices):
    A_LANCER = "A_LANCER", "À lancer"
    EN_COURS = "EN_COURS", "En cours"
    SUSPENDUE = "SUSPENDUE", "Suspendue"
    TERMINEE = "TERMINEE", "Terminée"
    ABANDONNEE = "ABANDONNEE", "Abandonnée"


#: Une action terminée ou abandonnée ne repart pas : on en écrit une nouvelle dans la version suivante.
TRANSITIONS_ACTION: dict[str, set[str]] = {
    StatutAction.A_LANCER: {StatutAction.EN_COURS, StatutAction.ABANDONNEE},
    StatutAction.EN_COURS: {StatutAction.SUSPENDUE, StatutAction.TERMINEE, StatutAction.ABANDONNEE},
    StatutAction.SUSPENDUE: {StatutAction.EN_COURS, StatutAction.ABANDONNEE},
    StatutAction.TERMINEE: set(),
    StatutAction.ABANDONNEE: set(),
}


class ZoneADistance(models.TextChoices):
    """Pour qui un lieu aide à distance (téléphone, visio) : la recherche le propose aux personnes de cette zone
    (décision 0022). Les valeurs sont relues par `lieux.selectors.index` (qui n'importe pas l'annuaire)."""

    PERIMETRE = "perimetre", "Les communes de son périmètre, ou son département s'il n'en déclare aucune"
    TERRITOIRE = "territoire", "Tout le territoire"
    FRANCE = "france", "Toute la France (par exemple une ligne nationale)"


class AnnuaireEvent(models.TextChoices):
    CREATED = "CREATED", "Création"
    UPDATED = "UPDATED", "Modification"
    CHECKED = "CHECKED", "Vérification (toujours à jour)"
    ARCHIVED = "ARCHIVED", "Archivage"
    REMINDED = "REMINDED", "Relance de la personne qui tient la fiche"
    PUBLISHED = "PUBLISHED", "Publication d'une version"
    STATUS = "STATUS", "Changement d'état"
