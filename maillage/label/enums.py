"""Listes fermées du label « Tous aidants » : compétences Pix, sources d'un niveau, états d'une demande, journal.

Les changements d'état permis d'une demande sont écrits une seule fois ici (`TRANSITIONS_DEMANDE`) : le service
appelle `check_transition`, un test couvre chaque paire.
"""

from django.db import models

from maillage.core.transitions import check_transition  # noqa: F401 — la règle commune, réexportée

# Référentiel Pix / CRCN (décret n° 2019-919 du 30 août 2019) : codes et intitulés tels que publiés par Pix,
# relevés dans 1024pix/pix, api/src/certification/results/application/certificate-preview-controller.js
# (constante AREAS, @ c7d7d96ad20f64c48600dbba2760d64f377b56b6). Donnée de référence : jamais lue au démarrage
# dans un fichier extérieur.
DOMAINES = {
    "1": "Informations et données",
    "2": "Communication et collaboration",
    "3": "Création de contenu",
    "4": "Protection et sécurité",
    "5": "Environnement numérique",
}


class Competence(models.TextChoices):
    """Les 16 compétences Pix (code « 1.1 » … « 5.2 », intitulé officiel)."""

    C1_1 = "1.1", "Mener une recherche et une veille d'information"
    C1_2 = "1.2", "Gérer des données"
    C1_3 = "1.3", "Traiter des données"
    C2_1 = "2.1", "Interagir"
    C2_2 = "2.2", "Partager et publier"
    C2_3 = "2.3", "Collaborer"
    C2_4 = "2.4", "S'insérer dans le monde numérique"
    C3_1 = "3.1", "Développer des documents textuels"
    C3_2 = "3.2", "Développer des documents multimédia"
    C3_3 = "3.3", "Adapter les documents à leur finalité"
    C3_4 = "3.4", "Programmer"
    C4_1 = "4.1", "Sécuriser l'environnement numérique"
    C4_2 = "4.2", "Protéger les données personnelles et la vie privée"
    C4_3 = "4.3", "Se protéger des risques"
    C5_1 = "5.1", "Résoudre des problèmes techniques"
    C5_2 = "5.2", "Construire un environnement numérique"


#: Une ligne en mots simples par compétence (page « Mes compétences ») : ce que l'on sait faire, sans jargon.
EXPLICATIONS_COMPETENCES = {
    "1.1": "Chercher une information sur internet et juger si elle est fiable.",
    "1.2": "Ranger ses fichiers et ses documents pour les retrouver.",
    "1.3": "Faire un tableau, trier des chiffres, faire un calcul simple.",
    "2.1": "Écrire un courriel, appeler en visio, échanger par message.",
    "2.2": "Envoyer une photo, une pièce jointe, publier un message.",
    "2.3": "Travailler à plusieurs sur un même document ou un agenda partagé.",
    "2.4": "Gérer son identité en ligne, ses comptes, ses démarches.",
    "3.1": "Écrire et mettre en forme une lettre, un CV.",
    "3.2": "Faire ou retoucher une photo, un son, une vidéo.",
    "3.3": "Transformer un document : en PDF, imprimé, lisible par toutes et tous.",
    "3.4": "Automatiser une tâche simple, comprendre ce qu'est un programme.",
    "4.1": "Protéger ses appareils : mots de passe, mises à jour, antivirus.",
    "4.2": "Protéger ses données personnelles et celles des autres.",
    "4.3": "Reconnaître une arnaque, se protéger du harcèlement et des écrans.",
    "5.1": "Dépanner un appareil, libérer de la place, régler une connexion.",
    "5.2": "Choisir et installer ses applications, régler son téléphone.",
}

#: Nom de la colonne d'un niveau (« 4.2 » → « n4_2 ») : une colonne par compétence (décision 0012).
CHAMPS = {c.value: "n" + c.value.replace(".", "_") for c in Competence}

NIVEAU_MAX = 8
#: Les 8 niveaux du CRCN regroupés comme sur Pix (0 : pré-débutant ; 1–2 novice ; 3–4 indépendant…).
NIVEAUX_PIX = [
    (0, "0 — Pré-débutant"),
    (1, "1 — Novice"),
    (2, "2 — Novice"),
    (3, "3 — Indépendant"),
    (4, "4 — Indépendant"),
    (5, "5 — Avancé"),
    (6, "6 — Avancé"),
    (7, "7 — Expert"),
    (8, "8 — Expert"),
]


