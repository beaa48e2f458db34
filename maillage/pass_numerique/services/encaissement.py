"""Encaissement d'un chèque : contrôles dans l'ordre (chacun avec son message), mise à jour conditionnelle,
limite de débit des codes erronés, tentatives refusées, correction d'un encaissement erroné.
"""

from datetime import date, timedelta

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from maillage.accompagnements.models import Accompagnement
from maillage.comptes.models import User
from maillage.core.formats import euros
from maillage.lieux.models import Lieu
from maillage.pass_numerique import codes, selectors
from maillage.pass_numerique.enums import (
    ETATS_CARNET_ENCAISSABLES,
    MotifRefus,
    StatutCampagne,
    TypeMouvement,
)
from maillage.pass_numerique.models import (
    Campagne,
    Carnet,
    Cheque,
    Mouvement,
    QualificationPass,
    ServicePass,
    TentativeRefusee,
)

RATE_LIMIT_USER = 10  # échecs de code par compte…
RATE_LIMIT_IP = 30  # … et par adresse IP…
RATE_LIMIT_WINDOW = 15 * 60  # … sur 15 minutes.


class EncaissementRefuse(Exception):  # noqa: N818 (nom de domaine)
    def __init__(self, motif: MotifRefus, message: str, *, cheque: Cheque | None = None):
        super().__init__(message)
        self.motif = motif
        self.message = message
        # Le chèque visé, quand le code en désigne un : la tentative refusée est alors écrite (TentativeRefusee).
        self.cheque = cheque


def _rate_keys(user_id: int | None, ip: str) -> list[tuple[str, int]]:
    return [(f"pass:echecs:user:{user_id}", RATE_LIMIT_USER), (f"pass:echecs:ip:{ip}", RATE_LIMIT_IP)]


def is_rate_limited(*, user_id: int | None, ip: str) -> bool:
    return any((cache.get(key) or 0) >= limit for key, limit in _rate_keys(user_id, ip))


def _record_failure(*, user_id: int | None, ip: str) -> None:
    for key, _ in _rate_keys(user_id, ip):
        if cache.add(key, 1, RATE_LIMIT_WINDOW):
            continue
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, RATE_LIMIT_WINDOW)


def qualification_for(lieu: Lieu, campagne: Campagne) -> QualificationPass | None:
    return QualificationPass.objects.filter(lieu=lieu, territoire_id=campagne.territoire_id).first()


def _limite_encaissement(campagne: Campagne) -> date:
    return campagne.ends_on + timedelta(days=campagne.tolerance_jours)


def _refus_campagne(cheque: Cheque, today: date) -> EncaissementRefuse | None:
    """La campagne du chèque est-elle ouverte aux encaissements aujourd'hui (générée, ni close, dans ses dates) ?"""
    campagne = cheque.campagne
    if campagne.statut == StatutCampagne.CLOTUREE:
        return EncaissementRefuse(
            MotifRefus.CAMPAGNE_INACTIVE, "Ce chèque n'est plus valable : la campagne est close.", cheque=cheque
        )
    if today < campagne.starts_on:
        return EncaissementRefuse(
            MotifRefus.CAMPAGNE_INACTIVE,
            f"Ce chèque n'est pas encore valable : la campagne commence le {campagne.starts_on:%d/%m/%Y}.",
            cheque=cheque,
        )
    limite = _limite_encaissement(campagne)
    if today > limite:
        return EncaissementRefuse(
            MotifRefus.CAMPAGNE_INACTIVE,
            f"Ce chèque a expiré : la campagne s'est terminée le {campagne.ends_on:%d/%m/%Y} "
            f"(tolérance jusqu'au {limite:%d/%m/%Y}).",
            cheque=cheque,
        )
    return None


def _refus_etat_cheque(cheque: Cheque, *, a_l_instant: bool = False) -> EncaissementRefuse | None:
    """Le chèque est-il encaissable : carnet remis à une personne (TRANSITIONS_CARNET), ni annulé, ni déjà encaissé ?

    `a_l_instant` : l'état vient d'être relu après une mise à jour perdue (un autre encaissement a gagné).
    """
    carnet = cheque.carnet
    if cheque.cancelled_at or carnet.cancelled_at:
        return EncaissementRefuse(
            MotifRefus.ANNULE,
            "Ce carnet a été annulé (perdu ou volé) : ce chèque ne peut pas être encaissé.",
            cheque=cheque,
        )
    if cheque.redeemed_at:
        if a_l_instant:
            message = "Ce chèque vient d'être encaissé à l'instant : il ne peut l'être qu'une fois."
        else:
            message = f"Ce chèque a déjà été encaissé le {timezone.localtime(cheque.redeemed_at):%d/%m/%Y à %H:%M}."
        return EncaissementRefuse(MotifRefus.DEJA_ENCAISSE, message, cheque=cheque)
    if carnet.etat_code not in ETATS_CARNET_ENCAISSABLES:
        if carnet.structure_id is None:
            return EncaissementRefuse(
                MotifRefus.NON_ATTRIBUE,
                "Ce chèque n'a pas encore été distribué : son carnet n'est attribué à aucune structure. Il ne peut "
                "pas être encaissé.",
                cheque=cheque,
            )
        return EncaissementRefuse(
            MotifRefus.NON_REMIS,
            "Ce chèque n'a pas encore été remis à une personne : il ne peut pas être encaissé. Son carnet est "
            "encore dans le stock d'une structure.",
            cheque=cheque,
        )
    return None


