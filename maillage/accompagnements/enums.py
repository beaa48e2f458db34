"""Référentiels des accompagnements.

Repris de La Coop de la médiation numérique (thématiques, matériel, durées, niveaux, publics) et d'Aidants Connect
(les dix domaines de démarches), avec des valeurs ASCII stables en base et des libellés en français.
Les besoins d'une orientation et le résultat pour la personne sont le vocabulaire des orientations
(`orientations.enums`) ; ici, seulement leur traduction en thématiques et démarches d'accompagnement.
"""

from django.db import models

from maillage.orientations.enums import Besoin


class TypeAccompagnement(models.TextChoices):
    INDIVIDUEL = "INDIVIDUEL", "Accompagnement individuel"
    COLLECTIF = "COLLECTIF", "Atelier collectif"


class Thematique(models.TextChoices):
    """Thématiques de médiation numérique (hors démarches, détaillées par `Demarche`)."""

    DIAGNOSTIC = "DIAGNOSTIC", "Diagnostic numérique"
    PRISE_EN_MAIN = "PRISE_EN_MAIN", "Prendre en main du matériel"
    MAINTENANCE = "MAINTENANCE", "Maintenance de matériel"
    CONTENUS = "CONTENUS", "Gérer ses contenus numériques"
    NAVIGATION = "NAVIGATION", "Navigation sur internet"
    EMAIL = "EMAIL", "E-mail"
    BUREAUTIQUE = "BUREAUTIQUE", "Bureautique"
    RESEAUX_SOCIAUX = "RESEAUX_SOCIAUX", "Réseaux sociaux, communication"
    SANTE = "SANTE", "Santé"
    BANQUE_ACHATS = "BANQUE_ACHATS", "Banque et achats en ligne"
    ENTREPRENEURIAT = "ENTREPRENEURIAT", "Accompagner un professionnel"
    INSERTION_PRO = "INSERTION_PRO", "Insertion professionnelle"
    SECURITE = "SECURITE", "Prévention en sécurité numérique"
    PARENTALITE = "PARENTALITE", "Parentalité"
    SCOLARITE = "SCOLARITE", "Scolarité et numérique"
    CREER = "CREER", "Créer avec le numérique"
    CULTURE = "CULTURE", "Culture numérique"
    IA = "IA", "Intelligence artificielle (IA)"


class Demarche(models.TextChoices):
    """Les dix domaines de démarches administratives (Aidants Connect, repris par la Coop)."""

    PAPIERS = "PAPIERS", "Papiers, citoyenneté, élections"
    FAMILLE = "FAMILLE", "Famille, scolarité"
    SOCIAL = "SOCIAL", "Social, santé"
    TRAVAIL = "TRAVAIL", "Travail, formation"
    LOGEMENT = "LOGEMENT", "Logement"
    TRANSPORTS = "TRANSPORTS", "Transports, mobilité"
    ARGENT = "ARGENT", "Argent, impôts, consommation"
    JUSTICE = "JUSTICE", "Justice"
    ETRANGER = "ETRANGER", "Étranger, Europe"
    LOISIRS = "LOISIRS", "Loisirs, sport, culture"


DEMARCHE_EXEMPLES = {
    Demarche.PAPIERS: "Carte d'identité, passeport, état civil, élections (ANTS)",
    Demarche.FAMILLE: "Allocations familiales, naissance, mariage, Pacs, école (CAF, EduConnect)",
    Demarche.SOCIAL: "Carte vitale, chômage, handicap, RSA, personnes âgées (ameli, MSA)",
    Demarche.TRAVAIL: "Contrat, concours, retraite, formation (France Travail, Mon compte formation)",
    Demarche.LOGEMENT: "Aide au logement, logement social, fin de bail (CAF, Enedis)",
    Demarche.TRANSPORTS: "Carte grise, permis de conduire, amendes (ANTS, ANTAI)",
    Demarche.ARGENT: "Impôts, banque, assurance, surendettement (impots.gouv.fr)",
    Demarche.JUSTICE: "Casier judiciaire, plainte, aide juridictionnelle",
    Demarche.ETRANGER: "Titre de séjour, attestation d'accueil (ANEF, OFPRA)",
    Demarche.LOISIRS: "Animaux, permis bateau, chasse, tourisme",
}


