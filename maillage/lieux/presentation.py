"""Un lieu en mots simples, pour une personne : ce qu'on y fait, pour qui, à quel coût, quand c'est ouvert
(page d'un lieu, fiche imprimable, résultats de recherche). Les pages publiques ne font que l'afficher."""

from datetime import timedelta

from django.utils import timezone

from maillage.lieux import horaires as h
from maillage.lieux.enums import (
    BESOIN_SERVICES,
    SERVICE_DESCRIPTIONS,
    Besoin,
    Dispositif,
    Frais,
    ModaliteAcces,
    ModaliteAccompagnement,
    PriseEnCharge,
    Public,
    Service,
    besoin_for_service,
)
from maillage.lieux.models import Lieu

FRAIS_EXPLICATIONS = {
    Frais.GRATUIT: "Gratuit.",
    Frais.GRATUIT_SOUS_CONDITION: "Gratuit sous conditions (adhésion, situation, orientation par un organisme, "
    "Pass numérique…).",
    Frais.PAYANT: "Payant.",
}


def _label(enum, value) -> str:
    try:
        return enum(value).label
    except ValueError:
        return str(value)


def _labels(enum, values) -> list[str]:
    return [_label(enum, v) for v in values or []]


def format_distance(km: float | None) -> str:
    """« à 850 m », « à 2,3 km », « à 27 km » (écriture française)."""
    if km is None:
        return ""
    if km < 1:
        return f"à {max(10, round(km * 1000, -1)):.0f} m"
    if km < 10:
        return f"à {km:.1f} km".replace(".", ",")
    return f"à {km:.0f} km"


def besoins_of(lieu: Lieu) -> list[str]:
    """Les besoins (groupes de la carte nationale) auxquels le lieu répond, dans l'ordre des besoins."""
    return besoins_des_services(lieu.services or [])


def besoins_des_services(services: list[str]) -> list[str]:
    groups = {besoin_for_service(s) for s in services}
    return [b.label for b in Besoin if b.value in groups]


def _jours_ouverts(text: str, monday) -> list[tuple[str, str]]:
    return [(jour, desc) for jour, desc in h.describe_week(text, monday) if desc not in (h.FERME, h.NON_RENSEIGNE)]


def lieu_context(lieu: Lieu) -> dict:
    """Tout ce qu'une personne doit savoir d'un lieu, en mots simples (page et fiche imprimable)."""
    now = timezone.localtime()
    today = now.date()
    monday = today - timedelta(days=today.weekday())
    has_hours = bool((lieu.horaires or "").strip())
    prochaine = None
    if has_hours and h.is_open(lieu.horaires, now) is False:
        nxt = h.next_opening(lieu.horaires, now)
        if nxt is not None and nxt - now < timedelta(days=60):
            prochaine = nxt
    arrets = []
    for arret in lieu.arrets.all():
        arrets.append(
            {
                "arret": arret,
                "commune": arret.commune.label if arret.commune_id else "",
                "jours": _jours_ouverts(arret.horaires, monday),
                "aujourdhui": h.describe_day(arret.horaires, today) if arret.horaires else None,
            }
        )
    arrets_aujourdhui = [a for a in arrets if a["aujourdhui"] not in (None, h.FERME, h.NON_RENSEIGNE)]
    return {
        "lieu": lieu,
        "services": [
            {"label": _label(Service, s), "description": SERVICE_DESCRIPTIONS.get(s, "")} for s in lieu.services or []
        ],
        "besoins": besoins_of(lieu),
        "publics": _labels(Public, lieu.publics_specifiquement_adresses),
        "prises_en_charge": _labels(PriseEnCharge, lieu.prise_en_charge_specifique),
        "frais": [FRAIS_EXPLICATIONS.get(f, _label(Frais, f)) for f in lieu.frais_a_charge or []],
        "acces": _labels(ModaliteAcces, lieu.modalites_acces),
        "accompagnement": _labels(ModaliteAccompagnement, lieu.modalites_accompagnement),
        "dispositifs": _labels(Dispositif, lieu.dispositif_programmes_nationaux),
        "has_hours": has_hours,
        "aujourdhui": h.describe_day(lieu.horaires, today) if has_hours else None,
        "ouvert": h.is_open(lieu.horaires, now) if has_hours else None,
        "prochaine_ouverture": prochaine,
        "semaine": h.describe_week(lieu.horaires, monday) if has_hours else [],
        "today_index": today.weekday(),
        "semaine_du": monday,
        "arrets": arrets,
        "arrets_aujourdhui": arrets_aujourdhui,
        "aide_demarches": Service.AIDE_DEMARCHES in (lieu.services or []),
        "position": lieu.latitude is not None and lieu.longitude is not None,
        "besoin_services": BESOIN_SERVICES,
    }
