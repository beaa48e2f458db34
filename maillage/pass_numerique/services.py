"""Écritures du Pass numérique. Vues, API, commandes et démo appellent ces fonctions (la permission est déjà vérifiée).

Chaque service écrit dans une transaction et ajoute sa ligne au registre `Mouvement` (ajout seul).
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from schwifty import IBAN
from schwifty.exceptions import InvalidChecksumDigits, SchwiftyException

from maillage.comptes.models import Structure, Territoire, User, validate_siret
from maillage.core.models import Commune
from maillage.lieux.models import Lieu
from maillage.pass_numerique import codes, selectors
from maillage.pass_numerique.enums import (
    ETATS_CARNET_ENCAISSABLES,
    TRANSITIONS_CAMPAGNE,
    TRANSITIONS_CARNET,
    TRANSITIONS_QUALIFICATION,
    TRANSITIONS_RELEVE,
    EtatCarnet,
    MotifRefus,
    StatutCampagne,
    StatutQualification,
    StatutReleve,
    TypeMouvement,
    check_transition,
)
from maillage.pass_numerique.models import (
    Avoir,
    Campagne,
    Carnet,
    Charte,
    Cheque,
    Cofinancement,
    Mouvement,
    QualificationJournal,
    QualificationPass,
    QualificationService,
    Releve,
    ServicePass,
    TentativeRefusee,
)

MAX_CARNETS = 200_000
MAX_CHEQUES_PAR_CARNET = 50
BATCH_SIZE = 20_000

# ---------------------------------------------------------------------------------------------------------------
# Qualification des lieux
# ---------------------------------------------------------------------------------------------------------------


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
) -> QualificationPass:
    """Demande de qualification d'un lieu (ou nouvelle demande après un retrait)."""
    errors: dict[str, list[str]] = {}
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
    if not offres:
        errors["services"] = ["Choisissez au moins un service proposé contre des chèques."]
    elif any(int(p) < 1 for p in offres.values()):
        errors["services"] = ["Chaque service coûte au moins un chèque."]
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
    QualificationService.objects.bulk_create(
        QualificationService(qualification=qualification, service=s, prix_cheques=int(p)) for s, p in offres.items()
    )
    QualificationJournal.objects.create(
        qualification=qualification, statut=StatutQualification.EN_ATTENTE, actor=by, motif="Demande de qualification",
        details={"charte": charte.version, "services": {s.code: int(p) for s, p in offres.items()},
                 "siret": siret, "iban_fin": iban[-4:]},
    )  # fmt: skip
    return qualification


DECISIONS = (StatutQualification.APPROUVEE, StatutQualification.SUSPENDUE, StatutQualification.RETIREE)


@transaction.atomic
def decide_qualification(
    *, qualification: QualificationPass, statut: str, by: User, motif: str = ""
) -> QualificationPass:
    """Approuver, suspendre ou retirer une qualification. Suspendre ou retirer demande un motif."""
    if statut not in DECISIONS:  # « en attente » ne se décide pas : c'est une nouvelle demande du lieu
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
    return qualification


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


# ---------------------------------------------------------------------------------------------------------------
# Campagnes et génération
# ---------------------------------------------------------------------------------------------------------------