class Materiel(models.TextChoices):
    ORDINATEUR = "ORDINATEUR", "Ordinateur"
    TELEPHONE = "TELEPHONE", "Téléphone"
    TABLETTE = "TABLETTE", "Tablette"
    AUTRE = "AUTRE", "Autre matériel"
    AUCUN = "AUCUN", "Pas de matériel"


class TypeLieu(models.TextChoices):
    LIEU = "LIEU", "Dans un lieu"
    DOMICILE = "DOMICILE", "À domicile"
    DISTANCE = "DISTANCE", "À distance (téléphone, visio)"
    ARRET = "ARRET", "À un arrêt itinérant"


#: Durées proposées en un clic (minutes) ; toute autre durée reste possible.
DUREES_MINUTES = [15, 30, 45, 60, 90, 120]


def duree_label(minutes: int) -> str:
    """« 15 min », « 1 h », « 1 h 30 »."""
    hours, mins = divmod(int(minutes), 60)
    if not hours:
        return f"{mins} min"
    return f"{hours} h" + (f" {mins:02d}" if mins else "")


class TrancheDuree(models.TextChoices):
    """Tranches pour les statistiques (Coop)."""

    MOINS_30 = "MOINS_30", "Moins de 30 min"
    DE_30_A_60 = "DE_30_A_60", "30 min à 1 h"
    DE_60_A_120 = "DE_60_A_120", "1 h à 2 h"
    PLUS_120 = "PLUS_120", "2 h et plus"


def tranche_duree(minutes: int) -> str:
    if minutes < 30:
        return TrancheDuree.MOINS_30
    if minutes < 60:
        return TrancheDuree.DE_30_A_60
    if minutes < 120:
        return TrancheDuree.DE_60_A_120
    return TrancheDuree.PLUS_120


class FaconDeFaire(models.TextChoices):
    """Comment le besoin a été traité : la trajectoire d'autonomie se lit de la première à la dernière valeur."""

    A_LA_PLACE_SANS_EXPLIQUER = "A_LA_PLACE_SANS_EXPLIQUER", "À la place de la personne, sans expliquer"
    A_LA_PLACE_EN_EXPLIQUANT = "A_LA_PLACE_EN_EXPLIQUANT", "À la place de la personne, en expliquant"
    FAIRE_AVEC = "FAIRE_AVEC", "Faire avec la personne"
    PAR_SOI_MEME = "PAR_SOI_MEME", "Fait par la personne elle-même"


class RaisonALaPlace(models.TextChoices):
    """Pourquoi un besoin a été fait « à la place » (un appui, facultatif). Aucune n'est une faute : « sortir d'une
    vision morale » de la médiation ; le choix de la personne est un choix respecté, compté à part."""

    URGENCE = "URGENCE", "Urgence ou délai"
    CAPACITE = "CAPACITE", "Capacité de la personne à ce moment-là"
    CHOIX_PERSONNE = "CHOIX_PERSONNE", "La personne a préféré qu'on le fasse pour elle"
    EQUIPEMENT = "EQUIPEMENT", "Pas d'équipement ou pas d'identifiants"


#: Façons de faire « à la place » : les seules qui acceptent une raison.
FACONS_A_LA_PLACE = (FaconDeFaire.A_LA_PLACE_SANS_EXPLIQUER, FaconDeFaire.A_LA_PLACE_EN_EXPLIQUANT)


class MotifSuppression(models.TextChoices):
    """Pourquoi une séance enregistrée est supprimée (code fixe au journal, jamais de texte libre)."""

    DOUBLON = "DOUBLON", "Enregistrée deux fois"
    PAS_EU_LIEU = "PAS_EU_LIEU", "La séance n'a pas eu lieu"
    ERREUR = "ERREUR", "Enregistrée par erreur (mauvaise structure, mauvaise personne)"


class AccompagnementEvent(models.TextChoices):
    CORRECTED = "CORRECTED", "Séance corrigée"
    DELETED = "DELETED", "Séance supprimée"


