"""Écritures sur les accompagnements, les personnes suivies et le questionnaire. Tout ou rien."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from maillage.accompagnements import enums
from maillage.accompagnements.models import (
    Accompagnement,
    Beneficiaire,
    BeneficiaireEvent,
    BeneficiaireJournal,
    BesoinTraite,
    ReponseQuestionnaire,
    Suivi,
)
from maillage.comptes.models import Structure, User
from maillage.core.enums import TypeConsentement
from maillage.core.models import Commune, TexteConsentement
from maillage.lieux.models import Arret, Lieu
from maillage.orientations import services as orientation_services
from maillage.orientations.enums import Resultat, StatutOrientation
from maillage.orientations.models import Orientation

#: Sans activité pendant ce délai, une personne suivie est anonymisée.
CONSERVATION_SUIVI = timedelta(days=730)
MAX_PARTICIPANTS = 10_000
#: Une séance se saisit au plus 5 ans après (au-delà : faute de frappe dans l'année).
ANCIENNETE_MAX = timedelta(days=5 * 365)


@dataclass
class OrientationSuite:
    """Orientation faite à la fin de la séance (créée par le service des orientations)."""

    lieu: Lieu
    besoins: list[str]
    consentement: TexteConsentement
    personne_prenom: str = ""
    message: str = ""


def _date_error(date_: date) -> str | None:
    if date_ > timezone.localdate():
        return "La date ne peut pas être dans le futur."
    if date_ < timezone.localdate() - ANCIENNETE_MAX:  # « 0025 » tapé pour « 2025 » : une faute de frappe
        return "Cette date est trop ancienne (plus de 5 ans) : vérifiez l'année."
    return None


def _duree_error(duree: int | None) -> str | None:
    if duree is None or duree <= 0:
        return "La durée doit être d'au moins une minute."
    if duree > 24 * 60:
        return "Une séance dure au plus 24 heures."
    return None


def place_errors(*, type_lieu: str, lieu: Lieu | None, arret: Arret | None, commune: Commune | None) -> dict[str, str]:
    """Chaque sorte de lieu demande son objet : un lieu, un arrêt itinérant ou la commune du domicile."""
    if type_lieu == enums.TypeLieu.LIEU and lieu is None:
        return {"lieu": "Choisissez le lieu de l'accompagnement."}
    if type_lieu == enums.TypeLieu.ARRET and arret is None:
        return {"arret": "Choisissez l'arrêt itinérant."}
    if type_lieu == enums.TypeLieu.DOMICILE and commune is None:
        return {"commune": "Indiquez la commune où la personne habite."}
    return {}


def _besoins_error(besoins: dict[str, str], raisons: dict[str, str] | None = None) -> str | None:
    """Le dernier problème trouvé l'emporte (même ordre de vérification qu'avant le découpage)."""
    valid_codes = {code for code, _ in enums.besoin_traite_choices()}
    raisons = {code: r for code, r in (raisons or {}).items() if r}
    if set(raisons.values()) - set(enums.RaisonALaPlace.values):
        return "Raison inconnue."
    if any(besoins.get(code) not in enums.FACONS_A_LA_PLACE for code in raisons):
        return "Une raison ne se donne que pour un besoin fait à la place de la personne."
    if set(besoins.values()) - set(enums.FaconDeFaire.values):
        return "Indiquez comment chaque besoin a été traité."
    if set(besoins) - valid_codes:
        return "Thématique inconnue."
    if not besoins:
        return "Indiquez au moins une thématique ou une démarche."
    return None


def _repartitions_error(repartitions: dict | None, participants: int) -> str | None:
    error = None
    for group, enum in enums.REPARTITIONS.items():
        values = (repartitions or {}).get(group, {})
        if set(values) - set(enum.values) or any(int(v) < 0 for v in values.values()):
            error = "Répartition inconnue ou négative."
        elif sum(int(v) for v in values.values()) > participants:
            error = "La somme d'une répartition (genre, âge ou statut) dépasse le nombre de participants."
    return error


def _atelier_errors(*, participants: int | None, repartitions: dict | None, niveau: str) -> dict[str, str]:
    """Un atelier collectif : nombre de participants, répartitions qui n'en dépassent pas le nombre, niveau."""
    errors = {}
    if not participants or participants < 1:
        errors["participants"] = "Un atelier compte au moins un participant."
    elif participants > MAX_PARTICIPANTS:
        errors["participants"] = f"Un atelier compte au plus {MAX_PARTICIPANTS} participants."
    elif error := _repartitions_error(repartitions, participants):
        errors["repartitions"] = error
    if niveau and niveau not in enums.NiveauAtelier.values:
        errors["niveau"] = "Niveau inconnu."
    return errors


