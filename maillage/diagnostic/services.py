"""Écritures du diagnostic : des repérages anonymes, et une fiche à code quand la personne imprime.

Pas de ligne de journal ici : aucune de ces écritures n'est l'acte d'une personne dont on doit rendre compte
(décision 0013) ; un repérage n'a ni auteur ni heure, une fiche n'a ni nom ni contact.
"""

import secrets
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from maillage.accompagnements.enums import FaconDeFaire, Thematique
from maillage.accompagnements.models import Accompagnement
from maillage.accompagnements.services import create_besoins
from maillage.comptes.models import User
from maillage.core.models import Commune
from maillage.diagnostic.enums import Source
from maillage.diagnostic.etat import Etat
from maillage.diagnostic.models import DemandeContact, DemandeEffacee, DiagnosticSeance, FicheDiagnostic, Reperage
from maillage.diagnostic.permissions import can_handle_demande_contact, can_run_diagnostic_seance
from maillage.lieux.enums import Service
from maillage.lieux.models import Lieu
from maillage.orientations.models import ROLES_RECEPTION

#: Le texte lu par la personne avant « Qu'un lieu me contacte » ; une nouvelle rédaction = une nouvelle version.
TEXTES_CONTACT = {
    "2026-11": (
        "Le lieu choisi recevra votre prénom, votre téléphone ou votre adresse électronique et ce qui pourrait vous "
        "aider, pour vous rappeler. Personne d'autre ne les voit. Ils sont effacés 30 jours après votre demande."
    ),
}
TEXTE_CONTACT_ACTUEL = "2026-11"

#: Sans 0/O, 1/I/L : un code se lit et se dicte au téléphone sans confusion.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LONGUEUR_CODE = 8


def nouveau_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LONGUEUR_CODE))


def normaliser_code(texte: str) -> str:
    """« abcd-efgh » → « ABCDEFGH » (la personne peut taper le tiret et les minuscules)."""
    return "".join(c for c in (texte or "").upper() if c.isalnum())


def empreinte_parcours(tirage: str) -> str:
    """HMAC tronqué du tirage du jeton : ne permet pas de retrouver l'adresse de la page, seulement de dédoublonner."""
    return salted_hmac("maillage.diagnostic.reperage", tirage).hexdigest()[:16] if tirage else ""


@transaction.atomic
def compter_reperages(*, services: list[str], commune: Commune | None, source: str, tirage: str = "") -> int:
    """Un repérage anonyme par besoin (service des lieux) : commune, besoin, jour. Rien sur la personne.

    Avec `tirage` (le parcours du jeton), un besoin déjà compté pour ce parcours ne l'est pas de nouveau : recharger
    le résultat ou chercher une autre commune ne gonfle pas les comptes. Rend le nombre de repérages ajoutés."""
    if source not in Source.values:
        raise ValidationError("Source de repérage inconnue.")
    valides = [s for s in dict.fromkeys(services) if s in Service.values]
    parcours = empreinte_parcours(tirage)
    if parcours:
        deja = set(Reperage.objects.filter(parcours=parcours).values_list("besoin", flat=True))
        valides = [s for s in valides if s not in deja]
    # ignore_conflicts : deux rechargements simultanés ne comptent qu'une fois (contrainte d'unicité).
    Reperage.objects.bulk_create(
        [Reperage(commune=commune, besoin=s, source=source, jour=timezone.localdate(), parcours=parcours)
         for s in valides],
        ignore_conflicts=bool(parcours),
    )  # fmt: skip
    return len(valides)


@transaction.atomic
def create_fiche(*, etat: Etat, commune: Commune | None) -> FicheDiagnostic:
    """La fiche imprimée : codes des réponses et commune, gardée 30 jours (`CONSERVATION_FICHE`)."""
    if not etat.reponses:
        raise ValidationError("Répondez d'abord aux questions : la fiche reprend vos réponses.")
    for _ in range(5):  # 31^8 codes : une collision est très improbable, on retire un code si elle arrive
        try:
            with transaction.atomic():
                fiche = FicheDiagnostic(
                    code=nouveau_code(), version=etat.questionnaire.version, reponses=etat.reponses, commune=commune
                )
                fiche.full_clean()
                fiche.save()
                return fiche
        except (IntegrityError, ValidationError) as exc:
            if isinstance(exc, ValidationError) and "code" not in getattr(exc, "error_dict", {}):
                raise
    raise ValidationError("La fiche n'a pas pu être créée : réessayez.")


@transaction.atomic
def effacer_fiches_expirees(*, now: datetime | None = None) -> int:
    """Efface les fiches et les demandes de contact de plus de 30 jours (cron quotidien :
    `manage.py effacer_fiches_diagnostic`)."""
    now = now or timezone.now()
    fiches, _ = FicheDiagnostic.objects.filter(expires_at__lte=now).delete()
    demandes, _ = DemandeContact.objects.filter(expires_at__lte=now).delete()
    return fiches + demandes