@transaction.atomic
def create_campagne(
    *,
    territoire: Territoire,
    nom: str,
    valeur_cheque: Decimal,
    cheques_par_carnet: int,
    nombre_carnets: int,
    starts_on: date,
    ends_on: date,
    tolerance_jours: int,
    budget: Decimal,
    services: list[ServicePass],
    lieux: list[Lieu],
    cofinancements: list[tuple[Structure, Decimal]],
    by: User,
) -> Campagne:
    """Créer une campagne (brouillon). Toutes les incohérences sont signalées ensemble, champ par champ."""
    errors: dict[str, list[str]] = {}
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = [
            f"La date de fin ({ends_on:%d/%m/%Y}) est avant la date de début ({starts_on:%d/%m/%Y}) : "
            "inversez-les ou corrigez-les."
        ]
    if not 1 <= nombre_carnets <= MAX_CARNETS:
        errors["nombre_carnets"] = [f"Le nombre de carnets va de 1 à {MAX_CARNETS:,}.".replace(",", " ")]
    if not 1 <= cheques_par_carnet <= MAX_CHEQUES_PAR_CARNET:
        errors["cheques_par_carnet"] = [f"Un carnet compte de 1 à {MAX_CHEQUES_PAR_CARNET} chèques."]
    if valeur_cheque is None or valeur_cheque <= 0:
        errors["valeur_cheque"] = ["La valeur d'un chèque doit être positive (par exemple 10 €)."]
    if not errors:
        total = valeur_cheque * cheques_par_carnet * nombre_carnets
        if budget is None or budget < total:
            errors["budget"] = [
                f"Le budget ({budget or 0} €) ne couvre pas la valeur des chèques émis : {nombre_carnets} carnets × "
                f"{cheques_par_carnet} chèques × {valeur_cheque} € = {total} €."
            ]
    if not services:
        errors["services"] = ["Choisissez au moins un service payable avec les chèques."]
    if not cofinancements:
        errors["cofinancements"] = ["Indiquez au moins un financeur et sa part."]
    else:
        total_parts = sum((Decimal(p) for _, p in cofinancements), Decimal(0))
        if total_parts != Decimal(100):
            errors["cofinancements"] = [f"Les parts des financeurs font {total_parts} % : elles doivent faire 100 %."]
        elif len({s.pk for s, _ in cofinancements}) != len(cofinancements):
            errors["cofinancements"] = ["Un même financeur est indiqué deux fois."]
        elif any(Decimal(p) <= 0 for _, p in cofinancements):
            errors["cofinancements"] = ["Chaque part doit être positive."]
    if lieux:
        qualifies = set(
            QualificationPass.objects.approuvees()
            .filter(territoire=territoire, lieu__in=lieux)
            .values_list("lieu_id", flat=True)
        )
        hors = [lieu.nom for lieu in lieux if lieu.pk not in qualifies]
        if hors:
            errors["lieux"] = [f"Ces lieux ne sont pas qualifiés sur ce territoire : {', '.join(hors)}."]
    if errors:
        raise ValidationError(errors)
    campagne = Campagne(
        territoire=territoire, nom=nom.strip(), valeur_cheque=valeur_cheque, cheques_par_carnet=cheques_par_carnet,
        nombre_carnets=nombre_carnets, starts_on=starts_on, ends_on=ends_on, tolerance_jours=tolerance_jours,
        budget=budget, created_by=by,
    )  # fmt: skip
    campagne.full_clean()
    campagne.save()
    campagne.services_eligibles.set(services)
    campagne.lieux_eligibles.set(lieux)
    Cofinancement.objects.bulk_create(
        Cofinancement(campagne=campagne, financeur=s, part=Decimal(p)) for s, p in cofinancements
    )
    return campagne


def _insert_cheques(rows: list[tuple]) -> None:
    """Insertion en masse sans objet Python par ligne ni `save()` : COPY sur PostgreSQL, `executemany` sur SQLite."""
    table = Cheque._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} (campagne_id, carnet_id, rang, code) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            sql = f"INSERT INTO {table} (campagne_id, carnet_id, rang, code) VALUES (%s, %s, %s, %s)"  # noqa: S608
            cursor.executemany(sql, rows)


@transaction.atomic
def generate_carnets(*, campagne: Campagne, by: User) -> int:
    """Créer les carnets et leurs chèques (codes imprévisibles), et la ligne d'émission du registre."""
    campagne = Campagne.objects.select_for_update().get(pk=campagne.pk)
    check_transition(
        TRANSITIONS_CAMPAGNE, campagne.statut, StatutCampagne.GENEREE, sujet="Campagne",
        precision="Les carnets de cette campagne ont déjà été générés.",
    )  # fmt: skip
    Carnet.objects.bulk_create(
        (Carnet(campagne=campagne, numero=n) for n in range(1, campagne.nombre_carnets + 1)), batch_size=BATCH_SIZE
    )
    carnet_ids = list(Carnet.objects.filter(campagne=campagne).order_by("numero").values_list("pk", flat=True))
    per = campagne.cheques_par_carnet
    all_codes = codes.generate_codes(campagne.nombre_cheques)
    rows: list[tuple] = []
    i = 0
    for carnet_id in carnet_ids:
        for rang in range(1, per + 1):
            rows.append((campagne.pk, carnet_id, rang, all_codes[i]))
            i += 1
            if len(rows) >= BATCH_SIZE:
                _insert_cheques(rows)
                rows = []
    if rows:
        _insert_cheques(rows)
    now = timezone.now()
    campagne.statut = StatutCampagne.GENEREE
    campagne.generated_at = now
    campagne.save(update_fields=["statut", "generated_at", "updated_at"])
    Mouvement.objects.create(
        type=TypeMouvement.EMISSION, campagne=campagne, actor=by, quantite=campagne.nombre_cheques,
        montant=campagne.valeur_totale, motif="Génération des carnets",
        details={"nombre_carnets": campagne.nombre_carnets, "cheques_par_carnet": per},
    )  # fmt: skip
    return campagne.nombre_cheques


