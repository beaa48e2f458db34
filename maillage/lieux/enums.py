"""Listes fermées du standard national des lieux de médiation numérique v1.0.2.

Valeurs ASCII stables en base ; le libellé est la valeur exacte du standard (export, import).
"""

from django.db import models


class Service(models.TextChoices):
    AIDE_DEMARCHES = "AIDE_DEMARCHES", "Aide aux démarches administratives"
    OUTILS_QUOTIDIEN = "OUTILS_QUOTIDIEN", "Maîtrise des outils numériques du quotidien"
    INSERTION_PRO = "INSERTION_PRO", "Insertion professionnelle via le numérique"
    USAGE_SECURISE = "USAGE_SECURISE", "Utilisation sécurisée du numérique"
    PARENTALITE = "PARENTALITE", "Parentalité et éducation avec le numérique"
    LOISIRS_CREATION = "LOISIRS_CREATION", "Loisirs et créations numériques"
    COMPREHENSION = "COMPREHENSION", "Compréhension du monde numérique"
    ACCES_MATERIEL = "ACCES_MATERIEL", "Accès internet et matériel informatique"
    MATERIEL_SOLIDAIRE = "MATERIEL_SOLIDAIRE", "Acquisition de matériel informatique à prix solidaire"


class Public(models.TextChoices):
    JEUNES = "JEUNES", "Jeunes"
    ETUDIANTS = "ETUDIANTS", "Étudiants"
    FAMILLES_ENFANTS = "FAMILLES_ENFANTS", "Familles et/ou enfants"
    SENIORS = "SENIORS", "Seniors"
    FEMMES = "FEMMES", "Femmes"


class PriseEnCharge(models.TextChoices):
    SURDITE = "SURDITE", "Surdité"
    HANDICAPS_MOTEURS = "HANDICAPS_MOTEURS", "Handicaps moteurs"
    HANDICAPS_MENTAUX = "HANDICAPS_MENTAUX", "Handicaps mentaux"
    ILLETTRISME = "ILLETTRISME", "Illettrisme"
    LANGUES_ANGLAIS = "LANGUES_ANGLAIS", "Langues étrangères (anglais)"
    LANGUES_AUTRES = "LANGUES_AUTRES", "Langues étrangères (autres)"
    DEFICIENCE_VISUELLE = "DEFICIENCE_VISUELLE", "Déficience visuelle"


class Frais(models.TextChoices):
    GRATUIT = "GRATUIT", "Gratuit"
    GRATUIT_SOUS_CONDITION = "GRATUIT_SOUS_CONDITION", "Gratuit sous condition"
    PAYANT = "PAYANT", "Payant"


class Dispositif(models.TextChoices):
    AIDANTS_CONNECT = "AIDANTS_CONNECT", "Aidants Connect"
    BNR = "BNR", "Bibliothèques numérique de référence"
    PIX = "PIX", "Certification PIX"
    CONSEILLERS_NUMERIQUES = "CONSEILLERS_NUMERIQUES", "Conseillers numériques"
    EMMAUS_CONNECT = "EMMAUS_CONNECT", "Emmaüs Connect"
    FRANCE_SERVICES = "FRANCE_SERVICES", "France Services"
    GEN = "GEN", "Grande école du numérique"
    CROIX_ROUGE = "CROIX_ROUGE", "La Croix Rouge"
    POINT_CAF = "POINT_CAF", "Point d'accès numérique CAF"
    PROMENEURS_DU_NET = "PROMENEURS_DU_NET", "Promeneurs du net"
    RELAIS_EMMAUS = "RELAIS_EMMAUS", "Relais numérique (Emmaüs Connect)"


class FormationLabel(models.TextChoices):
    MON_ESPACE_SANTE = "MON_ESPACE_SANTE", "Formé à « Mon Espace Santé »"
    DUPLEX = "DUPLEX", "Formé à « DUPLEX » (illettrisme)"
    ARNIA = "ARNIA", "Arnia/MedNum BFC (Bourgogne-Franche-Comté)"
    REEMPLOI_NORMANDIE = "REEMPLOI_NORMANDIE", "Collectif ressources et acteurs réemploi (Normandie)"
    ETAPES_NUMERIQUES = "ETAPES_NUMERIQUES", "Étapes numériques (La Poste)"
    FABRIQUES_TERRITOIRE = "FABRIQUES_TERRITOIRE", "Fabriques de Territoire"
    ECLAIREURS = "ECLAIREURS", "Les Éclaireurs du numérique (Drôme)"
    MES_PAPIERS = "MES_PAPIERS", "Mes Papiers (Métropole de Lyon)"
    ORDI3 = "ORDI3", "ORDI 3.0"
    SUD_LABS = "SUD_LABS", "SUD LABS (PACA)"