def check_cheque(*, raw_code: str, lieu: Lieu, service: ServicePass | None, reste_annonce: bool = False) -> Cheque:
    """Tous les contrôles, dans l'ordre, chacun avec son message. Ne modifie rien.

    `reste_annonce` : la personne qui encaisse confirme avoir dit à la personne ce qui lui reste à payer. Exigé quand
    le lieu laisse un reste pour ce service (et que la campagne le permet), par la page comme par l'API ; vérifié en
    dernier, pour qu'un chèque refusé pour une autre raison le soit d'abord pour elle."""
    code = codes.normalize(raw_code)
    if len(code) != codes.CODE_LENGTH:
        raise EncaissementRefuse(
            MotifRefus.CODE_INCONNU,
            f"Ce code est inconnu : un code de chèque compte 15 caractères (vous en avez saisi {len(code)}).",
        )
    if not codes.is_valid(code):
        raise EncaissementRefuse(
            MotifRefus.CLE_FAUSSE,
            "Un caractère semble mal saisi : vérifiez le code lettre par lettre (il ne contient jamais les "
            "caractères 0, 1, I, L, O ni U).",
        )
    cheque = Cheque.objects.select_related("campagne", "carnet").filter(code=code).first()
    if cheque is None:
        raise EncaissementRefuse(MotifRefus.CODE_INCONNU, "Ce code est inconnu : aucun chèque ne porte ce code.")
    campagne = cheque.campagne
    refus = _refus_campagne(cheque, timezone.localdate())
    if refus:
        raise refus
    qualification = qualification_for(lieu, campagne)
    lieux_restreints = list(campagne.lieux_eligibles.values_list("pk", flat=True))
    if not lieu.is_published:
        raise EncaissementRefuse(
            MotifRefus.LIEU_NON_QUALIFIE,
            f"Le lieu « {lieu.nom} » est fermé ou pas encore publié : on n'y encaisse pas de chèque.",
            cheque=cheque,
        )
    if (
        qualification is None
        or not qualification.is_approved
        or (lieux_restreints and lieu.pk not in lieux_restreints)
    ):
        raise EncaissementRefuse(
            MotifRefus.LIEU_NON_QUALIFIE,
            f"Le lieu « {lieu.nom} » n'est pas qualifié pour la campagne « {campagne.nom} » : ce chèque ne peut "
            "pas y être encaissé.",
            cheque=cheque,
        )
    # Une seule requête : le service est proposé par le lieu ET éligible à la campagne.
    offre = qualification.offres.filter(service=service, service__campagnes=campagne).first() if service else None
    if offre is None:
        nom = service.libelle if service else "choisi"
        raise EncaissementRefuse(
            MotifRefus.SERVICE_NON_ELIGIBLE,
            f"Le service « {nom} » n'est pas payable avec les chèques de cette campagne dans ce lieu.",
            cheque=cheque,
        )
    if offre.a_reste_a_charge and not campagne.reste_a_charge_autorise:
        raise EncaissementRefuse(
            MotifRefus.RESTE_A_CHARGE,
            f"Dans ce lieu, « {service.libelle} » laisse {euros(offre.reste_a_charge)} à payer par la personne "
            f"({offre.reste_a_charge_raison}). La campagne « {campagne.nom} » paie le service entier, sans rien à "
            "payer de sa poche : ce chèque ne peut pas payer ce service ici.",
            cheque=cheque,
        )
    cheque.offre = offre  # ce que la personne a payé en plus, pour le reçu et le registre
    refus = _refus_etat_cheque(cheque)
    if refus:
        raise refus
    if offre.a_reste_a_charge and not reste_annonce:
        raise EncaissementRefuse(
            MotifRefus.RESTE_NON_ANNONCE,
            f"Dans ce lieu, « {service.libelle} » laisse {euros(offre.reste_a_charge)} à payer par la personne "
            f"({offre.reste_a_charge_raison}) : dites-le-lui avant d'encaisser.",
            cheque=cheque,
        )
    return cheque


