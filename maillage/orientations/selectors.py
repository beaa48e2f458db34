"""Lieux suggérés pour une orientation : d'abord ceux qui offrent le service, puis ouverts bientôt, puis proches."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from maillage.accompagnements.enums import BESOIN_SERVICE
from maillage.core.utils import bounding_box, distance_km
from maillage.lieux import horaires
from maillage.lieux.models import Lieu

RAYON_KM = 30
MAX_SUGGESTIONS = 8


@dataclass
class Suggestion:
    lieu: Lieu
    services_trouves: int
    distance_km: float | None
    ouvert_maintenant: bool | None
    prochaine_ouverture: datetime | None


def suggest_lieux(
    *,
    besoins: list[str],
    lat: float | None,
    lon: float | None,
    now: datetime | None = None,
    limit: int = MAX_SUGGESTIONS,
) -> list[Suggestion]:
    """Lieux publiés, rattachés à une structure (qui pourra répondre), dans un rayon de 30 km autour de la personne.

    Tri : nombre de services demandés offerts (desc), ouvert dans les 7 jours, distance.
    """
    now = now or timezone.now()
    wanted = {BESOIN_SERVICE[b] for b in besoins if b in BESOIN_SERVICE}
    qs = Lieu.objects.published().filter(structure__isnull=False).select_related("structure")
    if lat is not None and lon is not None:
        lat_min, lat_max, lon_min, lon_max = bounding_box(lat, lon, RAYON_KM)
        qs = qs.filter(latitude__gte=lat_min, latitude__lte=lat_max, longitude__gte=lon_min, longitude__lte=lon_max)
    suggestions = []
    for lieu in qs[:500]:
        found = len(wanted & set(lieu.services or []))
        if wanted and not found:
            continue
        dist = None
        if lat is not None and lieu.latitude is not None:
            dist = distance_km(lat, lon, lieu.latitude, lieu.longitude)
            if dist > RAYON_KM:
                continue
        suggestions.append(
            Suggestion(
                lieu=lieu,
                services_trouves=found,
                distance_km=round(dist, 1) if dist is not None else None,
                ouvert_maintenant=horaires.is_open(lieu.horaires, now),
                prochaine_ouverture=horaires.next_opening(lieu.horaires, now),
            )
        )
    week = now + timedelta(days=7)
    suggestions.sort(
        key=lambda s: (
            -s.services_trouves,
            0 if (s.prochaine_ouverture and s.prochaine_ouverture <= week) else 1,
            s.distance_km if s.distance_km is not None else 9999,
            s.lieu.nom,
        )
    )
    return suggestions[:limit]
