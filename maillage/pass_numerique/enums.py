"""Listes fermées du Pass numérique : valeurs ASCII stables en base, libellés français.

Les changements d'état permis de chaque objet sont écrits une seule fois ici (`TRANSITIONS_*`) : chaque service qui
change un état passe par `check_transition`, et les tests parcourent tous les couples d'états à partir de ces tables.
"""

from django.db import models

from maillage.comptes.enums import Role
from maillage.core.transitions import check_transition as check_transition  # la règle commune, ici pour les services

# Rôles (comptes) de l'équipe d'un lieu, qui encaisse ; de l'équipe d'une structure, qui distribue les carnets.
ROLES_ENCAISSEMENT = (Role.MEDIATEUR, Role.AIDANT, Role.GESTIONNAIRE)
ROLES_DISTRIBUTION = (Role.PRESCRIPTEUR, Role.GESTIONNAIRE)


class StatutQualification(models.TextChoices):
    EN_ATTENTE = "EN_ATTENTE", "En attente de décision"
    APPROUVEE = "APPROUVEE", "Approuvée"
    SUSPENDUE = "SUSPENDUE", "Suspendue"
    RETIREE = "RETIREE", "Retirée"


class StatutCampagne(models.TextChoices):
    BROUILLON = "BROUILLON", "Brouillon (carnets non générés)"
    GENEREE = "GENEREE", "Carnets générés"
    CLOTUREE = "CLOTUREE", "Clôturée"


class EtatCarnet(models.TextChoices):
    """État d'un carnet, déduit de ses dates (`Carnet.etat_code`) : il n'est pas stocké en double."""

    EMIS = "EMIS", "Émis"
    ATTRIBUE = "ATTRIBUE", "En stock"
    REMIS = "REMIS", "Remis"
    ENTAME = "ENTAME", "Entamé"
    ANNULE = "ANNULE", "Annulé"


class TrancheAge(models.TextChoices):
    MOINS_18 = "MOINS_18", "Moins de 18 ans"
    DE_18_A_24 = "DE_18_A_24", "18 à 24 ans"
    DE_25_A_39 = "DE_25_A_39", "25 à 39 ans"
    DE_40_A_59 = "DE_40_A_59", "40 à 59 ans"
    DE_60_A_69 = "DE_60_A_69", "60 à 69 ans"
    PLUS_70 = "PLUS_70", "70 ans et plus"
    NON_COMMUNIQUE = "NON_COMMUNIQUE", "Non communiqué"


class Situation(models.TextChoices):
    EMPLOI = "EMPLOI", "En emploi"
    RECHERCHE_EMPLOI = "RECHERCHE_EMPLOI", "En recherche d'emploi"
    RETRAITE = "RETRAITE", "À la retraite"
    ETUDES = "ETUDES", "En études ou en formation"
    MINIMA_SOCIAUX = "MINIMA_SOCIAUX", "Bénéficiaire de minima sociaux"
    AUTRE = "AUTRE", "Autre situation"
    NON_COMMUNIQUE = "NON_COMMUNIQUE", "Non communiquée"


class Besoin(models.TextChoices):
    DEMARCHES = "DEMARCHES", "Faire ses démarches en ligne"
    BASES = "BASES", "Prendre en main un ordinateur, une tablette, un téléphone"
    COURRIEL = "COURRIEL", "Utiliser une messagerie électronique"
    EMPLOI = "EMPLOI", "Chercher un emploi en ligne"
    SECURITE = "SECURITE", "Se protéger en ligne"
    FAMILLE = "FAMILLE", "Suivre la scolarité, échanger avec ses proches"
    AUTRE = "AUTRE", "Autre besoin"


class TypeMouvement(models.TextChoices):
    EMISSION = "EMISSION", "Émission des carnets"
    ALLOCATION = "ALLOCATION", "Attribution à une structure"
    DISTRIBUTION = "DISTRIBUTION", "Remise à une personne"
    ENCAISSEMENT = "ENCAISSEMENT", "Encaissement d'un chèque"
    ANNULATION = "ANNULATION", "Annulation (carnet perdu ou volé)"
    CORRECTION = "CORRECTION", "Correction d'un encaissement"
    RELEVE_VALIDE = "RELEVE_VALIDE", "Validation d'un relevé"
    RELEVE_PAYE = "RELEVE_PAYE", "Paiement d'un relevé"
    AVOIR = "AVOIR", "Avoir de fin de campagne"