def validate_seance(
    *, type: str, date_: date, duree: int | None, type_lieu: str, lieu: Lieu | None, arret: Arret | None,
    commune: Commune | None, besoins: dict[str, str], materiel: list[str], resultat: str, participants: int | None,
    repartitions: dict | None, niveau: str, raisons: dict[str, str] | None = None,
) -> None:  # fmt: skip
    """Toutes les erreurs d'une saisie à la fois, chacune sous le nom de son champ."""
    errors = {}
    if error := _date_error(date_):
        errors["date"] = error
    if error := _duree_error(duree):
        errors["duree"] = error
    if type not in enums.TypeAccompagnement.values:
        errors["type"] = "Choisissez accompagnement individuel ou atelier collectif."
    errors |= place_errors(type_lieu=type_lieu, lieu=lieu, arret=arret, commune=commune)
    if error := _besoins_error(besoins, raisons):
        errors["besoins"] = error
    if set(materiel) - set(enums.Materiel.values):
        errors["materiel"] = "Matériel inconnu."
    if resultat and resultat not in Resultat.values:
        errors["resultat"] = "Résultat inconnu."
    if type == enums.TypeAccompagnement.COLLECTIF:
        errors |= _atelier_errors(participants=participants, repartitions=repartitions, niveau=niveau)
    if errors:
        raise ValidationError(errors)


def check_structure_links(*, structure: Structure, type_lieu: str, lieu: Lieu | None, arret: Arret | None) -> None:
    """Le lieu ou l'arrêt choisi appartient à la structure de la séance."""
    if type_lieu == enums.TypeLieu.LIEU and lieu is not None and lieu.structure_id != structure.pk:
        raise ValidationError(
            {"lieu": "Ce lieu n'est pas celui de la structure choisie : choisissez l'un de ses lieux."}
        )
    if type_lieu == enums.TypeLieu.ARRET and arret is not None and arret.lieu.structure_id != structure.pk:
        raise ValidationError({"arret": "Cet arrêt n'est pas celui de la structure choisie."})


def create_besoins(*, accompagnement: Accompagnement, besoins: dict[str, str], raisons: dict[str, str] | None) -> None:
    """Les besoins traités d'une séance, chacun avec sa façon de faire et, « à la place », sa raison facultative."""
    raisons = raisons or {}
    BesoinTraite.objects.bulk_create(
        [
            BesoinTraite(
                accompagnement=accompagnement,
                structure_id=accompagnement.structure_id,
                date=accompagnement.date,
                besoin=code,
                facon=facon,
                poids=accompagnement.participants,
                raison=raisons.get(code, "") if facon in enums.FACONS_A_LA_PLACE else "",
            )  # fmt: skip
            for code, facon in besoins.items()
        ]
    )


