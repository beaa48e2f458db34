"""Calcul d'un périmètre d'intervention : communes et EPCI déclarés → communes servies, dans le territoire.

Les périmètres qui se chevauchent sont permis (c'est tout l'intérêt) ; une commune hors du territoire est refusée,
un EPCI sans aucune commune dans le territoire aussi. Un EPCI à cheval sur deux départements ne compte que pour ses
communes du territoire."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError

from maillage.comptes.models import Territoire
from maillage.core.models import Commune


def communes_du_perimetre(
    *, territoire: Territoire, communes: Iterable[Commune | str], epcis: Iterable[str]
) -> tuple[list[str], list[str], set[str]]:
    """(codes INSEE déclarés, SIREN des EPCI déclarés, codes INSEE servis) ou ValidationError qui nomme le fautif."""
    codes = sorted({c.pk if isinstance(c, Commune) else str(c).strip() for c in communes} - {""})
    sirens = sorted({str(e).strip() for e in epcis} - {""})
    dans = Commune.objects.filter(territoires=territoire)
    connues = dict(dans.filter(pk__in=codes).values_list("pk", "nom"))
    hors = [c for c in codes if c not in connues]
    if hors:
        noms = dict(Commune.objects.filter(pk__in=hors).values_list("pk", "nom"))
        liste = ", ".join(f"{noms.get(c, c)} ({c})" for c in hors)
        raise ValidationError(
            {"communes": f"Hors du territoire {territoire.nom} : {liste}. Un périmètre reste dans le territoire."}
        )
    par_epci = list(dans.filter(epci_code__in=sirens).values_list("epci_code", "pk"))
    vus = {siren for siren, _ in par_epci}
    absents = [s for s in sirens if s not in vus]
    if absents:
        raise ValidationError(
            {"epcis": f"Aucune commune de l'EPCI {', '.join(absents)} n'est dans le territoire {territoire.nom}."}
        )
    return codes, sirens, set(codes) | {code for _, code in par_epci}


def epcis_du_territoire(territoire: Territoire) -> list[tuple[str, str]]:
    """(SIREN, nom) des EPCI qui ont au moins une commune dans le territoire, par nom."""
    rows = (
        Commune.objects.filter(territoires=territoire)
        .exclude(epci_code="")
        .values_list("epci_code", "epci_nom")
        .distinct()
        .order_by("epci_nom")
    )
    return list(rows)
