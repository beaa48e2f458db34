"""Vie d'une campagne : création (brouillon), génération des carnets et des chèques, clôture et avoirs."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from maillage.comptes.models import Structure, Territoire, User
from maillage.lieux.models import Lieu
from maillage.pass_numerique import codes
from maillage.pass_numerique.enums import (
    TRANSITIONS_CAMPAGNE,
    StatutCampagne,
    TypeMouvement,
    check_transition,
)
from maillage.pass_numerique.models import (
    Avoir,
    Campagne,
    Carnet,
    Cheque,
    Cofinancement,
    Mouvement,
    QualificationPass,
    ServicePass,
)

MAX_CARNETS = 200_000
MAX_CHEQUES_PAR_CARNET = 50
BATCH_SIZE = 20_000


def _erreurs_chiffres(
    *,
    valeur_cheque: Decimal | None,
    cheques_par_carnet: int,
    nombre_carnets: int,
    starts_on: date | None,
    ends_on: date | None,
    budget: Decimal | None,
) -> dict[str, list[str]]:
    """Dates, nombres et budget d'une campagne : le budget ne se compare qu'une fois les nombres justes."""
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
    return errors


def _erreurs_cofinancements(cofinancements: list[tuple[Structure, Decimal]]) -> dict[str, list[str]]:
    """Au moins un financeur, chacun une fois, des parts positives qui font 100 %."""
    if not cofinancements:
        return {"cofinancements": ["Indiquez au moins un financeur et sa part."]}
    total_parts = sum((Decimal(p) for _, p in cofinancements), Decimal(0))
    if total_parts != Decimal(100):
        return {"cofinancements": [f"Les parts des financeurs font {total_parts} % : elles doivent faire 100 %."]}
    if len({s.pk for s, _ in cofinancements}) != len(cofinancements):
        return {"cofinancements": ["Un même financeur est indiqué deux fois."]}
    if any(Decimal(p) <= 0 for _, p in cofinancements):
        return {"cofinancements": ["Chaque part doit être positive."]}
    return {}


def _erreurs_lieux(territoire: Territoire, lieux: list[Lieu]) -> dict[str, list[str]]:
    """Les lieux choisis (facultatifs) doivent être qualifiés sur le territoire de la campagne."""
    if not lieux:
        return {}
    qualifies = set(
        QualificationPass.objects.approuvees()
        .filter(territoire=territoire, lieu__in=lieux)
        .values_list("lieu_id", flat=True)
    )
    hors = [lieu.nom for lieu in lieux if lieu.pk not in qualifies]
    return {"lieux": [f"Ces lieux ne sont pas qualifiés sur ce territoire : {', '.join(hors)}."]} if hors else {}


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
    reste_a_charge_autorise: bool = False,
) -> Campagne:
    """Créer une campagne (brouillon). Toutes les incohérences sont signalées ensemble, champ par champ.

    `reste_a_charge_autorise` : un lieu peut laisser à la personne un reste à payer documenté (sinon refusé).
    """
    errors = {
        **_erreurs_chiffres(
            valeur_cheque=valeur_cheque, cheques_par_carnet=cheques_par_carnet, nombre_carnets=nombre_carnets,
            starts_on=starts_on, ends_on=ends_on, budget=budget,
        ),
        **_erreurs_cofinancements(cofinancements),
        **_erreurs_lieux(territoire, lieux),
    }  # fmt: skip
    if not services:
        errors["services"] = ["Choisissez au moins un service payable avec les chèques."]
    if errors:
        raise ValidationError(errors)
    campagne = Campagne(
        territoire=territoire, nom=nom.strip(), valeur_cheque=valeur_cheque, cheques_par_carnet=cheques_par_carnet,
        nombre_carnets=nombre_carnets, starts_on=starts_on, ends_on=ends_on, tolerance_jours=tolerance_jours,
        budget=budget, created_by=by, reste_a_charge_autorise=reste_a_charge_autorise,
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