# ---------------------------------------------------------------------------------------------------------------
# Distribution
# ---------------------------------------------------------------------------------------------------------------


@transaction.atomic
def allocate_carnets(*, campagne: Campagne, structure: Structure, nombre: int, by: User) -> tuple[int, int]:
    """Attribuer `nombre` carnets (les premiers numéros libres) au stock d'une structure prescriptrice."""
    campagne = Campagne.objects.select_for_update().get(pk=campagne.pk)
    if campagne.statut != StatutCampagne.GENEREE:
        raise ValidationError("Les carnets s'attribuent une fois générés, et avant la clôture de la campagne.")
    if not structure.commune.territoires.filter(pk=campagne.territoire_id).exists():
        raise ValidationError("Cette structure n'est pas sur le territoire de la campagne.")
    if nombre < 1:
        raise ValidationError("Indiquez un nombre de carnets d'au moins 1.")
    # Attribution en masse : la requête ne prend que des carnets « émis » (sans structure, non annulés), seul état
    # d'où l'on passe « en stock » (TRANSITIONS_CARNET) ; les tests vérifient qu'aucun autre état n'est pris.
    libres = Carnet.objects.filter(campagne=campagne, structure__isnull=True, cancelled_at__isnull=True)
    # Borné au nombre de carnets de la campagne : un nombre démesuré ne part pas en LIMIT SQL (hors des entiers).
    numeros = list(libres.order_by("numero").values_list("numero", flat=True)[: min(nombre, campagne.nombre_carnets)])
    if len(numeros) < nombre:
        raise ValidationError(f"Il ne reste que {len(numeros)} carnet(s) à attribuer pour cette campagne.")
    lo, hi = numeros[0], numeros[-1]
    updated = libres.filter(numero__gte=lo, numero__lte=hi).update(structure=structure, allocated_at=timezone.now())
    if updated != nombre:  # carnets libres non contigus (cas rare) : on recommence proprement
        raise ValidationError("Les carnets libres ne se suivent pas : attribuez-les en plusieurs fois.")
    Mouvement.objects.create(
        type=TypeMouvement.ALLOCATION, campagne=campagne, structure=structure, actor=by,
        quantite=nombre * campagne.cheques_par_carnet, montant=nombre * campagne.valeur_carnet,
        details={"nombre_carnets": nombre, "du_numero": lo, "au_numero": hi},
    )  # fmt: skip
    return lo, hi


@transaction.atomic
def hand_out_carnet(
    *,
    carnet: Carnet,
    by: User,
    tranche_age: str,
    commune: Commune | None,
    situation: str,
    besoin: str,
    orientation=None,
) -> Carnet:
    """Remettre un carnet à une personne : on n'enregistre ni son nom ni ses coordonnées."""
    carnet = Carnet.objects.select_related("campagne").select_for_update().get(pk=carnet.pk)
    campagne = carnet.campagne
    if carnet.cancelled_at:
        precision = "Ce carnet est annulé : il ne peut pas être remis."
    elif carnet.handed_out_at:
        precision = f"Ce carnet a déjà été remis le {timezone.localtime(carnet.handed_out_at):%d/%m/%Y}."
    else:
        precision = "Ce carnet n'est attribué à aucune structure."
    check_transition(
        TRANSITIONS_CARNET, carnet.etat_code, EtatCarnet.REMIS, sujet=f"Carnet n° {carnet.numero}", precision=precision
    )
    if campagne.statut != StatutCampagne.GENEREE or timezone.localdate() > campagne.ends_on:
        raise ValidationError("La campagne est terminée : les carnets ne se distribuent plus.")
    carnet.handed_out_at = timezone.now()
    carnet.handed_out_by = by
    carnet.tranche_age, carnet.commune, carnet.situation, carnet.besoin = tranche_age, commune, situation, besoin
    carnet.orientation = orientation
    carnet.full_clean()
    carnet.save()
    Mouvement.objects.create(
        type=TypeMouvement.DISTRIBUTION, campagne=campagne, carnet=carnet, structure_id=carnet.structure_id,
        actor=by, quantite=campagne.cheques_par_carnet, montant=campagne.valeur_carnet,
        details={"tranche_age": tranche_age, "commune": commune.pk if commune else "", "situation": situation,
                 "besoin": besoin},
    )  # fmt: skip
    return carnet