def domaine_de(code: str) -> str:
    return code.split(".")[0]


class SourceNiveau(models.TextChoices):
    AUTO_DECLARE = "AUTO_DECLARE", "Auto-déclaré (je l'estime moi-même)"
    PIX_PROFIL = "PIX_PROFIL", "Lu sur mon profil Pix"
    PIX_CERTIFICATION = "PIX_CERTIFICATION", "Certification Pix"


class StatutDemande(models.TextChoices):
    EN_COURS = "EN_COURS", "Demande en cours"
    ACCORDE = "ACCORDE", "Label accordé"
    REFUSE = "REFUSE", "Label refusé"
    A_RENOUVELER = "A_RENOUVELER", "Label à renouveler"
    RETIRE = "RETIRE", "Label retiré"


#: Changements d'état permis d'une demande : {état actuel: {états suivants}}. Tout le reste est refusé.
TRANSITIONS_DEMANDE = {
    StatutDemande.EN_COURS: {StatutDemande.ACCORDE, StatutDemande.REFUSE},
    # Le cron fait passer un label échu « à renouveler » ; la commission peut le retirer à tout moment.
    StatutDemande.ACCORDE: {StatutDemande.A_RENOUVELER, StatutDemande.RETIRE},
    # Renouveler : la commission accorde de nouveau (les trois piliers revérifiés), refuse ou retire.
    StatutDemande.A_RENOUVELER: {StatutDemande.ACCORDE, StatutDemande.REFUSE, StatutDemande.RETIRE},
    # Refus et retrait sont définitifs pour cette demande : la personne en dépose une nouvelle.
    StatutDemande.REFUSE: set(),
    StatutDemande.RETIRE: set(),
}

#: Demandes « ouvertes » : une seule à la fois par personne, niveau et territoire.
STATUTS_OUVERTS = (StatutDemande.EN_COURS, StatutDemande.ACCORDE, StatutDemande.A_RENOUVELER)


class Pilier(models.TextChoices):
    CHARTE = "CHARTE", "Charte"
    COMPETENCES = "COMPETENCES", "Compétences numériques"
    POSTURE = "POSTURE", "Posture (entretien entre pairs)"


class ResultatCritere(models.TextChoices):
    ACQUIS = "ACQUIS", "Acquis"
    A_TRAVAILLER = "A_TRAVAILLER", "À travailler"


class Avis(models.TextChoices):
    FAVORABLE = "FAVORABLE", "Favorable"
    DEFAVORABLE = "DEFAVORABLE", "Défavorable"


#: La grille de posture d'exemple, tirée des ateliers du carnet de Charente-Maritime (à adapter par le territoire).
GRILLE_EXEMPLE = [
    "Un espace d'accueil approprié",
    "Une attitude patiente et pédagogue",
    "L'écoute active",
    "L'empathie",
    "Le respect de l'intimité de la personne",
    "La valorisation de la personne accompagnée",
    "Décider avec la personne de « faire avec », « faire pour » ou « faire faire »",
]


class LabelEvent(models.TextChoices):
    REFERENTIEL_PUBLIE = "REFERENTIEL_PUBLIE", "Référentiel publié (nouvelle version)"
    NIVEAUX_SAISIS = "NIVEAUX_SAISIS", "Niveaux de compétences saisis"
    PAIR_FONDATEUR = "PAIR_FONDATEUR", "Pair fondateur désigné"
    DEMANDE_DEPOSEE = "DEMANDE_DEPOSEE", "Demande de label déposée"
    ENTRETIEN = "ENTRETIEN", "Entretien entre pairs enregistré"
    ACCORDE = "ACCORDE", "Label accordé"
    REFUSE = "REFUSE", "Label refusé"
    RELANCE_60 = "RELANCE_60", "Rappel : fin du label dans 60 jours"
    RELANCE_30 = "RELANCE_30", "Rappel : fin du label dans 30 jours"
    A_RENOUVELER = "A_RENOUVELER", "Label échu : à renouveler"
    RETIRE = "RETIRE", "Label retiré"
