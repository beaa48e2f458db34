"""Toutes les écritures sur les orientations. Chaque changement d'état écrit une ligne de journal."""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

import holidays
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from maillage.comptes.enums import Role
from maillage.comptes.models import Membership, Structure, User
from maillage.core.enums import TypeConsentement
from maillage.core.models import Commune, TexteConsentement
from maillage.lieux.models import Lieu
from maillage.orientations.enums import (
    Besoin,
    MotifRefus,
    OrientationEvent,
    Resultat,
    StatutOrientation,
)
from maillage.orientations.models import Orientation, OrientationJournal, OrientationSimple
from maillage.orientations.permissions import can_create_orientation

#: Sans réponse après ce nombre de jours ouvrés, l'orientation est signalée.
JOURS_OUVRES_SANS_REPONSE = 3
#: Les données personnelles d'une orientation close sont effacées après ce délai.
CONSERVATION_APRES_CLOTURE = timedelta(days=183)
#: Une orientation jamais répondue ou jamais close n'attend plus rien au bout d'un an : ses données personnelles
#: sont effacées 12 mois après son envoi, même si personne ne l'a close (sinon elles resteraient sans limite).
CONSERVATION_MAX_SANS_CLOTURE = timedelta(days=365)
#: Champs qui parlent de la personne : effacés ensemble (fin de conservation ou demande de la personne).
CHAMPS_PERSONNELS = (
    "personne_prenom",
    "personne_commune",
    "personne_contact",
    "message",
    "echeance_motif",
    "motif_refus_precision",
)


def _journal(orientation: Orientation, event: str, by: User | None, **details: Any) -> OrientationJournal:
    return OrientationJournal.objects.create(orientation=orientation, actor=by, event=event, details=details)


def _check_besoins(besoins: list[str]) -> None:
    if not besoins:
        raise ValidationError("Indiquez au moins un besoin de la personne.")
    unknown = set(besoins) - set(Besoin.values)
    if unknown:
        raise ValidationError(f"Besoin inconnu : {', '.join(sorted(unknown))}.")


@transaction.atomic
def create_orientation_simple(
    *, by: User, structure: Structure, lieu: Lieu, besoins: list[str], echeance: date | None = None
) -> OrientationSimple:
    """Orienter vers un lieu publié dont la structure n'est pas sur Maillage : une fiche à imprimer, comptée sans
    rien garder sur la personne, sans suivi. La pièce écrite (ajout seul) est la ligne de journal."""
    if not can_create_orientation(by, structure):
        raise PermissionDenied("Vous n'orientez pas au nom de cette structure.")
    if not lieu.is_published:
        raise ValidationError(
            "Ce lieu n'est pas ouvert au public sur Maillage (fermé ou non publié) : choisissez-en un autre."
        )
    if lieu.structure_id is not None:
        raise ValidationError("Ce lieu reçoit les orientations par Maillage : envoyez une orientation suivie.")
    _check_besoins(besoins)
    if echeance and echeance < timezone.localdate():
        raise ValidationError("L'échéance est déjà passée : indiquez une date à venir.")
    simple = OrientationSimple(
        prescripteur=by, structure_prescriptrice=structure, lieu=lieu, besoins=list(dict.fromkeys(besoins)),
        echeance=echeance,
    )  # fmt: skip
    simple.save()
    return simple


def _check_lieu(lieu: Lieu) -> None:
    if not lieu.is_published:
        raise ValidationError(
            "Ce lieu n'est pas ouvert au public sur Maillage (fermé ou non publié) : choisissez-en un autre."
        )
    if lieu.structure_id is None:
        raise ValidationError("Ce lieu ne reçoit pas encore d'orientations par Maillage : choisissez-en un autre.")