def _record_refus(*, refus: EncaissementRefuse, lieu: Lieu, by: User) -> None:
    """Écrire la tentative refusée d'un chèque existant (sans donnée personnelle) pour le tableau du financeur."""
    # Ni « occupé » ni une confirmation oubliée (reste à payer) : ce ne sont pas des refus du chèque.
    if refus.cheque is None or refus.motif in (MotifRefus.OCCUPE, MotifRefus.RESTE_NON_ANNONCE):
        return
    TentativeRefusee.objects.create(
        campagne_id=refus.cheque.campagne_id, cheque=refus.cheque, lieu=lieu, actor=by, motif=refus.motif
    )
    selectors.invalidate(refus.cheque.campagne_id)


def redeem_cheque(
    *,
    raw_code: str,
    lieu: Lieu,
    service: ServicePass | None,
    by: User,
    ip: str = "",
    accompagnement: Accompagnement | None = None,
    reste_annonce: bool = False,
) -> Cheque:
    """Encaisser un chèque. Atomique : deux encaissements simultanés du même code → un seul réussit.

    La garantie vient d'une mise à jour conditionnelle (`UPDATE … WHERE redeemed_at IS NULL AND …`), correcte sur
    PostgreSQL (le second UPDATE attend le verrou de ligne puis ne trouve plus la ligne) comme sur SQLite
    (écritures sérialisées). La même condition exige un carnet remis à une personne et non annulé, et une campagne
    ouverte : vérifiés au moment même de l'écriture, pas seulement par les contrôles qui la précèdent.

    Un refus pour un chèque existant est écrit (`TentativeRefusee`) : le financeur voit combien, et pourquoi.
    """
    if is_rate_limited(user_id=by.pk, ip=ip):
        raise EncaissementRefuse(
            MotifRefus.TROP_D_ESSAIS,
            "Trop de codes erronés ont été saisis : par sécurité, attendez 15 minutes avant de réessayer.",
        )
    try:
        cheque = _redeem(
            raw_code=raw_code, lieu=lieu, service=service, by=by, ip=ip, accompagnement=accompagnement,
            reste_annonce=reste_annonce,
        )  # fmt: skip
    except EncaissementRefuse as refus:
        _record_refus(refus=refus, lieu=lieu, by=by)
        raise
    return cheque


def _lock_live_seance(accompagnement: Accompagnement | None) -> bool:
    """Verrouille la séance liée (s'il y en a une) et dit si elle existe encore (non supprimée).

    La suppression d'une séance (accompagnements) la verrouille aussi, puis refuse s'il existe un chèque : des deux
    transactions, la seconde attend la première et voit son résultat ; jamais un chèque lié à une séance supprimée.
    Pas d'exception ici : levée dans le bloc atomique sans point de sauvegarde, elle rendrait la transaction de la
    requête inutilisable (PostgreSQL).
    """
    if accompagnement is None:
        return True
    vivante = Accompagnement.objects.select_for_update().filter(pk=accompagnement.pk, deleted_at__isnull=True)
    return bool(list(vivante.values_list("pk", flat=True)))