class StatutReleve(models.TextChoices):
    A_VALIDER = "A_VALIDER", "À valider par le financeur"
    VALIDE = "VALIDE", "Validé, en attente de paiement"
    PAYE = "PAYE", "Payé"


class MotifRefus(models.TextChoices):
    """Raisons de refus d'un encaissement, dans l'ordre où elles sont vérifiées."""

    CODE_INCONNU = "CODE_INCONNU", "Code inconnu"
    CLE_FAUSSE = "CLE_FAUSSE", "Caractère de contrôle faux"
    CAMPAGNE_INACTIVE = "CAMPAGNE_INACTIVE", "Campagne hors de ses dates"
    LIEU_NON_QUALIFIE = "LIEU_NON_QUALIFIE", "Lieu non qualifié"
    SERVICE_NON_ELIGIBLE = "SERVICE_NON_ELIGIBLE", "Service non éligible"
    RESTE_A_CHARGE = "RESTE_A_CHARGE", "Reste à charge non autorisé par la campagne"
    RESTE_NON_ANNONCE = "RESTE_NON_ANNONCE", "Reste à payer pas encore annoncé à la personne"
    NON_ATTRIBUE = "NON_ATTRIBUE", "Carnet attribué à aucune structure"
    NON_REMIS = "NON_REMIS", "Carnet pas encore remis à une personne"
    ANNULE = "ANNULE", "Chèque annulé"
    DEJA_ENCAISSE = "DEJA_ENCAISSE", "Déjà encaissé"
    SEANCE_SUPPRIMEE = "SEANCE_SUPPRIMEE", "Séance supprimée"
    TROP_D_ESSAIS = "TROP_D_ESSAIS", "Trop d'essais"
    OCCUPE = "OCCUPE", "Registre momentanément occupé"


# Refus où le chèque n'avait pas encore été remis à une personne (tentative suspecte : le code vient d'un stock).
MOTIFS_NON_REMIS = (MotifRefus.NON_ATTRIBUE, MotifRefus.NON_REMIS)

# ---------------------------------------------------------------------------------------------------------------
# Changements d'état permis : {état actuel: {états suivants possibles}}. Tout ce qui n'est pas écrit est refusé.
# ---------------------------------------------------------------------------------------------------------------

TRANSITIONS_QUALIFICATION = {
    StatutQualification.EN_ATTENTE: {StatutQualification.APPROUVEE, StatutQualification.RETIREE},
    StatutQualification.APPROUVEE: {StatutQualification.SUSPENDUE, StatutQualification.RETIREE},
    StatutQualification.SUSPENDUE: {StatutQualification.APPROUVEE, StatutQualification.RETIREE},
    # Après un retrait, le lieu peut déposer une nouvelle demande (qui repart « en attente »).
    StatutQualification.RETIREE: {StatutQualification.EN_ATTENTE},
}

# Ce que financeur ou coordination décident (« en attente » ne se décide pas : c'est une nouvelle demande du lieu),
# avec le verbe de la liste de choix.
DECISIONS_QUALIFICATION = {
    StatutQualification.APPROUVEE: "Approuver",
    StatutQualification.SUSPENDUE: "Suspendre",
    StatutQualification.RETIREE: "Retirer",
}

TRANSITIONS_CAMPAGNE = {
    StatutCampagne.BROUILLON: {StatutCampagne.GENEREE},
    StatutCampagne.GENEREE: {StatutCampagne.CLOTUREE},
    StatutCampagne.CLOTUREE: set(),
}

TRANSITIONS_CARNET = {
    # Un carnet peut être annulé (perdu, volé, mal imprimé) à toute étape, et ne revit jamais.
    EtatCarnet.EMIS: {EtatCarnet.ATTRIBUE, EtatCarnet.ANNULE},
    EtatCarnet.ATTRIBUE: {EtatCarnet.REMIS, EtatCarnet.ANNULE},
    EtatCarnet.REMIS: {EtatCarnet.ENTAME, EtatCarnet.ANNULE},
    EtatCarnet.ENTAME: {EtatCarnet.ANNULE},
    EtatCarnet.ANNULE: set(),
}

# Les chèques d'un carnet ne s'encaissent que dans ces états : une fois remis à une personne, jamais annulé.
ETATS_CARNET_ENCAISSABLES = {EtatCarnet.REMIS, EtatCarnet.ENTAME}

TRANSITIONS_RELEVE = {
    StatutReleve.A_VALIDER: {StatutReleve.VALIDE},
    StatutReleve.VALIDE: {StatutReleve.PAYE},
    StatutReleve.PAYE: set(),
}