@transaction.atomic
def cancel_carnet(*, carnet: Carnet, by: User, motif: str) -> int:
    """Annuler un carnet perdu ou volé : ses chèques non encaissés seront refusés. Renvoie leur nombre."""
    if not (motif or "").strip():
        raise ValidationError("Indiquez le motif de l'annulation (perte, vol…).")
    carnet = Carnet.objects.select_related("campagne").select_for_update().get(pk=carnet.pk)
    check_transition(
        TRANSITIONS_CARNET, carnet.etat_code, EtatCarnet.ANNULE, sujet=f"Carnet n° {carnet.numero}",
        precision="Ce carnet est déjà annulé.",
    )  # fmt: skip
    now = timezone.now()
    carnet.cancelled_at, carnet.cancel_reason = now, motif.strip()[:200]
    carnet.save(update_fields=["cancelled_at", "cancel_reason"])
    n = Cheque.objects.filter(carnet=carnet, redeemed_at__isnull=True, cancelled_at__isnull=True).update(
        cancelled_at=now
    )
    Mouvement.objects.create(
        type=TypeMouvement.ANNULATION, campagne=carnet.campagne, carnet=carnet, structure_id=carnet.structure_id,
        actor=by, quantite=n, montant=n * carnet.campagne.valeur_cheque, motif=motif.strip(),
    )  # fmt: skip
    return n


# ---------------------------------------------------------------------------------------------------------------
# Encaissement
# ---------------------------------------------------------------------------------------------------------------

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


def _rate_keys(user_id, ip: str) -> list[tuple[str, int]]:
    return [(f"pass:echecs:user:{user_id}", RATE_LIMIT_USER), (f"pass:echecs:ip:{ip}", RATE_LIMIT_IP)]


def is_rate_limited(*, user_id, ip: str) -> bool:
    return any((cache.get(key) or 0) >= limit for key, limit in _rate_keys(user_id, ip))


def _record_failure(*, user_id, ip: str) -> None:
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


def check_cheque(*, raw_code: str, lieu: Lieu, service: ServicePass | None) -> Cheque:
    """Tous les contrôles, dans l'ordre, chacun avec son message. Ne modifie rien."""
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
    if service is None or not qualification.offres.filter(service=service, service__campagnes=campagne).exists():
        nom = service.libelle if service else "choisi"
        raise EncaissementRefuse(
            MotifRefus.SERVICE_NON_ELIGIBLE,
            f"Le service « {nom} » n'est pas payable avec les chèques de cette campagne dans ce lieu.",
            cheque=cheque,
        )
    refus = _refus_etat_cheque(cheque)
    if refus:
        raise refus
    return cheque


def _record_refus(*, refus: EncaissementRefuse, lieu: Lieu, by: User) -> None:
    """Écrire la tentative refusée d'un chèque existant (sans donnée personnelle) pour le tableau du financeur."""
    if refus.cheque is None or refus.motif == MotifRefus.OCCUPE:
        return
    TentativeRefusee.objects.create(
        campagne_id=refus.cheque.campagne_id, cheque=refus.cheque, lieu=lieu, actor=by, motif=refus.motif
    )
    selectors.invalidate(refus.cheque.campagne_id)