@transaction.atomic
def record_accompagnement(
    *,
    by: User,
    structure: Structure,
    date: date,
    duree: int,
    besoins: dict[str, str],
    raisons: dict[str, str] | None = None,
    type: str = enums.TypeAccompagnement.INDIVIDUEL,
    type_lieu: str = enums.TypeLieu.LIEU,
    lieu: Lieu | None = None,
    arret: Arret | None = None,
    commune: Commune | None = None,
    materiel: list[str] | None = None,
    precisions_demarche: str = "",
    resultat: str = "",
    participants: int = 1,
    repartitions: dict | None = None,
    niveau: str = "",
    titre_atelier: str = "",
    notes: str = "",
    beneficiaire: Beneficiaire | None = None,
    orientation_recue: Orientation | None = None,
    orientation_suite: OrientationSuite | None = None,
) -> Accompagnement:
    """Enregistre une séance et ses besoins (avec la façon de faire de chacun).

    `besoins` : {code de thématique ou « D_<démarche> » : enums.FaconDeFaire} ; `raisons` : {code : enums.RaisonALaPlace}, pour
    les besoins faits « à la place » seulement (facultatif). Une orientation reçue est close
    (la personne est venue, résultat = celui de la séance) ; une orientation de suite est créée par le service
    des orientations, avec le consentement lu.
    """
    individuel = type == enums.TypeAccompagnement.INDIVIDUEL
    participants = 1 if individuel else participants
    validate_seance(
        type=type, date_=date, duree=duree, type_lieu=type_lieu, lieu=lieu, arret=arret, commune=commune,
        besoins=besoins, materiel=materiel or [], resultat=resultat, participants=participants,
        repartitions=repartitions, niveau=niveau, raisons=raisons,
    )  # fmt: skip
    check_structure_links(structure=structure, type_lieu=type_lieu, lieu=lieu, arret=arret)
    if beneficiaire is not None and not beneficiaire.suivis.filter(structure=structure).exists():
        raise ValidationError("Cette personne n'est pas suivie par votre structure.")
    if orientation_recue is not None and orientation_recue.structure_destinataire_id != structure.pk:
        raise ValidationError("Cette orientation n'a pas été envoyée à votre structure.")
    accompagnement = Accompagnement(
        type=type,
        structure=structure,
        mediateur=by,
        date=date,
        duree=duree,
        type_lieu=type_lieu,
        lieu=lieu if type_lieu == enums.TypeLieu.LIEU else None,
        arret=arret if type_lieu == enums.TypeLieu.ARRET else None,
        commune=commune,
        materiel=list(dict.fromkeys(materiel or [])),
        precisions_demarche=precisions_demarche.strip(),
        resultat=resultat if individuel else "",
        participants=participants,
        repartitions={} if individuel else (repartitions or {}),
        niveau="" if individuel else niveau,
        titre_atelier="" if individuel else titre_atelier.strip(),
        notes=notes.strip(),
        beneficiaire=beneficiaire if individuel else None,
        orientation_recue=orientation_recue,
    )
    # public_id et questionnaire_token sont uniques par construction (aléatoires) et garantis par la base ; les
    # clés étrangères sont des objets déjà chargés : inutile de revérifier leur existence (une requête chacune).
    accompagnement.full_clean(
        validate_unique=False,
        exclude=["structure", "mediateur", "lieu", "arret", "commune", "beneficiaire", "orientation_recue"],
    )
    accompagnement.save()
    create_besoins(accompagnement=accompagnement, besoins=besoins, raisons=raisons)
    if orientation_recue is not None and orientation_recue.statut in (
        StatutOrientation.ENVOYEE,
        StatutOrientation.ACCEPTEE,
    ):
        orientation_services.close_orientation(
            orientation=orientation_recue,
            by=by,
            personne_venue=True,
            besoin_resultat=resultat or Resultat.SANS_OBJET,
            accompagnement=accompagnement,
        )
    if orientation_suite is not None:
        suite = orientation_services.create_orientation(
            by=by,
            structure=structure,
            lieu=orientation_suite.lieu,
            besoins=orientation_suite.besoins,
            consentement=orientation_suite.consentement,
            personne_prenom=orientation_suite.personne_prenom
            or (beneficiaire.prenom if beneficiaire is not None else ""),
            personne_commune=commune or (beneficiaire.commune if beneficiaire is not None else None),
            message=orientation_suite.message,
        )
        accompagnement.orientation_suite = suite
        accompagnement.save(update_fields=["orientation_suite", "updated_at"])
    if beneficiaire is not None:
        Beneficiaire.objects.filter(pk=beneficiaire.pk).update(last_activity_at=timezone.now())
    return accompagnement


