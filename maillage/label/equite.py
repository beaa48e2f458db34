"""Équité territoriale de la carte des compétences : part des aidants qui atteignent le profil de chaque niveau,
labellisés pour 10 000 habitants, et l'écart entre EPCI (minimum, médiane, maximum, rapport max/min).

Calculs sur les lignes déjà comptées par la carte (aucune requête) ; la population vient d'une seule requête groupée
(`population_par_zone`). Une part ou un taux dont l'effectif serait masqué (« < 5 ») se masque aussi, et les
figures d'écart ne se calculent que sur les valeurs montrées : un minimum tiré d'une part cachée la redonnerait.
"""

from statistics import median

from django.db.models import Sum

from maillage.comptes.models import Territoire
from maillage.core.masquage import PART_MASQUEE, est_masque, masque_part
from maillage.core.models import Commune

#: Taux de labellisés rapporté à cette population (un nombre lisible pour un EPCI rural comme urbain).
POUR = 10_000


class ZoneHorsTerritoire(LookupError):
    """L'EPCI demandé n'a aucune commune dans le territoire (adresse modifiée, autre territoire)."""


def population_par_zone(territoire: Territoire, epci: str | None) -> tuple[dict[str, int], dict[str, str]]:
    """Population par EPCI (communes du territoire seulement), ou par commune de l'EPCI `epci` ; et les noms des
    zones. Une requête. `ZoneHorsTerritoire` si l'EPCI n'a aucune commune dans le territoire."""
    communes = Commune.objects.filter(territoires=territoire)
    if epci is None:
        rows = (
            communes.values("epci_code").annotate(population=Sum("population")).values_list("epci_code", "population")
        )
        return {code: pop or 0 for code, pop in rows}, {}
    rows = list(communes.filter(epci_code=epci).values_list("code_insee", "population", "nom", "epci_nom"))
    if not epci or not rows:
        raise ZoneHorsTerritoire(epci)
    return {c: pop for c, pop, _, _ in rows}, {c: nom for c, _, nom, _ in rows} | {"": rows[0][3] or epci}


def _nombre(v: float, decimales: int = 1) -> str:
    return f"{v:.{decimales}f}".replace(".", ",")


def part(atteint: int, total: int, *, masquer: bool) -> dict:
    """`{"valeur": 42.9, "texte": "43 %"}` ; masquée (valeur None, « — ») comme `masque_part`."""
    texte = masque_part(atteint, total, masquer=masquer)
    if texte == PART_MASQUEE:
        return {"valeur": None, "texte": texte}
    return {"valeur": round(100 * atteint / total, 1), "texte": texte}


def taux(labellises: int, population: int, *, masquer: bool) -> dict:
    """Labellisés pour 10 000 habitants ; masqué si le nombre de labellisés l'est, sans objet sans population."""
    if population <= 0 or (masquer and est_masque(labellises)):
        return {"valeur": None, "texte": PART_MASQUEE}
    v = round(POUR * labellises / population, 1)
    return {"valeur": v, "texte": _nombre(v)}


def ecart(valeurs: list[float | None], *, pourcent: bool) -> dict:
    """Minimum, médiane, maximum et rapport max/min des valeurs montrées (les masquées ne comptent pas)."""
    vues = [v for v in valeurs if v is not None]
    suffixe = " %" if pourcent else ""
    if not vues:
        return {"zones": 0, "minimum": None, "mediane": None, "maximum": None, "rapport": None,
                "textes": dict.fromkeys(("minimum", "mediane", "maximum", "rapport"), PART_MASQUEE)}  # fmt: skip
    lo, mi, hi = min(vues), round(median(vues), 1), max(vues)
    rapport = round(hi / lo, 2) if lo > 0 else None
    textes = {
        "minimum": _nombre(lo, 0 if pourcent else 1) + suffixe,
        "mediane": _nombre(mi, 0 if pourcent else 1) + suffixe,
        "maximum": _nombre(hi, 0 if pourcent else 1) + suffixe,
        # Un minimum nul : le rapport n'a pas de sens (« sans objet »), l'écart se lit dans le minimum lui-même.
        "rapport": _nombre(rapport, 2) if rapport is not None else "sans objet",
    }
    return {"zones": len(vues), "minimum": lo, "mediane": mi, "maximum": hi, "rapport": rapport, "textes": textes}


def figures(lignes: list[dict], niveaux: list, *, exclure_sans_epci: bool) -> list[dict]:
    """Une figure d'écart par niveau (part qui atteint le profil), puis une pour les labellisés pour 10 000
    habitants. Les communes sans EPCI ne sont pas un EPCI : hors des figures entre EPCI."""
    zones = [ligne for ligne in lignes if not (exclure_sans_epci and not ligne["code"])]
    out = [
        {"mesure": f"Part qui atteint le profil « {n.label} »", "niveau": n.value,
         **ecart([z["parts"][i]["valeur"] for z in zones], pourcent=True)}
        for i, n in enumerate(niveaux)
    ]  # fmt: skip
    out.append({"mesure": f"Labellisés pour {POUR:_} habitants".replace("_", " "), "niveau": None,
                **ecart([z["pour_10000"]["valeur"] for z in zones], pourcent=False)})  # fmt: skip
    return out