def redeem_cheque(
    *, raw_code: str, lieu: Lieu, service: ServicePass | None, by: User, ip: str = "", accompagnement=None
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
        cheque = _redeem(raw_code=raw_code, lieu=lieu, service=service, by=by, ip=ip, accompagnement=accompagnement)
    except EncaissementRefuse as refus:
        _record_refus(refus=refus, lieu=lieu, by=by)
        raise
    return cheque


def _redeem(*, raw_code: str, lieu: Lieu, service: ServicePass, by: User, ip: str, accompagnement) -> Cheque:
    try:
        cheque = check_cheque(raw_code=raw_code, lieu=lieu, service=service)
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
            now = timezone.now()
            won = (
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
                    details={"service": service.code},
                )  # fmt: skip
    except OperationalError:
        if connection.vendor != "sqlite":
            raise
        # SQLite seulement : une transaction qui a déjà lu ne peut pas écrire si une autre vient d'écrire
        # (« database is locked », sans attente). Rien n'est écrit ; on le dit clairement au lieu d'une erreur 500.
        raise EncaissementRefuse(
            MotifRefus.OCCUPE, "Beaucoup d'encaissements arrivent en même temps : réessayez dans un instant."
        ) from None
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


# ---------------------------------------------------------------------------------------------------------------
# Relevés mensuels, paiement, clôture et avoirs
# ---------------------------------------------------------------------------------------------------------------


def month_bounds(mois: date) -> tuple[datetime, datetime]:
    first = mois.replace(day=1)
    last_day = calendar.monthrange(first.year, first.month)[1]
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(first, time.min), tz)
    end = timezone.make_aware(datetime.combine(first.replace(day=last_day), time.min), tz) + timedelta(days=1)
    return start, end


@transaction.atomic
def build_releves(*, mois: date, by: User | None = None, campagne: Campagne | None = None) -> list[Releve]:
    """Établir les relevés d'un mois terminé : un par lieu et par campagne, avec les chèques encaissés ce mois."""
    first = mois.replace(day=1)
    if first >= timezone.localdate().replace(day=1):
        raise ValidationError("Un relevé s'établit une fois le mois terminé.")
    if first.year < 2000:  # aucune campagne avant ; et l'an 1 ne se convertit pas en heure UTC (erreur 500)
        raise ValidationError("Ce mois est trop ancien : aucun chèque n'a pu y être encaissé.")
    start, end = month_bounds(first)
    pending = Cheque.objects.filter(redeemed_at__gte=start, redeemed_at__lt=end, releve__isnull=True)
    if campagne is not None:
        pending = pending.filter(campagne=campagne)
    groups = pending.values_list("campagne_id", "lieu_id").distinct()
    releves = []
    for campagne_id, lieu_id in sorted(set(groups)):
        camp = Campagne.objects.get(pk=campagne_id)
        qualification = QualificationPass.objects.get(lieu_id=lieu_id, territoire_id=camp.territoire_id)
        releve, _ = Releve.objects.get_or_create(
            campagne=camp, qualification=qualification, mois=first,
            defaults={"nombre_cheques": 0, "montant": Decimal(0)},
        )  # fmt: skip
        if releve.statut != StatutReleve.A_VALIDER:
            continue  # jamais rouvrir un relevé validé : les retardataires iront au mois suivant
        n = pending.filter(campagne_id=campagne_id, lieu_id=lieu_id).update(releve=releve)
        releve.nombre_cheques += n
        releve.montant = releve.nombre_cheques * camp.valeur_cheque
        releve.save(update_fields=["nombre_cheques", "montant", "updated_at"])
        releves.append(releve)
    return releves


@transaction.atomic
def validate_releve(*, releve: Releve, by: User) -> Releve:
    releve = Releve.objects.select_for_update().get(pk=releve.pk)
    check_transition(
        TRANSITIONS_RELEVE, releve.statut, StatutReleve.VALIDE, sujet="Relevé", precision="Ce relevé est déjà validé."
    )
    releve.statut, releve.validated_at, releve.validated_by = StatutReleve.VALIDE, timezone.now(), by
    releve.save(update_fields=["statut", "validated_at", "validated_by", "updated_at"])
    Mouvement.objects.create(
        type=TypeMouvement.RELEVE_VALIDE, campagne_id=releve.campagne_id, releve=releve,
        lieu_id=releve.qualification.lieu_id, actor=by, quantite=releve.nombre_cheques, montant=releve.montant,
    )  # fmt: skip
    return releve