def last_accompagnement(user: User) -> Accompagnement | None:
    """La dernière séance saisie par cette personne : base de « refaire la même »."""
    return (
        Accompagnement.objects.actives()
        .filter(mediateur=user)
        .prefetch_related("besoins")
        .order_by("-created_at")
        .first()
    )


# --- Personnes suivies ---


@transaction.atomic
def follow_beneficiaire(
    *,
    by: User,
    structure: Structure,
    prenom: str,
    consentement: TexteConsentement,
    nom: str = "",
    annee_naissance: int | None = None,
    commune: Commune | None = None,
    telephone: str = "",
    email: str = "",
) -> Beneficiaire:
    if consentement.type != TypeConsentement.SUIVI:
        raise ValidationError("Ce texte de consentement ne concerne pas le suivi.")
    if not prenom.strip():
        raise ValidationError({"prenom": "Indiquez au moins le prénom de la personne."})
    if annee_naissance and not (1900 <= annee_naissance <= timezone.localdate().year):
        raise ValidationError({"annee_naissance": "Année de naissance impossible."})
    now = timezone.now()
    beneficiaire = Beneficiaire(
        prenom=prenom.strip(), nom=nom.strip(), annee_naissance=annee_naissance, commune=commune,
        telephone=telephone.strip(), email=email.strip(), last_activity_at=now,
    )  # fmt: skip
    beneficiaire.full_clean()
    beneficiaire.save()
    Suivi.objects.create(
        beneficiaire=beneficiaire, structure=structure, consentement=consentement, consentement_at=now
    )
    BeneficiaireJournal.objects.create(
        beneficiaire=beneficiaire, actor=by, event=BeneficiaireEvent.FOLLOWED,
        details={"structure": structure.pk, "consentement_version": consentement.version},
    )  # fmt: skip
    return beneficiaire


def log_read(*, beneficiaire: Beneficiaire, by: User, what: str = "fiche") -> None:
    """Toute lecture d'une fiche est journalisée (qui, quand, quoi)."""
    BeneficiaireJournal.objects.create(
        beneficiaire=beneficiaire,
        actor=by,
        event=BeneficiaireEvent.EXPORTED if what == "copie" else BeneficiaireEvent.READ,
        details={"vue": what},
    )


@transaction.atomic
def anonymize_beneficiaire(*, beneficiaire: Beneficiaire, by: User | None, reason: str) -> Beneficiaire:
    """Efface l'identité et toutes ses copies ; les séances restent, anonymes, pour les statistiques.

    Copies effacées : notes, nom de la démarche et commune des séances de la personne (souvent « RSA de Mme X »,
    la commune où elle habite), et ses orientations (celle qui l'a amenée, celle faite à la fin d'une séance, et
    toute leur chaîne de redirections : le prénom y est recopié). Les séances sont détachées de la fiche : plus
    rien ne les relie entre elles ni à la personne. Le journal garde qui a fait quoi, sans rien sur la personne.
    """
    beneficiaire.prenom = "Anonyme"
    beneficiaire.nom = ""
    beneficiaire.annee_naissance = None
    beneficiaire.commune = None
    beneficiaire.telephone = ""
    beneficiaire.email = ""
    beneficiaire.anonymized_at = timezone.now()
    beneficiaire.save()
    seances = Accompagnement.objects.filter(beneficiaire=beneficiaire)
    orientation_ids = {
        pk
        for pair in seances.values_list("orientation_recue_id", "orientation_suite_id")
        for pk in pair
        if pk is not None
    }
    orientation_services.anonymize_orientations_of_person(
        orientations=list(Orientation.objects.filter(pk__in=orientation_ids).order_by("pk")), by=by
    )
    n_seances = seances.update(
        notes="", precisions_demarche="", commune=None, beneficiaire=None, updated_at=timezone.now()
    )
    # Le journal : une raison (code fixe) et des nombres, jamais de texte sur la personne.
    BeneficiaireJournal.objects.create(
        beneficiaire=beneficiaire,
        actor=by,
        event=BeneficiaireEvent.ANONYMIZED,
        details={"raison": reason, "seances": n_seances, "orientations": len(orientation_ids)},
    )
    return beneficiaire


