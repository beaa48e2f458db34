"""Listes fermées des aidants : niveaux d'intervention, statuts, états de la charte, événements du journal."""

from django.db import models


class Niveau(models.TextChoices):
    """Le degré d'intervention auprès de la personne aidée (carnet de Charente-Maritime, « Tous aidants ! »)."""

    REPERER_ORIENTER = "REPERER_ORIENTER", "Repérer et orienter"
    AIDER_URGENCE = "AIDER_URGENCE", "Aider dans l'urgence (faire à la place)"
    ACCOMPAGNER_AUTONOMIE = "ACCOMPAGNER_AUTONOMIE", "Accompagner vers l'autonomie"
    FORMER_AIDANTS = "FORMER_AIDANTS", "Former les aidants et les aidantes"


#: Une ligne en mots simples par niveau (page « Mon profil d'aidant », page de signature).
EXPLICATIONS_NIVEAUX = {
    Niveau.REPERER_ORIENTER: "Vous voyez qu'une personne a du mal avec le numérique et vous lui indiquez où se faire aider.",
    Niveau.AIDER_URGENCE: "Vous faites une démarche à la place de la personne, quand elle ne peut pas attendre.",
    Niveau.ACCOMPAGNER_AUTONOMIE: "Vous montrez à la personne comment faire, pour qu'elle y arrive seule ou seul.",
    Niveau.FORMER_AIDANTS: "Vous apprenez à d'autres aidants et aidantes à bien accompagner.",
}


class StatutAidant(models.TextChoices):
    """Le statut tient au rattachement : une travailleuse sociale peut aussi être bénévole dans une association."""

    BENEVOLE = "BENEVOLE", "Bénévole"
    SERVICE_CIVIQUE = "SERVICE_CIVIQUE", "Volontaire en service civique"
    TRAVAILLEUR_SOCIAL = "TRAVAILLEUR_SOCIAL", "Travailleur ou travailleuse sociale"
    AGENT_ACCUEIL = "AGENT_ACCUEIL", "Agent d'accueil (mairie, France Services)"
    MEDIATEUR = "MEDIATEUR", "Médiateur ou médiatrice numérique"
    CONSEILLER_NUMERIQUE = "CONSEILLER_NUMERIQUE", "Conseiller ou conseillère numérique"
    AUTRE_PRO = "AUTRE_PRO", "Autre professionnel ou professionnelle"
    PROCHE = "PROCHE", "Proche (famille, voisinage)"


class EtatCharte(models.TextChoices):
    BROUILLON = "BROUILLON", "Brouillon"
    PUBLIEE = "PUBLIEE", "Publiée"
    REMPLACEE = "REMPLACEE", "Remplacée par une version plus récente"


#: Transitions permises d'une version de charte (un brouillon se publie ; une version publiée est remplacée).
TRANSITIONS_CHARTE = {
    EtatCharte.BROUILLON: {EtatCharte.PUBLIEE},
    EtatCharte.PUBLIEE: {EtatCharte.REMPLACEE},
    EtatCharte.REMPLACEE: set(),
}


class MoyenSignature(models.TextChoices):
    EN_LIGNE = "EN_LIGNE", "En ligne"
    PAPIER = "PAPIER", "Sur papier"


class EtatSignature(models.TextChoices):
    """Où en est un aidant avec la charte de son territoire (calculé, jamais stocké)."""

    SIGNEE = "SIGNEE", "Charte signée"
    EN_DELAI = "EN_DELAI", "Ancienne version signée, encore valable"
    A_RESIGNER = "A_RESIGNER", "Charte à re-signer"
    NON_SIGNEE = "NON_SIGNEE", "Charte non signée"


class EtatRapprochement(models.TextChoices):
    PROPOSE = "PROPOSE", "À examiner"
    CONFIRME = "CONFIRME", "Même personne : profils réunis"
    REJETE = "REJETE", "Personnes différentes"


class AidantEvent(models.TextChoices):
    PROFIL_CREE = "PROFIL_CREE", "Profil créé"
    NIVEAUX_MODIFIES = "NIVEAUX_MODIFIES", "Niveaux modifiés"
    RATTACHE = "RATTACHE", "Rattaché à une structure"
    DETACHE = "DETACHE", "Détaché d'une structure"
    ARCHIVE = "ARCHIVE", "Profil archivé"
    CHARTE_PUBLIEE = "CHARTE_PUBLIEE", "Charte publiée"
    SIGNE = "SIGNE", "Charte signée"
    RETIRE = "RETIRE", "Signature retirée"
    VERIFICATION_OUVERTE = "VERIFICATION_OUVERTE", "Vérification publique acceptée"
    VERIFICATION_FERMEE = "VERIFICATION_FERMEE", "Vérification publique refusée"
    RAPPROCHEMENT_PROPOSE = "RAPPROCHEMENT_PROPOSE", "Rapprochement proposé"
    RAPPROCHEMENT_CONFIRME = "RAPPROCHEMENT_CONFIRME", "Rapprochement confirmé"
    RAPPROCHEMENT_REJETE = "RAPPROCHEMENT_REJETE", "Rapprochement rejeté"
    EFFACE = "EFFACE", "Données personnelles effacées"
