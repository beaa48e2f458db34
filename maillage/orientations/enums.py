"""Référentiels des orientations : besoins de la personne, résultat, statuts, refus.

Le référentiel des besoins est aligné sur les services du standard des lieux (`lieux.enums.Service`) et sur les
dix domaines de démarches : un besoin se traduit toujours en un service recherché dans les lieux. Le résultat pour
la personne sert aussi à la séance d'accompagnement (même liste, mêmes valeurs en base).
"""

from django.db import models

from maillage.lieux.enums import Service


class Besoin(models.TextChoices):
    DEMARCHE_PAPIERS = "DEMARCHE_PAPIERS", "Démarche : papiers, citoyenneté, élections"
    DEMARCHE_FAMILLE = "DEMARCHE_FAMILLE", "Démarche : famille, scolarité"
    DEMARCHE_SOCIAL = "DEMARCHE_SOCIAL", "Démarche : social, santé (RSA, CAF, ameli…)"
    DEMARCHE_TRAVAIL = "DEMARCHE_TRAVAIL", "Démarche : travail, formation"
    DEMARCHE_LOGEMENT = "DEMARCHE_LOGEMENT", "Démarche : logement"
    DEMARCHE_TRANSPORTS = "DEMARCHE_TRANSPORTS", "Démarche : transports, mobilité"
    DEMARCHE_ARGENT = "DEMARCHE_ARGENT", "Démarche : argent, impôts, consommation"
    DEMARCHE_JUSTICE = "DEMARCHE_JUSTICE", "Démarche : justice"
    DEMARCHE_ETRANGER = "DEMARCHE_ETRANGER", "Démarche : étranger, Europe"
    DEMARCHE_LOISIRS = "DEMARCHE_LOISIRS", "Démarche : loisirs, sport, culture"
    OUTILS_QUOTIDIEN = "OUTILS_QUOTIDIEN", "Apprendre à utiliser un ordinateur, un téléphone, internet"
    INSERTION_PRO = "INSERTION_PRO", "Chercher un emploi avec le numérique"
    USAGE_SECURISE = "USAGE_SECURISE", "Se protéger en ligne (arnaques, mots de passe)"
    PARENTALITE = "PARENTALITE", "Accompagner ses enfants avec le numérique"
    LOISIRS_CREATION = "LOISIRS_CREATION", "Loisirs et créations numériques"
    COMPREHENSION = "COMPREHENSION", "Comprendre le monde numérique"
    ACCES_MATERIEL = "ACCES_MATERIEL", "Avoir accès à un ordinateur ou à internet"
    MATERIEL_SOLIDAIRE = "MATERIEL_SOLIDAIRE", "Acheter du matériel à petit prix"


#: Besoin -> service recherché dans les lieux (standard national).
BESOIN_SERVICE: dict[str, str] = {
    **{b.value: Service.AIDE_DEMARCHES.value for b in Besoin if b.value.startswith("DEMARCHE_")},
    **{b.value: Service(b.value).value for b in Besoin if not b.value.startswith("DEMARCHE_")},
}

#: Ce qu'il faut apporter, par besoin : imprimé sur la fiche remise à la personne.
A_APPORTER_COMMUN = ["une pièce d'identité", "votre téléphone portable si vous en avez un"]
A_APPORTER: dict[str, list[str]] = {
    Besoin.DEMARCHE_PAPIERS: ["une photo d'identité récente si vous en avez une", "un justificatif de domicile"],
    Besoin.DEMARCHE_FAMILLE: ["votre numéro d'allocataire CAF", "le livret de famille"],
    Besoin.DEMARCHE_SOCIAL: ["votre carte Vitale", "votre numéro d'allocataire CAF ou MSA", "vos derniers revenus"],
    Besoin.DEMARCHE_TRAVAIL: ["votre identifiant France Travail", "votre CV si vous en avez un"],
    Besoin.DEMARCHE_LOGEMENT: ["votre bail ou une quittance de loyer", "votre numéro d'allocataire CAF"],
    Besoin.DEMARCHE_TRANSPORTS: ["votre permis de conduire ou la carte grise"],
    Besoin.DEMARCHE_ARGENT: ["votre dernier avis d'impôt", "votre numéro fiscal"],
    Besoin.DEMARCHE_JUSTICE: ["les courriers reçus à ce sujet"],
    Besoin.DEMARCHE_ETRANGER: ["votre titre de séjour ou récépissé", "votre passeport"],
    Besoin.INSERTION_PRO: ["votre CV si vous en avez un", "votre identifiant France Travail"],
    Besoin.ACCES_MATERIEL: ["une clé USB si vous voulez garder vos documents"],
}


def a_apporter(besoins: list[str]) -> list[str]:
    """Liste sans doublon, dans l'ordre, de ce que la personne doit apporter."""
    items = list(A_APPORTER_COMMUN)
    for besoin in besoins:
        for item in A_APPORTER.get(besoin, []):
            if item not in items:
                items.append(item)
    items.append("vos identifiants (adresse électronique, mots de passe) si vous les avez")
    return items


class Resultat(models.TextChoices):
    RESOLU = "RESOLU", "Résolu"
    EN_PARTIE = "EN_PARTIE", "Résolu en partie"
    NON = "NON", "Non résolu"
    SANS_OBJET = "SANS_OBJET", "Sans objet"


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


class OrientationEvent(models.TextChoices):
    CREATED = "CREATED", "Orientation envoyée"
    ACCEPTED = "ACCEPTED", "Orientation acceptée"
    DECLINED = "DECLINED", "Orientation refusée"
    REDIRECTED = "REDIRECTED", "Orientation redirigée"
    CLOSED = "CLOSED", "Orientation close"
    REMINDED = "REMINDED", "Relance : pas de réponse"
    DEADLINE_PASSED = "DEADLINE_PASSED", "Relance : échéance dépassée"
    ANONYMIZED = "ANONYMIZED", "Données personnelles effacées"