@transaction.atomic
def create_demande_contact(
    *, lieu: Lieu, services: list[str], prenom: str, contact: str, consenti: bool
) -> DemandeContact:
    """« Qu'un lieu me contacte » : seulement avec l'accord de la personne (texte `TEXTE_CONTACT_ACTUEL`), vers un
    lieu publié qui reçoit par Maillage. Le lieu est prévenu par courriel, sans donnée personnelle dans le courriel."""
    if not consenti:
        raise ValidationError(
            {"consenti": "Le lieu ne peut vous rappeler que si vous êtes d'accord : cochez la case."}
        )
    if not lieu.is_published or lieu.structure_id is None:
        raise ValidationError("Ce lieu ne reçoit pas de demandes par Maillage : appelez-le ou choisissez-en un autre.")
    demande = DemandeContact(
        lieu=lieu,
        services=[s for s in dict.fromkeys(services) if s in Service.values],
        prenom=prenom.strip(),
        contact=contact.strip(),
        consentement_version=TEXTE_CONTACT_ACTUEL,
        consentement_at=timezone.now(),
    )
    demande.full_clean()
    demande.save()
    transaction.on_commit(lambda: notify_lieu(demande_id=demande.pk))
    return demande


@transaction.atomic
def mark_demande_traitee(*, demande: DemandeContact, by: User) -> DemandeContact:
    if not can_handle_demande_contact(by, demande):
        raise ValidationError("Seule la structure du lieu demandé peut traiter cette demande.")
    if demande.traitee_at:
        raise ValidationError("Cette demande est déjà traitée.")
    demande.traitee_at, demande.traitee_par = timezone.now(), by
    demande.save(update_fields=["traitee_at", "traitee_par"])
    return demande


@transaction.atomic
def effacer_demande_contact(*, demande: DemandeContact, by: User) -> DemandeEffacee:
    """La structure du lieu efface une demande (traitée ou non) : la ligne, seule copie des données de la personne
    (le courriel envoyé n'en contient aucune), disparaît ; une trace sans donnée personnelle dit qui et quand."""
    if not can_handle_demande_contact(by, demande):
        raise ValidationError("Seule la structure du lieu demandé peut effacer cette demande.")
    trace = DemandeEffacee.objects.create(
        lieu_id=demande.lieu_id, demandee_le=timezone.localdate(demande.created_at), effacee_par=by
    )
    demande.delete()
    return trace


def notify_lieu(*, demande_id: int) -> None:
    """Courriel aux membres de la structure du lieu qui reçoivent les orientations (lien seulement)."""
    demande = DemandeContact.objects.select_related("lieu").filter(pk=demande_id).first()
    if demande is None:
        return
    emails = sorted(
        set(
            User.objects.filter(
                memberships__structure_id=demande.lieu.structure_id, memberships__role__in=ROLES_RECEPTION,
                memberships__is_active=True, is_active=True,
            ).exclude(email="").values_list("email", flat=True)
        )
    )  # fmt: skip
    if emails:
        url = settings.SITE_URL + reverse("diagnostic:demandes")
        send_mail(
            f"Une personne demande à être rappelée par {demande.lieu.nom}",
            f"Une personne a fait le diagnostic numérique et demande que votre lieu la contacte.\n"
            f"Voir la demande : {url}\nElle est effacée 30 jours après son envoi.",
            None,
            emails,
        )


@transaction.atomic
def attach_diagnostic_seance(*, accompagnement: Accompagnement, etat: Etat, by: User) -> DiagnosticSeance:
    """Le diagnostic accompagné joint à la séance ; un repérage anonyme par besoin (source ACCOMPAGNE)."""
    if not can_run_diagnostic_seance(by, accompagnement):
        raise ValidationError("Seuls les médiateurs, médiatrices, aidants et aidantes de la structure peuvent joindre "
                              "un diagnostic à cette séance.")  # fmt: skip
    if not etat.reponses:
        raise ValidationError("Répondez d'abord aux questions avec la personne.")
    diagnostic = DiagnosticSeance.objects.create(
        accompagnement=accompagnement, version=etat.questionnaire.version, reponses=etat.reponses, created_by=by
    )
    if not accompagnement.besoins.filter(besoin=Thematique.DIAGNOSTIC).exists():
        # Le besoin « Diagnostic numérique » s'ajoute à la séance (fait avec la personne), par le service des séances.
        create_besoins(
            accompagnement=accompagnement, besoins={Thematique.DIAGNOSTIC: FaconDeFaire.FAIRE_AVEC}, raisons=None
        )
    compter_reperages(services=diagnostic.resultat.services, commune=accompagnement.commune, source=Source.ACCOMPAGNE)
    return diagnostic
