"""Lieux suggérés pour une orientation : d'abord ceux qui interviennent dans la commune de la personne (périmètre de
l'annuaire), puis ceux qui offrent le service, puis ouverts bientôt, puis proches."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from maillage.aidants.selectors import structures_avec_aidants_connect
from maillage.lieux import horaires
from maillage.lieux.models import Lieu
from maillage.lieux.selectors import MAX_LIMIT, search_lieux
from maillage.lieux.selectors.autour import DISTANCE_EQUIVALENTE_KM
from maillage.orientations.enums import BESOIN_SERVICE

RAYON_KM = 30
MAX_SUGGESTIONS = 8


@dataclass
class Suggestion:
    lieu: Lieu
    services_trouves: int
    distance_km: float | None
    ouvert_maintenant: bool | None
    prochaine_ouverture: datetime | None
    intervient_dans_la_commune: bool = False
    #: Aide à distance dont la zone comprend la commune de la personne (hors du rayon) : rangée comme à 10 km.
    a_distance: bool = False

    @property
    def simple(self) -> bool:
        """Lieu dont la structure n'est pas sur Maillage : orientation simple (fiche à imprimer, sans suivi)."""
        return self.lieu.structure_id is None


def suggest_lieux(
    *,
    besoins: list[str],
    lat: float | None,
    lon: float | None,
    now: datetime | None = None,
    limit: int = MAX_SUGGESTIONS,
    aidants_connect: bool = False,
    rattaches_seulement: bool = True,
    commune: str | None = None,
    a_distance: bool = True,
) -> list[Suggestion]:
    """Lieux publiés dans un rayon de 30 km autour de la personne ; `rattaches_seulement` : seulement ceux rattachés
    à une structure (qui pourra répondre : redirection), sinon tous (orientation simple vers les autres).

    Tri : d'abord les lieux dont le périmètre (annuaire) comprend `commune`, la commune de la personne (code INSEE ;
    mention « Intervient dans la commune de la personne », calculée dans la lecture de la recherche, aucune requête de plus),
    puis nombre de services demandés offerts (desc), ouvert dans les 7 jours, distance.
    `aidants_connect` : seulement les lieux dont la structure annonce en public des aidants habilités Aidants
    Connect (même règle que la page du lieu ; une sous-requête, aucune requête de plus).
    """
    now = now or timezone.now()
    lieux = Lieu.objects.filter(structure__isnull=False) if rattaches_seulement else Lieu.objects.all()
    if aidants_connect:
        lieux = lieux.filter(structure_id__in=structures_avec_aidants_connect(now))
    wanted = {BESOIN_SERVICE[b] for b in besoins if b in BESOIN_SERVICE}
    centre = {"lat": lat, "lon": lon, "rayon_km": RAYON_KM} if lat is not None and lon is not None else {}
    # La recherche des lieux (publiés, rayon, arrêts itinérants compris) ; seuls les lieux rattachés à une
    # structure peuvent recevoir une orientation.
    result = search_lieux(
        services=sorted(wanted) or None,
        now=now,
        limit=MAX_LIMIT,
        queryset=lieux,
        intervient_dans=commune or None,
        a_distance=a_distance,  # l'aide à distance qui couvre la commune de la personne (décision 0022)
        **centre,
    )
    suggestions = []
    for item in result.items:
        lieu = item.lieu
        suggestions.append(
            Suggestion(
                lieu=lieu,
                services_trouves=len(wanted & set(lieu.services or [])),
                distance_km=round(item.distance_km, 1) if item.distance_km is not None else None,
                ouvert_maintenant=item.ouvert_maintenant,
                prochaine_ouverture=horaires.next_opening(lieu.horaires, now),
                intervient_dans_la_commune=item.intervient_dans_la_commune,
                a_distance=item.a_distance,
            )
        )
    week = now + timedelta(days=7)
    suggestions.sort(
        key=lambda s: (
            not s.intervient_dans_la_commune,
            -s.services_trouves,
            0 if (s.prochaine_ouverture and s.prochaine_ouverture <= week) else 1,
            DISTANCE_EQUIVALENTE_KM if s.a_distance else s.distance_km if s.distance_km is not None else 9999,
            s.lieu.nom,
        )
    )
    return suggestions[:limit]