@transaction.atomic
def create_orientation(
    *,
    by: User,
    structure: Structure,
    lieu: Lieu,
    besoins: list[str],
    consentement: TexteConsentement,
    personne_prenom: str,
    personne_commune: Commune | None = None,
    personne_contact: str = "",
    contact_consenti: bool = False,
    echeance: date | None = None,
    echeance_motif: str = "",
    message: str = "",
    precedente: Orientation | None = None,
) -> Orientation:
    """Envoie une personne vers un lieu. Le texte de consentement lu est celui passé (sa version est gardée)."""
    _check_lieu(lieu)
    _check_besoins(besoins)
    if consentement.type != TypeConsentement.ORIENTATION:
        raise ValidationError("Ce texte de consentement ne concerne pas les orientations.")
    if personne_contact and not contact_consenti:
        raise ValidationError("Le contact de la personne n'est transmis que si elle l'accepte : cochez la case.")
    if echeance and echeance < timezone.localdate():
        raise ValidationError("L'échéance est déjà passée : indiquez une date à venir.")
    orientation = Orientation(
        prescripteur=by,
        structure_prescriptrice=structure,
        lieu=lieu,
        structure_destinataire_id=lieu.structure_id,
        besoins=list(dict.fromkeys(besoins)),
        echeance=echeance,
        echeance_motif=echeance_motif.strip(),
        message=message.strip(),
        personne_prenom=personne_prenom.strip(),
        personne_commune=personne_commune,
        personne_contact=personne_contact.strip() if contact_consenti else "",
        contact_consenti=contact_consenti,
        consentement=consentement,
        consentement_at=timezone.now(),
        precedente=precedente,
    )
    orientation.full_clean()
    orientation.save()
    _journal(
        orientation,
        OrientationEvent.CREATED,
        by,
        lieu=lieu.pk,
        besoins=orientation.besoins,
        consentement_version=consentement.version,
        precedente=precedente.pk if precedente else None,
    )
    transaction.on_commit(lambda: notify_destinataire(orientation_id=orientation.pk))
    return orientation


def _check_answerable(orientation: Orientation) -> None:
    if orientation.statut != StatutOrientation.ENVOYEE:
        raise ValidationError("Cette orientation a déjà reçu une réponse.")


@transaction.atomic
def accept_orientation(*, orientation: Orientation, by: User, rendez_vous_at: datetime | None = None) -> Orientation:
    orientation = Orientation.objects.select_for_update().get(pk=orientation.pk)
    _check_answerable(orientation)
    if rendez_vous_at and timezone.is_naive(rendez_vous_at):  # l'API accepte une heure sans fuseau : heure de Paris
        rendez_vous_at = timezone.make_aware(rendez_vous_at)
    if rendez_vous_at and rendez_vous_at < timezone.now():
        raise ValidationError("Le rendez-vous doit être dans le futur.")
    orientation.statut = StatutOrientation.ACCEPTEE
    orientation.rendez_vous_at = rendez_vous_at
    orientation.answered_at = timezone.now()
    orientation.answered_by = by
    orientation.save(update_fields=["statut", "rendez_vous_at", "answered_at", "answered_by", "updated_at"])
    _journal(orientation, OrientationEvent.ACCEPTED, by, rendez_vous_at=rendez_vous_at)
    transaction.on_commit(lambda: notify_prescripteur(orientation_id=orientation.pk))
    return orientation


@transaction.atomic
def decline_orientation(*, orientation: Orientation, by: User, motif: str, precision: str = "") -> Orientation:
    orientation = Orientation.objects.select_for_update().get(pk=orientation.pk)
    _check_answerable(orientation)
    if motif not in MotifRefus.values:
        raise ValidationError("Choisissez la raison du refus.")
    if motif == MotifRefus.AUTRE and not precision.strip():
        raise ValidationError("Précisez la raison du refus.")
    limite = Orientation._meta.get_field("motif_refus_precision").max_length
    if len(precision.strip()) > limite:  # l'API n'a pas la limite du formulaire (PostgreSQL : erreur 500 sinon)
        raise ValidationError(f"La précision du refus tient en {limite} caractères au plus.")
    orientation.statut = StatutOrientation.REFUSEE
    orientation.motif_refus = motif
    orientation.motif_refus_precision = precision.strip()
    orientation.answered_at = timezone.now()
    orientation.answered_by = by
    orientation.save(
        update_fields=["statut", "motif_refus", "motif_refus_precision", "answered_at", "answered_by", "updated_at"]
    )
    # Le journal est une preuve qu'on ne réécrit pas : jamais le texte libre (il parle souvent de la personne),
    # seulement le fait qu'il est renseigné. Le texte reste sur l'orientation, qui sera anonymisée.
    _journal(orientation, OrientationEvent.DECLINED, by, motif=motif, precision_renseignee=bool(precision.strip()))
    transaction.on_commit(lambda: notify_prescripteur(orientation_id=orientation.pk))
    return orientation


