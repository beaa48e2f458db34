"""Qualification des lieux : demande (charte, SIRET, IBAN, offres), décision, changement de compte bancaire.

Chaque changement écrit sa ligne à l'historique `QualificationJournal` (ajout seul, chaîné).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from schwifty import IBAN
from schwifty.exceptions import InvalidChecksumDigits, SchwiftyException

from maillage.comptes.models import Territoire, User, validate_siret
from maillage.lieux import services as lieux_services
from maillage.lieux.models import Lieu
from maillage.pass_numerique.enums import (
    DECISIONS_QUALIFICATION,
    TRANSITIONS_QUALIFICATION,
    StatutQualification,
    check_transition,
)
from maillage.pass_numerique.models import (
    Charte,
    QualificationJournal,
    QualificationPass,
    QualificationService,
    ServicePass,
)


def clean_iban(value: str) -> str:
    """IBAN normalisé (sans espaces, majuscules) ou ValidationError en français."""
    compact = "".join((value or "").split()).upper()
    if not compact:
        raise ValidationError("Indiquez l'IBAN du compte qui recevra les remboursements.")
    try:
        return IBAN(compact).compact
    except InvalidChecksumDigits:
        raise ValidationError(
            "Cet IBAN n'est pas valide : sa clé de contrôle ne correspond pas. Recopiez-le depuis votre RIB, "
            "caractère par caractère."
        ) from None
    except SchwiftyException:
        raise ValidationError(
            "Cet IBAN n'est pas valide : vérifiez le code pays, la longueur et les caractères (exemple : "
            "FR76 3000 6000 0112 3456 7890 189)."
        ) from None


def current_charte() -> Charte | None:
    return Charte.objects.order_by("-created_at").first()


def _erreurs_offres(offres: dict[ServicePass, int], restes: dict[ServicePass, tuple[Decimal, str]]) -> list[str]:
    if not offres:
        return ["Choisissez au moins un service proposé contre des chèques."]
    erreurs = ["Chaque service coûte au moins un chèque."] if any(int(p) < 1 for p in offres.values()) else []
    for s, (montant, raison) in restes.items():
        if montant and (montant < 0 or not (raison or "").strip()):
            erreurs.append(f"« {s.libelle} » : un reste à payer par la personne est positif et dit ce qu'il paie.")
    return erreurs


def _offres(
    qualification: QualificationPass,
    offres: dict[ServicePass, int],
    restes: dict[ServicePass, tuple[Decimal, str]],
) -> list[QualificationService]:
    out = []
    for s, prix in offres.items():
        montant, raison = restes.get(s) or (Decimal("0"), "")
        montant = montant or Decimal("0")
        out.append(
            QualificationService(
                qualification=qualification, service=s, prix_cheques=int(prix), reste_a_charge=montant,
                reste_a_charge_raison=(raison or "").strip() if montant else "",
            )
        )  # fmt: skip
    return out


@transaction.atomic
def apply_qualification(
    *,
    lieu: Lieu,
    territoire: Territoire,
    siret: str,
    titulaire_compte: str,
    iban: str,
    bic: str = "",
    offres: dict[ServicePass, int],
    charte: Charte,
    charte_acceptee: bool,
    by: User,
    restes: dict[ServicePass, tuple[Decimal, str]] | None = None,
) -> QualificationPass:
    """Demande de qualification d'un lieu (ou nouvelle demande après un retrait).

    `restes` : pour un service, le reste à payer par la personne (montant, ce qu'il paie) ; nul sinon.
    """
    errors: dict[str, list[str]] = {}
    restes = restes or {}
    siret = "".join((siret or "").split())
    try:
        validate_siret(siret)
        if not siret:
            raise ValidationError("Indiquez le SIRET de la structure qui recevra les remboursements.")
    except ValidationError as e:
        errors["siret"] = e.messages
    try:
        iban = clean_iban(iban)
    except ValidationError as e:
        errors["iban"] = e.messages
    if not charte_acceptee:
        errors["charte_acceptee"] = ["Pour être qualifié, le lieu doit accepter la charte du Pass numérique."]
    if erreurs_offres := _erreurs_offres(offres, restes):
        errors["services"] = erreurs_offres
    if errors:
        raise ValidationError(errors)
    existing = QualificationPass.objects.select_for_update().filter(lieu=lieu, territoire=territoire).first()
    if existing:
        check_transition(
            TRANSITIONS_QUALIFICATION, existing.statut, StatutQualification.EN_ATTENTE, sujet="Qualification",
            precision=f"Ce lieu a déjà une demande de qualification pour ce territoire "
            f"({existing.get_statut_display()}) ; une nouvelle demande n'est possible qu'après un retrait.",
        )  # fmt: skip
    now = timezone.now()
    fields = dict(
        siret=siret, titulaire_compte=titulaire_compte.strip(), iban=iban, bic=(bic or "").strip().upper(),
        charte=charte, charte_accepted_at=now, requested_by=by, statut=StatutQualification.EN_ATTENTE,
        decided_at=None, decided_by=None, motif="",
    )  # fmt: skip
    if existing:
        for k, v in fields.items():
            setattr(existing, k, v)
        qualification = existing
        qualification.full_clean()
        qualification.save()
        qualification.offres.all().delete()
    else:
        qualification = QualificationPass(lieu=lieu, territoire=territoire, **fields)
        qualification.full_clean()
        try:
            # Deux demandes envoyées au même instant pour le même lieu : aucune ne voit l'autre avant d'écrire
            # (rien à verrouiller), la contrainte d'unicité départage. Point de sauvegarde : la transaction de la
            # requête reste utilisable pour afficher le message.
            with transaction.atomic():
                qualification.save()
        except IntegrityError:
            raise ValidationError(
                "Une demande de qualification vient d'être envoyée pour ce lieu et ce territoire, à l'instant "
                "(peut-être par une ou un collègue) : la vôtre n'est pas enregistrée en double. Retrouvez-la sur "
                "l'accueil du Pass numérique."
            ) from None
    QualificationService.objects.bulk_create(_offres(qualification, offres, restes))
    details = {"charte": charte.version, "services": {s.code: int(p) for s, p in offres.items()},
               "siret": siret, "iban_fin": iban[-4:]}  # fmt: skip
    if montants := {s.code: str(m) for s, (m, _r) in restes.items() if m and s in offres}:
        details["restes"] = montants  # reste à payer par la personne, service par service
    QualificationJournal.objects.create(
        qualification=qualification,
        statut=StatutQualification.EN_ATTENTE,
        actor=by,
        motif="Demande de qualification",
        details=details,
    )
    sync_accepte_pass(lieu_id=lieu.pk)
    return qualification


@transaction.atomic
def decide_qualification(
    *, qualification: QualificationPass, statut: str, by: User, motif: str = ""
) -> QualificationPass:
    """Approuver, suspendre ou retirer une qualification. Suspendre ou retirer demande un motif."""
    if statut not in DECISIONS_QUALIFICATION:  # « en attente » ne se décide pas : c'est une nouvelle demande du lieu
        raise ValidationError("Choisissez une décision : approuver, suspendre ou retirer.")
    qualification = QualificationPass.objects.select_for_update().get(pk=qualification.pk)
    check_transition(TRANSITIONS_QUALIFICATION, qualification.statut, statut, sujet="Qualification")
    if statut in (StatutQualification.SUSPENDUE, StatutQualification.RETIREE) and not motif.strip():
        raise ValidationError("Indiquez le motif : le lieu le verra.")
    qualification.statut = statut
    qualification.decided_at = timezone.now()
    qualification.decided_by = by
    qualification.motif = motif.strip()
    qualification.save(update_fields=["statut", "decided_at", "decided_by", "motif", "updated_at"])
    QualificationJournal.objects.create(qualification=qualification, statut=statut, actor=by, motif=motif.strip())
    sync_accepte_pass(lieu_id=qualification.lieu_id)
    return qualification


def sync_accepte_pass(*, lieu_id: int) -> None:
    """Le lieu accepte le Pass tant qu'il a au moins une qualification approuvée (sur n'importe quel territoire)."""
    approuvee = QualificationPass.objects.filter(lieu_id=lieu_id, statut=StatutQualification.APPROUVEE).exists()
    lieux_services.set_accepte_pass(lieu_id=lieu_id, accepte=approuvee)


@transaction.atomic
def change_bank_details(
    *, qualification: QualificationPass, titulaire_compte: str, iban: str, bic: str = "", by: User, motif: str
) -> QualificationPass:
    """Changer le compte qui reçoit les remboursements d'un lieu qualifié, avec une ligne d'historique.

    C'est la seule voie : l'administration montre l'IBAN en lecture seule, pour qu'aucun changement de compte (cible
    classique d'une fraude au virement) ne passe sans dire qui, quand et pourquoi.
    """
    errors: dict[str, list[str]] = {}
    try:
        iban = clean_iban(iban)
    except ValidationError as e:
        errors["iban"] = e.messages
    if not (titulaire_compte or "").strip():
        errors["titulaire_compte"] = ["Indiquez le titulaire du compte."]
    if not (motif or "").strip():
        errors["motif"] = ["Indiquez pourquoi le compte change (nouveau RIB, changement de banque…)."]
    if errors:
        raise ValidationError(errors)
    qualification = QualificationPass.objects.select_for_update().get(pk=qualification.pk)
    ancien_iban_fin = qualification.iban[-4:]
    titulaire_change = qualification.titulaire_compte != titulaire_compte.strip()
    qualification.titulaire_compte, qualification.iban = titulaire_compte.strip(), iban
    qualification.bic = (bic or "").strip().upper()
    qualification.full_clean()
    qualification.save(update_fields=["titulaire_compte", "iban", "bic", "updated_at"])
    QualificationJournal.objects.create(
        qualification=qualification, statut=qualification.statut, actor=by, motif=motif.strip(),
        details={"coordonnees_bancaires": True, "ancien_iban_fin": ancien_iban_fin, "iban_fin": iban[-4:],
                 "titulaire_change": titulaire_change},
    )  # fmt: skip
    return qualification