@transaction.atomic
def mark_releve_paid(*, releve: Releve, by: User, payment_reference: str) -> Releve:
    reference = (payment_reference or "").strip()
    if not reference:
        raise ValidationError("Indiquez la référence du paiement (numéro de mandat ou de virement).")
    releve = Releve.objects.select_for_update().get(pk=releve.pk)
    check_transition(
        TRANSITIONS_RELEVE, releve.statut, StatutReleve.PAYE, sujet="Relevé",
        precision="Validez d'abord ce relevé avant de le marquer payé." if releve.statut == StatutReleve.A_VALIDER
        else "Ce relevé est déjà marqué payé.",
    )  # fmt: skip
    releve.statut, releve.paid_at, releve.payment_reference = StatutReleve.PAYE, timezone.now(), reference[:100]
    releve.save(update_fields=["statut", "paid_at", "payment_reference", "updated_at"])
    Mouvement.objects.create(
        type=TypeMouvement.RELEVE_PAYE, campagne_id=releve.campagne_id, releve=releve,
        lieu_id=releve.qualification.lieu_id, actor=by, quantite=releve.nombre_cheques, montant=releve.montant,
        details={"reference": reference},
    )  # fmt: skip
    return releve


@dataclass
class Cloture:
    cheques_inutilises: int
    avoirs: list[Avoir]


@transaction.atomic
def close_campagne(*, campagne: Campagne, by: User) -> Cloture:
    """Clôturer : plus aucun encaissement ; les chèques non utilisés font un avoir par financeur, selon sa part.

    Les montants sont arrondis au centime ; le dernier financeur reçoit le reste, pour que la somme soit exacte.
    """
    campagne = Campagne.objects.select_for_update().get(pk=campagne.pk)
    check_transition(
        TRANSITIONS_CAMPAGNE, campagne.statut, StatutCampagne.CLOTUREE, sujet="Campagne",
        precision="Seule une campagne en cours (carnets générés) peut être clôturée.",
    )  # fmt: skip
    utilises = Cheque.objects.filter(campagne=campagne, redeemed_at__isnull=False).count()
    inutilises = campagne.nombre_cheques - utilises
    total = inutilises * campagne.valeur_cheque
    cofs = list(campagne.cofinancements.select_related("financeur").order_by("pk"))
    avoirs, reste = [], total
    for i, cof in enumerate(cofs):
        if i == len(cofs) - 1:
            montant = reste
        else:
            montant = (total * cof.part / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            reste -= montant
        avoir = Avoir.objects.create(
            campagne=campagne, financeur=cof.financeur, part=cof.part, cheques_inutilises=inutilises, montant=montant
        )
        Mouvement.objects.create(
            type=TypeMouvement.AVOIR, campagne=campagne, structure=cof.financeur, actor=by, quantite=inutilises,
            montant=montant, details={"part": cof.part},
        )  # fmt: skip
        avoirs.append(avoir)
    campagne.statut, campagne.closed_at = StatutCampagne.CLOTUREE, timezone.now()
    campagne.save(update_fields=["statut", "closed_at", "updated_at"])
    return Cloture(cheques_inutilises=inutilises, avoirs=avoirs)


def lieux_proches(structure: Structure, territoire_id: int, limit: int = 8) -> list[tuple[Lieu, float | None]]:
    """Lieux qualifiés du territoire, du plus proche au plus loin de la structure (lettre d'accompagnement)."""
    from maillage.core.utils import distance_km

    lieux = list(
        Lieu.objects.filter(
            qualifications_pass__territoire_id=territoire_id,
            qualifications_pass__statut=StatutQualification.APPROUVEE,
        ).distinct()
    )
    c = structure.commune

    def dist(lieu):
        if None in (lieu.latitude, lieu.longitude, c.latitude, c.longitude):
            return None
        return distance_km(c.latitude, c.longitude, lieu.latitude, lieu.longitude)

    ranked = sorted(((lieu, dist(lieu)) for lieu in lieux), key=lambda t: (t[1] is None, t[1] or 0, t[0].nom))
    return ranked[:limit]