@transaction.atomic
def redirect_orientation(*, orientation: Orientation, by: User, lieu: Lieu, message: str = "") -> Orientation:
    """Le lieu qui reçoit envoie la personne ailleurs : une nouvelle orientation, chaînée à la première.

    La nouvelle orientation garde la personne, les besoins, l'échéance et le consentement d'origine.
    """
    orientation = Orientation.objects.select_for_update().get(pk=orientation.pk)
    _check_answerable(orientation)
    if lieu.pk == orientation.lieu_id:
        raise ValidationError("Choisissez un autre lieu que le vôtre.")
    _check_lieu(lieu)
    orientation.statut = StatutOrientation.REDIRIGEE
    orientation.answered_at = timezone.now()
    orientation.answered_by = by
    orientation.save(update_fields=["statut", "answered_at", "answered_by", "updated_at"])
    nouvelle = Orientation(
        prescripteur=by,
        structure_prescriptrice=orientation.structure_destinataire,
        lieu=lieu,
        structure_destinataire_id=lieu.structure_id,
        besoins=orientation.besoins,
        echeance=orientation.echeance,
        echeance_motif=orientation.echeance_motif,
        message=message.strip() or orientation.message,
        personne_prenom=orientation.personne_prenom,
        personne_commune=orientation.personne_commune,
        personne_contact=orientation.personne_contact,
        contact_consenti=orientation.contact_consenti,
        consentement=orientation.consentement,
        consentement_at=orientation.consentement_at,
        precedente=orientation,
    )
    nouvelle.full_clean()
    nouvelle.save()
    _journal(orientation, OrientationEvent.REDIRECTED, by, vers=nouvelle.pk, lieu=lieu.pk)
    _journal(nouvelle, OrientationEvent.CREATED, by, lieu=lieu.pk, besoins=nouvelle.besoins, precedente=orientation.pk)
    transaction.on_commit(lambda: notify_prescripteur(orientation_id=orientation.pk))
    transaction.on_commit(lambda: notify_destinataire(orientation_id=nouvelle.pk))
    return nouvelle


@transaction.atomic
def close_orientation(
    *,
    orientation: Orientation,
    by: User | None,
    personne_venue: bool,
    besoin_resultat: str = "",
    accompagnement: models.Model | None = None,
) -> Orientation:
    """Clore : la personne est-elle venue, son besoin est-il réglé (lien vers l'accompagnement s'il y en a un).

    `accompagnement` : la séance d'accompagnements (seule sa clé est notée au journal). Typée en simple modèle :
    accompagnements dépend d'orientations, pas l'inverse."""
    orientation = Orientation.objects.select_for_update().get(pk=orientation.pk)
    if orientation.statut not in (StatutOrientation.ENVOYEE, StatutOrientation.ACCEPTEE):
        raise ValidationError("Cette orientation est déjà close, refusée ou redirigée.")
    if besoin_resultat and besoin_resultat not in Resultat.values:
        raise ValidationError("Résultat inconnu.")
    if personne_venue and not besoin_resultat:
        raise ValidationError("Dites si le besoin de la personne est réglé.")
    orientation.statut = StatutOrientation.CLOSE
    orientation.closed_at = timezone.now()
    orientation.personne_venue = personne_venue
    orientation.besoin_resultat = besoin_resultat if personne_venue else ""
    orientation.save(update_fields=["statut", "closed_at", "personne_venue", "besoin_resultat", "updated_at"])
    _journal(
        orientation,
        OrientationEvent.CLOSED,
        by,
        personne_venue=personne_venue,
        besoin_resultat=orientation.besoin_resultat,
        accompagnement=accompagnement.pk if accompagnement is not None else None,
    )
    return orientation