def _redeem(
    *,
    raw_code: str,
    lieu: Lieu,
    service: ServicePass,
    by: User,
    ip: str,
    accompagnement: Accompagnement | None,
    reste_annonce: bool,
) -> Cheque:
    try:
        cheque = check_cheque(raw_code=raw_code, lieu=lieu, service=service, reste_annonce=reste_annonce)
    except EncaissementRefuse as refus:
        if refus.motif in (MotifRefus.CODE_INCONNU, MotifRefus.CLE_FAUSSE):
            _record_failure(user_id=by.pk, ip=ip)
        raise
    today = timezone.localdate()
    # Carnet remis à une personne, non annulé (ETATS_CARNET_ENCAISSABLES) ; campagne générée, dans ses dates.
    # Sous-requêtes EXISTS (et non jointures) : l'UPDATE reste sur la seule table des chèques, et sur PostgreSQL
    # la condition `redeemed_at IS NULL` est revérifiée sur la ligne verrouillée (jamais deux encaissements).
    carnet_remis = Carnet.objects.filter(
        pk=OuterRef("carnet_id"), handed_out_at__isnull=False, cancelled_at__isnull=True
    )
    campagne_ouverte = Campagne.objects.filter(
        pk=OuterRef("campagne_id"),
        statut=StatutCampagne.GENEREE,
        starts_on__lte=today,
        # La tolérance d'une campagne ne change pas après sa création : on la lit une fois.
        ends_on__gte=today - timedelta(days=cheque.campagne.tolerance_jours),
    )
    try:
        # Point de sauvegarde sur SQLite seulement (pour y rattraper « database is locked ») : sur PostgreSQL,
        # un aller-retour de moins par encaissement.
        with transaction.atomic(savepoint=connection.vendor == "sqlite"):
            seance_vivante = _lock_live_seance(accompagnement)
            now = timezone.now()
            won = seance_vivante and (
                Cheque.objects.filter(pk=cheque.pk, redeemed_at__isnull=True, cancelled_at__isnull=True)
                .filter(Exists(carnet_remis), Exists(campagne_ouverte))
                .update(redeemed_at=now, redeemed_by=by, lieu=lieu, service=service, accompagnement=accompagnement)
            )
            if won == 1:
                if cheque.carnet.first_used_at is None:  # premier chèque du carnet : « remis » devient « entamé »
                    Carnet.objects.filter(pk=cheque.carnet_id, first_used_at__isnull=True).update(first_used_at=now)
                # Toujours une ligne au registre pour un encaissement gagné (même transaction que l'UPDATE).
                Mouvement.objects.create(
                    type=TypeMouvement.ENCAISSEMENT, campagne_id=cheque.campagne_id, carnet_id=cheque.carnet_id,
                    cheque=cheque, lieu=lieu, actor=by, quantite=1, montant=cheque.campagne.valeur_cheque,
                    details={"service": service.code, "reste_a_charge": str(cheque.offre.reste_a_charge)},
                )  # fmt: skip
    except OperationalError:
        if connection.vendor != "sqlite":
            raise
        # SQLite seulement : une transaction qui a déjà lu ne peut pas écrire si une autre vient d'écrire
        # (« database is locked », sans attente). Rien n'est écrit ; on le dit clairement au lieu d'une erreur 500.
        raise EncaissementRefuse(
            MotifRefus.OCCUPE, "Beaucoup d'encaissements arrivent en même temps : réessayez dans un instant."
        ) from None
    if not seance_vivante:
        raise EncaissementRefuse(
            MotifRefus.SEANCE_SUPPRIMEE,
            "La séance choisie vient d'être supprimée : choisissez-en une autre, ou aucune.",
            cheque=cheque,
        )
    if won != 1:
        # Perdu : l'état a changé depuis les contrôles (encaissé, carnet annulé, campagne close…). On relit et on
        # donne la vraie raison.
        fresh = Cheque.objects.select_related("campagne", "carnet").get(pk=cheque.pk)
        raise (
            _refus_campagne(fresh, today)
            or _refus_etat_cheque(fresh, a_l_instant=True)
            or EncaissementRefuse(
                MotifRefus.DEJA_ENCAISSE,
                "Ce chèque vient d'être encaissé à l'instant : il ne peut l'être qu'une fois.",
                cheque=fresh,
            )
        )
    cheque.redeemed_at, cheque.redeemed_by, cheque.lieu, cheque.service = now, by, lieu, service
    return cheque


@transaction.atomic
def correct_encaissement(*, cheque: Cheque, by: User, motif: str) -> Mouvement:
    """Annuler un encaissement erroné par une nouvelle ligne du registre ; le chèque redevient utilisable."""
    if not (motif or "").strip():
        raise ValidationError("Indiquez pourquoi cet encaissement est corrigé.")
    cheque = Cheque.objects.select_related("campagne").select_for_update().get(pk=cheque.pk)
    if cheque.redeemed_at is None:
        raise ValidationError("Ce chèque n'est pas encaissé : il n'y a rien à corriger.")
    if cheque.releve_id:
        raise ValidationError("Ce chèque figure déjà sur un relevé : la correction se fait sur le relevé suivant.")
    origine = (
        Mouvement.objects.filter(cheque=cheque, type=TypeMouvement.ENCAISSEMENT).order_by("-created_at", "-pk").first()
    )
    mouvement = Mouvement.objects.create(
        type=TypeMouvement.CORRECTION, campagne=cheque.campagne, carnet_id=cheque.carnet_id, cheque=cheque,
        lieu_id=cheque.lieu_id, corrige=origine, actor=by, quantite=-1, montant=-cheque.campagne.valeur_cheque,
        motif=motif.strip(),
    )  # fmt: skip
    Cheque.objects.filter(pk=cheque.pk).update(redeemed_at=None, redeemed_by=None, lieu=None, service=None)
    return mouvement