@transaction.atomic
def request_deletion(*, beneficiaire: Beneficiaire, by: User) -> Beneficiaire:
    """La personne demande la suppression : effacement immédiat de son identité (le journal garde la demande)."""
    beneficiaire.deletion_requested_at = timezone.now()
    beneficiaire.save(update_fields=["deletion_requested_at", "updated_at"])
    BeneficiaireJournal.objects.create(beneficiaire=beneficiaire, actor=by, event=BeneficiaireEvent.DELETION_REQUESTED)
    return anonymize_beneficiaire(beneficiaire=beneficiaire, by=by, reason="demande_personne")


def anonymize_inactive_beneficiaires(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    done = 0
    for beneficiaire in Beneficiaire.objects.filter(
        anonymized_at__isnull=True, last_activity_at__lt=now - CONSERVATION_SUIVI
    ):
        anonymize_beneficiaire(beneficiaire=beneficiaire, by=None, reason="sans_activite_24_mois")
        done += 1
    return done


def erase_old_session_notes(*, now: datetime | None = None) -> int:
    """Notes et nom de la démarche d'une séance sont des textes libres (« RSA de Mme X ») : même sans personne
    suivie, ils sont effacés 24 mois après la séance. La séance, ses besoins et son résultat restent."""
    today = timezone.localdate(now or timezone.now())
    return (
        Accompagnement.objects.filter(date__lt=today - CONSERVATION_SUIVI)
        .exclude(notes="", precisions_demarche="")
        .update(notes="", precisions_demarche="", updated_at=timezone.now())
    )


@transaction.atomic
def erase_session_on_request(*, accompagnement: Accompagnement, by: User | None) -> dict[str, int]:
    """La personne demande l'effacement avec le code de son récapitulatif de séance (app mes_donnees) : sa fiche de
    suivi s'il y en a une (avec toutes ses copies), sinon les textes libres et la commune de cette séance et les
    orientations qui y sont liées (toute leur chaîne). La séance et ses besoins restent, anonymes."""
    beneficiaire = accompagnement.beneficiaire
    if beneficiaire is not None and beneficiaire.anonymized_at is None:
        anonymize_beneficiaire(beneficiaire=beneficiaire, by=by, reason="demande_personne")
    ids = [pk for pk in (accompagnement.orientation_recue_id, accompagnement.orientation_suite_id) if pk]
    orientations = orientation_services.anonymize_orientations_of_person(
        orientations=list(Orientation.objects.filter(pk__in=ids).order_by("pk")), by=by
    )
    seances = Accompagnement.objects.filter(pk=accompagnement.pk).update(
        notes="", precisions_demarche="", commune=None, updated_at=timezone.now()
    )
    return {"seances": seances, "orientations": orientations, "suivi": int(beneficiaire is not None)}


# --- Voix de la personne ---


@transaction.atomic
def answer_questionnaire(
    *, accompagnement: Accompagnement, regle: str, capable: str, aise: str
) -> ReponseQuestionnaire:
    if (
        regle not in enums.ReponseVoix.values
        or capable not in enums.ReponseCapable.values
        or aise not in enums.ReponseVoix.values
    ):
        raise ValidationError("Choisissez une réponse pour chaque question.")
    if accompagnement.deleted_at is not None:
        raise ValidationError("Ce questionnaire n'est plus ouvert.")
    # Deux envois simultanés (double clic, deux téléphones) : le verrou sur la séance les fait passer l'un après
    # l'autre ; le second lit la première réponse et reçoit le message, au lieu d'une erreur 500 d'unicité.
    Accompagnement.objects.select_for_update().filter(pk=accompagnement.pk).exists()
    if ReponseQuestionnaire.objects.filter(accompagnement=accompagnement).exists():
        raise ValidationError("Merci, une réponse a déjà été donnée pour ce rendez-vous.")
    if accompagnement.date < timezone.localdate() - timedelta(days=30):
        raise ValidationError("Ce questionnaire n'est plus ouvert.")
    return ReponseQuestionnaire.objects.create(accompagnement=accompagnement, regle=regle, capable=capable, aise=aise)