# --- Relances (commande relancer_orientations) ---


def add_working_days(start: date, days: int) -> date:
    """Ajoute des jours ouvrés : ni samedi, ni dimanche, ni jour férié français."""
    fr = holidays.France(years=range(start.year, start.year + 2))
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in fr:
            days -= 1
    return current


def is_unanswered_too_long(orientation: Orientation, today: date) -> bool:
    sent = timezone.localdate(orientation.created_at)
    return orientation.statut == StatutOrientation.ENVOYEE and today > add_working_days(
        sent, JOURS_OUVRES_SANS_REPONSE
    )


def coordinateurs_for(structure: Structure) -> list[User]:
    return list(
        User.objects.filter(
            memberships__role=Role.COORDINATEUR,
            memberships__is_active=True,
            memberships__territoire__communes=structure.commune_id,
        ).distinct()
    )


@transaction.atomic
def flag_late_orientations(*, today: date | None = None) -> dict[str, int]:
    """Signale (une fois) les orientations sans réponse après 3 jours ouvrés et celles dont l'échéance est passée."""
    today = today or timezone.localdate()
    counts = {"sans_reponse": 0, "echeance": 0}
    candidates = (
        Orientation.objects.filter(statut=StatutOrientation.ENVOYEE, relance_at__isnull=True)
        .filter(created_at__lt=timezone.now() - timedelta(days=JOURS_OUVRES_SANS_REPONSE))
        .select_related("lieu", "structure_destinataire", "prescripteur")
    )
    for orientation in candidates:
        if not is_unanswered_too_long(orientation, today):
            continue
        orientation.relance_at = timezone.now()
        orientation.save(update_fields=["relance_at", "updated_at"])
        _journal(orientation, OrientationEvent.REMINDED, None)
        transaction.on_commit(lambda pk=orientation.pk: notify_late(orientation_id=pk, reason="sans_reponse"))
        counts["sans_reponse"] += 1
    past = Orientation.objects.filter(
        statut__in=[StatutOrientation.ENVOYEE, StatutOrientation.ACCEPTEE],
        echeance__lt=today,
        echeance_signalee_at__isnull=True,
    )
    for orientation in past:
        orientation.echeance_signalee_at = timezone.now()
        orientation.save(update_fields=["echeance_signalee_at", "updated_at"])
        _journal(orientation, OrientationEvent.DEADLINE_PASSED, None, echeance=orientation.echeance)
        transaction.on_commit(lambda pk=orientation.pk: notify_late(orientation_id=pk, reason="echeance"))
        counts["echeance"] += 1
    return counts


def _erase_personal_data(orientation: Orientation, *, now: datetime, by: User | None, raison: str) -> bool:
    """Efface tout ce qui parle de la personne sur une orientation ; les besoins, dates, statut et motif de refus
    (liste fermée) restent pour les statistiques. Renvoie False si c'était déjà fait."""
    if orientation.anonymized_at is not None:
        return False
    # Textes libres qui parlent souvent de la personne (« RSA de Mme X », « ne parle pas français ») : effacés aussi.
    orientation.personne_prenom = ""
    orientation.personne_commune = None
    orientation.personne_contact = ""
    orientation.message = ""
    orientation.echeance_motif = ""
    orientation.motif_refus_precision = ""
    orientation.anonymized_at = now
    orientation.save(update_fields=[*CHAMPS_PERSONNELS, "anonymized_at", "updated_at"])
    _journal(orientation, OrientationEvent.ANONYMIZED, by, raison=raison)
    return True


