"""Écritures de « Mes données » : remettre un code, l'ouvrir, demander l'effacement, le faire (structure ou cron).

L'effacement passe par les services existants de chaque app (orientations, accompagnements), qui couvrent chaque
copie : chaîne des redirections, notes des séances, fiche de suivi. Le journal ne garde que des codes et des nombres.
"""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from maillage.accompagnements import services as accompagnement_services
from maillage.accompagnements.models import Accompagnement
from maillage.comptes.enums import Role
from maillage.comptes.models import Membership, User
from maillage.core.transitions import check_transition
from maillage.mes_donnees import codes, permissions
from maillage.mes_donnees.enums import TRANSITIONS_DEMANDE, MesDonneesEvent, StatutDemande
from maillage.mes_donnees.models import (
    DELAI_EFFACEMENT,
    VALIDITE_CODE,
    CodePersonnel,
    DemandeEffacement,
    MesDonneesJournal,
)
from maillage.orientations import services as orientation_services
from maillage.orientations.models import Orientation


def _journal(code: CodePersonnel, event: str, by: User | None, **details: int | str | bool) -> None:
    MesDonneesJournal.objects.create(code=code, actor=by, event=event, details=details)


@transaction.atomic
def issue_code(
    *, by: User, orientation: Orientation | None = None, accompagnement: Accompagnement | None = None
) -> tuple[CodePersonnel, str]:
    """Un nouveau code pour la fiche d'une orientation ou le récapitulatif d'une séance, remis à la personne.

    Rend le code en clair une seule fois (il est imprimé) ; seule son empreinte est gardée. Chaque impression
    remet un nouveau code : tous mènent aux mêmes données."""
    if (orientation is None) == (accompagnement is None):
        raise ValidationError("Un code personnel porte sur une orientation ou sur une séance.")
    if orientation is not None:
        if not permissions.can_issue_code_orientation(by, orientation):
            raise PermissionDenied
        structure, objet = permissions.structure_for_orientation(by, orientation), "orientation"
        beneficiaire = None
    else:
        if not permissions.can_issue_code_accompagnement(by, accompagnement):
            raise PermissionDenied
        structure, objet, beneficiaire = accompagnement.structure, "seance", accompagnement.beneficiaire
    while True:  # collision d'empreinte : une chance sur 2**44 par code existant ; on retire un code
        plain = codes.generate()
        digest = codes.hash_code(plain)
        if not CodePersonnel.objects.filter(code_hash=digest).exists():
            break
    code = CodePersonnel.objects.create(
        code_hash=digest, structure=structure, orientation=orientation, accompagnement=accompagnement,
        beneficiaire=beneficiaire, expires_at=timezone.now() + VALIDITE_CODE,
    )  # fmt: skip
    _journal(code, MesDonneesEvent.ISSUED, by, objet=objet, suivi=beneficiaire is not None)
    return code, plain


def find_code(*, raw: str, now: datetime | None = None) -> CodePersonnel | None:
    """Le code valable qui correspond à ce qui a été tapé, ou None. Code inconnu, mal formé ou expiré : la même
    réponse, après le même travail (empreinte et recherche toujours faites), pour ne rien révéler."""
    now = now or timezone.now()
    normalized = codes.normalize(raw)
    found = CodePersonnel.objects.filter(code_hash=codes.hash_code(normalized)).first()
    if found is None or not codes.is_well_formed(normalized) or found.expires_at <= now:
        return None
    return found


def log_opened(*, code: CodePersonnel) -> None:
    _journal(code, MesDonneesEvent.OPENED, None)


def log_exported(*, code: CodePersonnel, fmt: str) -> None:
    _journal(code, MesDonneesEvent.EXPORTED, None, format=fmt)


@transaction.atomic
def request_erasure(*, code: CodePersonnel, now: datetime | None = None) -> DemandeEffacement:
    """La personne demande l'effacement : une demande pour la structure, faite seule au bout de 30 jours.
    Demander deux fois ne crée pas deux demandes."""
    CodePersonnel.objects.select_for_update().filter(pk=code.pk).exists()
    pending = code.demandes.filter(statut=StatutDemande.EN_ATTENTE).first()
    if pending is not None:
        return pending
    now = now or timezone.now()
    demande = DemandeEffacement.objects.create(code=code, due_at=now + DELAI_EFFACEMENT)
    _journal(code, MesDonneesEvent.DELETION_REQUESTED, None, delai_jours=DELAI_EFFACEMENT.days)
    transaction.on_commit(lambda: notify_structure(demande_id=demande.pk))
    return demande