class NiveauAtelier(models.TextChoices):
    DEBUTANT = "DEBUTANT", "Débutant"
    INTERMEDIAIRE = "INTERMEDIAIRE", "Intermédiaire"
    AVANCE = "AVANCE", "Avancé"


class Genre(models.TextChoices):
    FEMININ = "FEMININ", "Féminin"
    MASCULIN = "MASCULIN", "Masculin"
    NON_COMMUNIQUE = "NON_COMMUNIQUE", "Non communiqué"


class TrancheAge(models.TextChoices):
    MOINS_12 = "MOINS_12", "Moins de 12 ans"
    DE_12_A_17 = "DE_12_A_17", "12 - 17 ans"
    DE_18_A_24 = "DE_18_A_24", "18 - 24 ans"
    DE_25_A_39 = "DE_25_A_39", "25 - 39 ans"
    DE_40_A_59 = "DE_40_A_59", "40 - 59 ans"
    DE_60_A_69 = "DE_60_A_69", "60 - 69 ans"
    PLUS_70 = "PLUS_70", "70 ans et plus"
    NON_COMMUNIQUE = "NON_COMMUNIQUE", "Non communiqué"


class StatutSocial(models.TextChoices):
    SCOLARISE = "SCOLARISE", "Scolarisé"
    SANS_EMPLOI = "SANS_EMPLOI", "Sans emploi"
    EN_EMPLOI = "EN_EMPLOI", "En emploi"
    RETRAITE = "RETRAITE", "Retraité"
    NON_COMMUNIQUE = "NON_COMMUNIQUE", "Non communiqué ou hétérogène"


#: Répartitions anonymes d'un atelier : groupe -> enum. Chaque groupe somme au plus au nombre de participants.
REPARTITIONS = {"genre": Genre, "tranche_age": TrancheAge, "statut": StatutSocial}


# --- Besoins d'orientation (orientations.enums) traduits dans le vocabulaire des accompagnements. ---


#: Besoin de démarche -> domaine de démarche (pour pré-remplir l'accompagnement qui suit l'orientation).
BESOIN_DEMARCHE: dict[str, str] = {
    b.value: Demarche(b.value.removeprefix("DEMARCHE_")).value for b in Besoin if b.value.startswith("DEMARCHE_")
}


#: Code d'un besoin traité pendant un accompagnement : une thématique ou un domaine de démarche (« D_PAPIERS »).
def besoin_traite_choices() -> list[tuple[str, str]]:
    return [(t.value, t.label) for t in Thematique] + [(f"D_{d.value}", f"Démarche : {d.label}") for d in Demarche]


def besoin_traite_label(code: str) -> str:
    return dict(besoin_traite_choices()).get(code, code)


#: Besoin d'orientation -> besoin traité en accompagnement (pré-remplissage depuis une orientation).
BESOIN_VERS_TRAITE: dict[str, str] = {
    **{b: f"D_{d}" for b, d in BESOIN_DEMARCHE.items()},
    Besoin.OUTILS_QUOTIDIEN: Thematique.PRISE_EN_MAIN,
    Besoin.INSERTION_PRO: Thematique.INSERTION_PRO,
    Besoin.USAGE_SECURISE: Thematique.SECURITE,
    Besoin.PARENTALITE: Thematique.PARENTALITE,
    Besoin.LOISIRS_CREATION: Thematique.CREER,
    Besoin.COMPREHENSION: Thematique.CULTURE,
    Besoin.ACCES_MATERIEL: Thematique.NAVIGATION,
    Besoin.MATERIEL_SOLIDAIRE: Thematique.MAINTENANCE,
}


class ReponseVoix(models.TextChoices):
    """Réponses au questionnaire anonyme (pictogrammes)."""

    OUI = "OUI", "Oui"
    UN_PEU = "UN_PEU", "Un peu"
    NON = "NON", "Non"


class ReponseCapable(models.TextChoices):
    """« Vous sentez-vous capable de le refaire seul ou seule ? » : préférer qu'on le fasse pour soi est un choix
    respecté, compté à part, jamais avec les « non »."""

    OUI = "OUI", "Oui"
    UN_PEU = "UN_PEU", "Un peu"
    NON = "NON", "Non"
    PREFERE = "PREFERE", "Je préfère qu'on le fasse pour moi"