@transaction.atomic
def anonymize_closed_orientations(*, now: datetime | None = None) -> int:
    """Efface les données personnelles des orientations closes (ou refusées, redirigées) depuis 6 mois, et de
    celles jamais répondues ou jamais closes 12 mois après leur envoi."""
    now = now or timezone.now()
    limit = now - CONSERVATION_APRES_CLOTURE
    qs = Orientation.objects.filter(anonymized_at__isnull=True)
    finies = qs.exclude(statut__in=[StatutOrientation.ENVOYEE, StatutOrientation.ACCEPTEE])
    # Fin = clôture, ou réponse pour un refus / une redirection.
    done = 0
    for orientation in finies.filter(closed_at__lt=limit) | finies.filter(
        closed_at__isnull=True, answered_at__lt=limit
    ):
        done += _erase_personal_data(orientation, now=now, by=None, raison="fin_conservation")
    for orientation in qs.filter(
        statut__in=[StatutOrientation.ENVOYEE, StatutOrientation.ACCEPTEE],
        created_at__lt=now - CONSERVATION_MAX_SANS_CLOTURE,
    ):
        done += _erase_personal_data(orientation, now=now, by=None, raison="jamais_close")
    return done


@transaction.atomic
def anonymize_orientations_of_person(*, orientations: list[Orientation], by: User | None) -> int:
    """La personne demande l'effacement : ses orientations et toutes leurs copies (la chaîne des redirections
    recopie prénom, commune et contact d'un maillon à l'autre) sont anonymisées tout de suite."""
    now = timezone.now()
    done = 0
    seen: set[int] = set()
    for orientation in orientations:
        for maillon in orientation.chaine():
            if maillon.pk not in seen:
                seen.add(maillon.pk)
                done += _erase_personal_data(maillon, now=now, by=by, raison="demande_personne")
    return done


# --- Courriels (toujours après validation de la transaction) ---


def _url(orientation: Orientation) -> str:
    return settings.SITE_URL + reverse("orientations:detail", args=[orientation.public_id])


def _emails_of_structure(structure: Structure, roles: Iterable[str]) -> list[str]:
    return list(
        Membership.objects.filter(structure=structure, role__in=roles, is_active=True, user__is_active=True)
        .values_list("user__email", flat=True)
        .distinct()
    )


def notify_destinataire(*, orientation_id: int) -> None:
    orientation = Orientation.objects.select_related("lieu", "structure_destinataire").get(pk=orientation_id)
    to = _emails_of_structure(orientation.structure_destinataire, [Role.MEDIATEUR, Role.AIDANT, Role.GESTIONNAIRE])
    if orientation.structure_destinataire.email:
        to.append(orientation.structure_destinataire.email)
    if to:
        send_mail(
            f"Nouvelle orientation vers {orientation.lieu.nom}",
            "Une personne vous est orientée. Répondez (accepter, refuser ou rediriger) ici :\n" + _url(orientation),
            None,
            sorted(set(to)),
        )


def notify_prescripteur(*, orientation_id: int) -> None:
    orientation = Orientation.objects.select_related("lieu", "prescripteur").get(pk=orientation_id)
    send_mail(
        f"Orientation vers {orientation.lieu.nom} : {orientation.get_statut_display().lower()}",
        f"Le lieu {orientation.lieu.nom} a répondu : {orientation.get_statut_display()}.\n{_url(orientation)}",
        None,
        [orientation.prescripteur.email],
    )


def notify_late(*, orientation_id: int, reason: str) -> None:
    orientation = Orientation.objects.select_related("lieu", "prescripteur", "structure_destinataire").get(
        pk=orientation_id
    )
    to = {orientation.prescripteur.email} | {u.email for u in coordinateurs_for(orientation.structure_destinataire)}
    if reason == "echeance":
        subject = f"Échéance dépassée : orientation vers {orientation.lieu.nom}"
        body = (
            f"L'échéance du {orientation.echeance:%d/%m/%Y} ({orientation.echeance_motif or 'démarche'}) est passée "
            f"et l'orientation n'est pas close.\n{_url(orientation)}"
        )
    else:
        subject = f"Sans réponse : orientation vers {orientation.lieu.nom}"
        body = (
            f"Le lieu {orientation.lieu.nom} n'a pas répondu depuis {JOURS_OUVRES_SANS_REPONSE} jours ouvrés. "
            f"Vous pouvez l'appeler ({orientation.lieu.telephone or 'pas de téléphone indiqué'}) ou orienter "
            f"la personne ailleurs.\n{_url(orientation)}"
        )
    send_mail(subject, body, None, sorted(to))
