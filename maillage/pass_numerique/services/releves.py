"""Relevés mensuels des lieux : établissement (mois terminé), validation puis paiement par le financeur."""

import calendar
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from maillage.comptes.models import User
from maillage.pass_numerique.enums import (
    TRANSITIONS_RELEVE,
    StatutReleve,
    TypeMouvement,
    check_transition,
)
from maillage.pass_numerique.models import (
    Campagne,
    Cheque,
    Mouvement,
    QualificationPass,
    Releve,
)


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