class ModaliteAcces(models.TextChoices):
    SE_PRESENTER = "SE_PRESENTER", "Se présenter"
    TELEPHONER = "TELEPHONER", "Téléphoner"
    MAIL = "MAIL", "Contacter par mail"
    RDV_EN_LIGNE = "RDV_EN_LIGNE", "Prendre un RDV en ligne"
    PAS_DE_PUBLIC = "PAS_DE_PUBLIC", "Ce lieu n'accueille pas de public"
    FICHE_PRESCRIPTION = "FICHE_PRESCRIPTION", "Envoyer un mail avec une fiche de prescription"


class ModaliteAccompagnement(models.TextChoices):
    AUTONOMIE = "AUTONOMIE", "En autonomie"
    INDIVIDUEL = "INDIVIDUEL", "Accompagnement individuel"
    ATELIER = "ATELIER", "Dans un atelier collectif"
    A_DISTANCE = "A_DISTANCE", "À distance"


class Itinerance(models.TextChoices):
    ITINERANT = "ITINERANT", "Itinérant"
    FIXE = "FIXE", "Fixe"


class StatutLieu(models.TextChoices):
    BROUILLON = "BROUILLON", "Brouillon"
    PUBLIE = "PUBLIE", "Publié"
    FERME = "FERME", "Fermé"


# — « Trouver le bon lieu » : les besoins en mots simples, tels que la carte nationale les regroupe —
# (anct-cartographie-nationale/cartographie : besoins-filters.tsx ; descriptions : client-application, orientation).


class Besoin(models.TextChoices):
    DEMARCHES = "DEMARCHES", "Faire une démarche en ligne"
    APPRENTISSAGE = "APPRENTISSAGE", "Apprendre à utiliser le numérique"
    MATERIEL = "MATERIEL", "Avoir un ordinateur ou Internet"


BESOIN_SERVICES: dict[str, list[str]] = {
    Besoin.DEMARCHES: [Service.AIDE_DEMARCHES, Service.INSERTION_PRO],
    Besoin.APPRENTISSAGE: [
        Service.OUTILS_QUOTIDIEN,
        Service.USAGE_SECURISE,
        Service.PARENTALITE,
        Service.LOISIRS_CREATION,
        Service.COMPREHENSION,
    ],
    Besoin.MATERIEL: [Service.ACCES_MATERIEL, Service.MATERIEL_SOLIDAIRE],
}

BESOIN_DESCRIPTIONS: dict[str, str] = {
    Besoin.DEMARCHES: "CAF, Ameli, impôts, France Travail, CV, recherche d'emploi ou de formation…",
    Besoin.APPRENTISSAGE: "Mails, smartphone, ordinateur, sécurité en ligne, applications scolaires, photo et vidéo…",
    Besoin.MATERIEL: "Utiliser un ordinateur, une imprimante, le wifi ; acheter du matériel à petit prix…",
}

# Ce que chaque service veut dire, pour une personne (descriptions de l'orientation de la carte nationale).
SERVICE_DESCRIPTIONS: dict[str, str] = {
    Service.AIDE_DEMARCHES: (
        "Demande CAF, CPAM, France Travail, mon espace santé, Ameli, prise en main des sites et applications "
        "administratifs…"
    ),
    Service.OUTILS_QUOTIDIEN: (
        "Mails, réseaux sociaux, achats et prise de rendez-vous en ligne, utiliser un ordinateur, un smartphone "
        "ou une tablette…"
    ),
    Service.INSERTION_PRO: "CV, recherche d'emploi ou de formation…",
    Service.USAGE_SECURISE: "Aider à naviguer sur Internet de manière sûre et responsable",
    Service.PARENTALITE: "Être parent à l'ère du numérique, utiliser des applications éducatives, scolaires…",
    Service.LOISIRS_CREATION: "Montage photo, vidéo, fablab…",
    Service.COMPREHENSION: "Sécurité, fausses informations, gestion des données…",
    Service.ACCES_MATERIEL: "Ordinateur, imprimante, scanner, wifi, clé 4G…",
    Service.MATERIEL_SOLIDAIRE: "Ordinateur, smartphone, clé 4G, forfait internet à prix solidaire…",
}


def besoin_for_service(service: str) -> str | None:
    """Le besoin (groupe) auquel appartient un service, ou None."""
    for besoin, services in BESOIN_SERVICES.items():
        if service in services:
            return besoin
    return None
