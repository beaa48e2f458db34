"""Lieux dont les informations sont à vérifier (relances de l'annuaire, liste de gestion)."""

from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from maillage.lieux.enums import StatutLieu
from maillage.lieux.models import Lieu


def lieux_a_verifier(
    queryset: QuerySet[Lieu] | None = None, *, months: int = 12, now: datetime | None = None
) -> QuerySet[Lieu]:
    """Lieux non fermés dont ni la vérification ni la date de mise à jour n'ont moins de `months` mois."""
    now = now or timezone.now()
    limit = now - timedelta(days=round(months * 30.44))
    qs = queryset if queryset is not None else Lieu.objects.all()
    return qs.exclude(statut=StatutLieu.FERME).filter(
        (Q(verified_at__isnull=True) | Q(verified_at__lt=limit)) & Q(date_maj__lt=limit.date())
    )