def notify_structure(*, demande_id: int) -> None:
    """Un courriel à la structure qui a remis le code (son adresse, sa gestion) : rien sur la personne, un lien."""
    demande = DemandeEffacement.objects.select_related("code__structure").get(pk=demande_id)
    structure = demande.code.structure
    to = set(
        Membership.objects.filter(
            structure=structure, role=Role.GESTIONNAIRE, is_active=True, user__is_active=True
        ).values_list("user__email", flat=True)
    )
    if structure.email:
        to.add(structure.email)
    if to:
        send_mail(
            "Une personne demande l'effacement de ses données",
            "Une personne a demandé, avec son code personnel, l'effacement de ce que votre structure garde sur elle.\n"
            f"Faites-le avant le {timezone.localtime(demande.due_at):%d/%m/%Y} (sinon il se fera tout seul) :\n"
            + settings.SITE_URL.rstrip("/")
            + reverse("mes_donnees:demandes"),
            None,
            sorted(to),
        )


def _erase(code: CodePersonnel, by: User | None) -> dict[str, int]:
    """Tout ce que le code montre, par les services d'effacement des apps qui tiennent les données."""
    counts = {"orientations": 0, "seances": 0, "suivis": 0}
    seances = []
    if code.accompagnement_id:
        seances.append(code.accompagnement)
    if code.orientation_id:
        seances += list(Accompagnement.objects.filter(orientation_recue_id=code.orientation_id).order_by("pk"))
        counts["orientations"] += orientation_services.anonymize_orientations_of_person(
            orientations=[code.orientation], by=by
        )
    for seance in seances:
        result = accompagnement_services.erase_session_on_request(accompagnement=seance, by=by)
        counts["orientations"] += result["orientations"]
        counts["seances"] += result["seances"]
        counts["suivis"] += result["suivi"]
    beneficiaire = code.beneficiaire
    if beneficiaire is not None and beneficiaire.anonymized_at is None:  # séance détachée depuis : la fiche reste
        accompagnement_services.anonymize_beneficiaire(beneficiaire=beneficiaire, by=by, reason="demande_personne")
        counts["suivis"] += 1
    return counts


@transaction.atomic
def carry_out(*, demande: DemandeEffacement, by: User | None, now: datetime | None = None) -> DemandeEffacement:
    """Faire l'effacement demandé : par un membre de la structure (`by`), ou par la commande du cron (`by=None`)."""
    demande = DemandeEffacement.objects.select_for_update().get(
        pk=demande.pk
    )  # sans jointure : refusée par PostgreSQL
    check_transition(TRANSITIONS_DEMANDE, demande.statut, StatutDemande.FAITE, sujet="Cette demande d'effacement")
    if by is not None and not permissions.can_carry_out_demande(by, demande):
        raise PermissionDenied
    counts = _erase(demande.code, by)
    demande.statut, demande.done_at, demande.done_by = StatutDemande.FAITE, now or timezone.now(), by
    demande.save(update_fields=["statut", "done_at", "done_by", "updated_at"])
    event = MesDonneesEvent.ERASED if by is not None else MesDonneesEvent.ERASED_AUTO
    _journal(demande.code, event, by, **counts)
    return demande


def carry_out_overdue(*, now: datetime | None = None) -> int:
    """Cron (`effacer_demandes_echues`) : chaque demande en attente dont le délai est passé est faite. Idempotent."""
    now = now or timezone.now()
    done = 0
    for pk in list(
        DemandeEffacement.objects.filter(statut=StatutDemande.EN_ATTENTE, due_at__lte=now).values_list("pk", flat=True)
    ):
        demande = DemandeEffacement.objects.get(pk=pk)
        if demande.statut == StatutDemande.EN_ATTENTE:
            carry_out(demande=demande, by=None, now=now)
            done += 1
    return done
