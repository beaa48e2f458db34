"""Listes fermées des formations et du service civique : formats, financements, états, critères, journal.

Les changements d'état permis sont écrits une seule fois ici (`TRANSITIONS_*`) : les services appellent
`core.transitions.check_transition`, un test couvre chaque paire.
"""

from django.db import models


class Theme(models.TextChoices):
    ACCUEIL_POSTURE = "ACCUEIL_POSTURE", "Accueil et posture de l'aidant"
    DEMARCHES = "DEMARCHES", "Démarches administratives en ligne"
    DONNEES_SECURITE = "DONNEES_SECURITE", "Données personnelles et sécurité"
    OUTILS = "OUTILS", "Outils et environnement numérique"
    INFORMATION = "INFORMATION", "Information, fausses nouvelles, citoyenneté numérique"
    ANIMATION = "ANIMATION", "Animer un atelier, former d'autres aidants"


#: Le thème d'un domaine Pix, pour ranger un écart dans la vue des besoins (« 4.2 » → données et sécurité).
THEME_DU_DOMAINE = {
    "1": Theme.INFORMATION,
    "2": Theme.DEMARCHES,
    "3": Theme.OUTILS,
    "4": Theme.DONNEES_SECURITE,
    "5": Theme.OUTILS,
}


class Format(models.TextChoices):
    PRESENTIEL = "PRESENTIEL", "En présentiel"
    DISTANCE = "DISTANCE", "À distance"
    MIXTE = "MIXTE", "Mixte (présentiel et distance)"


class Financement(models.TextChoices):
    GRATUIT = "GRATUIT", "Gratuite"
    PASS = "PASS", "Payable avec le Pass numérique"
    EMPLOYEUR = "EMPLOYEUR", "Payée par l'employeur ou un OPCO"
    AUTRE = "AUTRE", "Autre financement"


class EtatInscription(models.TextChoices):
    INSCRITE = "INSCRITE", "Inscrite ou inscrit"
    ATTENTE = "ATTENTE", "En liste d'attente"
    ANNULEE = "ANNULEE", "Annulée"
    PRESENTE = "PRESENTE", "Présente ou présent"
    ABSENTE = "ABSENTE", "Absente ou absent"


#: Une place se libère à l'annulation : la première personne en attente passe « inscrite ».
TRANSITIONS_INSCRIPTION = {
    EtatInscription.ATTENTE: {EtatInscription.INSCRITE, EtatInscription.ANNULEE},
    EtatInscription.INSCRITE: {EtatInscription.ANNULEE, EtatInscription.PRESENTE, EtatInscription.ABSENTE},
    # Une erreur de pointage se corrige (présente ↔ absente) ; une annulation est définitive (on se réinscrit).
    EtatInscription.PRESENTE: {EtatInscription.ABSENTE},
    EtatInscription.ABSENTE: {EtatInscription.PRESENTE},
    EtatInscription.ANNULEE: set(),
}
#: États qui tiennent une place dans la session.
ETATS_PLACE = (EtatInscription.INSCRITE, EtatInscription.PRESENTE, EtatInscription.ABSENTE)
ETATS_OUVERTS = (*ETATS_PLACE, EtatInscription.ATTENTE)


class Critere(models.TextChoices):
    """Les quatre critères d'une bonne mission de service civique (carnet de Maine-et-Loire, SDJES 49)."""

    NON_ESSENTIEL = (
        "NON_ESSENTIEL",
        ("Le ou la volontaire n'est pas essentiel : la structure tourne normalement s'il ou elle s'absente"),
    )
    APPROPRIATION = (
        "APPROPRIATION",
        ("Le ou la volontaire s'approprie sa mission, s'exprime, est écouté et fait des propositions"),
    )
    TEMPS_LIBRE = "TEMPS_LIBRE", "Le ou la volontaire dispose de temps non contraint pour accompagner les publics"
    INTERPELLER = "INTERPELLER", "Le ou la volontaire peut interpeller la structure sur son fonctionnement"


class EtatMission(models.TextChoices):
    PROPOSEE = "PROPOSEE", "Proposée, à valider"
    VALIDEE = "VALIDEE", "Validée"
    A_REVOIR = "A_REVOIR", "À revoir avec la structure"
    CLOSE = "CLOSE", "Close"


TRANSITIONS_MISSION = {
    EtatMission.PROPOSEE: {EtatMission.VALIDEE, EtatMission.A_REVOIR},
    EtatMission.A_REVOIR: {EtatMission.PROPOSEE, EtatMission.VALIDEE},
    # Une mission qui dérive repasse « à revoir » ; une mission finie se clôt.
    EtatMission.VALIDEE: {EtatMission.A_REVOIR, EtatMission.CLOSE},
    EtatMission.CLOSE: set(),
}


class EtatVolontaire(models.TextChoices):
    EN_MISSION = "EN_MISSION", "En mission"
    TERMINEE = "TERMINEE", "Mission terminée"
    FIN_ANTICIPEE = "FIN_ANTICIPEE", "Fin anticipée"


TRANSITIONS_VOLONTAIRE = {
    EtatVolontaire.EN_MISSION: {EtatVolontaire.TERMINEE, EtatVolontaire.FIN_ANTICIPEE},
    EtatVolontaire.TERMINEE: set(),
    EtatVolontaire.FIN_ANTICIPEE: set(),
}


class TypeRencontre(models.TextChoices):
    FORMATION = "FORMATION", "Journée de formation"
    REGROUPEMENT = "REGROUPEMENT", "Regroupement"


class FormationEvent(models.TextChoices):
    FORMATION_CREEE = "FORMATION_CREEE", "Formation créée"
    SESSION_CREEE = "SESSION_CREEE", "Session programmée"
    INSCRIT = "INSCRIT", "Inscription"
    EN_ATTENTE = "EN_ATTENTE", "Inscription en liste d'attente"
    PROMU = "PROMU", "Passage de la liste d'attente à inscrit"
    ANNULE = "ANNULE", "Inscription annulée"
    PRESENCE = "PRESENCE", "Présence pointée"
    COMPETENCES = "COMPETENCES", "Compétences mises à jour par la formation"
    DEMANDE = "DEMANDE", "Besoin de formation exprimé"
    COHORTE = "COHORTE", "Cohorte créée"
    MISSION_PROPOSEE = "MISSION_PROPOSEE", "Mission proposée"
    MISSION_VALIDEE = "MISSION_VALIDEE", "Mission validée"
    MISSION_REFUSEE = "MISSION_REFUSEE", "Mission à revoir"
    VOLONTAIRE = "VOLONTAIRE", "Volontaire accueilli"
    RENCONTRE = "RENCONTRE", "Journée ou regroupement programmé"
    PRESENCE_SC = "PRESENCE_SC", "Présence à une journée pointée"
    POINT_ETAPE = "POINT_ETAPE", "Point d'étape"
    ALERTE = "ALERTE", "Alerte de dérive de mission"
    FIN_MISSION = "FIN_MISSION", "Fin de mission"
