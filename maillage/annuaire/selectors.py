"""Lectures de l'annuaire : recherche publique, carte, communes servies, postes (fins, doublons, couverture) et
feuille de route avec ses chiffres vivants."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import Count, Prefetch, QuerySet

from maillage.annuaire.enums import Dispositif, Public, RoleReseau
from maillage.annuaire.indicateurs import INDISPONIBLE, REGISTRE, Valeurs
from maillage.annuaire.models import Acteur, Action, FeuilleDeRoute, Indicateur, PerimetreLieu, Poste
from maillage.comptes.models import Territoire
from maillage.core.masquage import masque
from maillage.core.models import Commune
from maillage.core.utils import normalize_text
from maillage.lieux.enums import StatutLieu
from maillage.lieux.models import Lieu

#: Points de la carte de l'annuaire : un par commune d'adresse, au plus ce nombre.
MAX_POINTS = 500
SIX_MOIS = timedelta(days=183)


def recherche_acteurs(
    *, q: str = "", role: str = "", dispositif: str = "", commune: str = "", territoire: Territoire | None = None
) -> QuerySet[Acteur]:
    """Les fiches actives filtrées (rôle, dispositif, commune servie, nom sans accents), par nom."""
    qs = Acteur.objects.actifs()
    if territoire is not None:
        qs = qs.filter(territoire=territoire)
    if role in RoleReseau.values:
        qs = qs.filter(roles_text__contains=f"|{role}|")
    if dispositif in Dispositif.values:
        qs = qs.filter(dispositifs_text__contains=f"|{dispositif}|")
    if commune:
        qs = qs.filter(communes_servies=commune)
    if q.strip():
        qs = qs.filter(search_text__contains=normalize_text(q))
    return qs.select_related("structure__commune")


def avec_perimetre(acteurs: list[Acteur]) -> list[Acteur]:
    """Ajoute à chaque fiche `perimetre_communes` (noms) et `perimetre_epcis` (noms) en deux requêtes."""
    through = Acteur.communes.through
    noms: dict[int, list[str]] = defaultdict(list)
    for acteur_id, nom in through.objects.filter(acteur_id__in=[a.pk for a in acteurs]).values_list(
        "acteur_id", "commune__nom"
    ):
        noms[acteur_id].append(nom)
    sirens = {s for a in acteurs for s in a.epcis}
    epci_noms = dict(Commune.objects.filter(epci_code__in=sirens).values_list("epci_code", "epci_nom").distinct())
    for a in acteurs:
        a.perimetre_communes = sorted(noms[a.pk])
        a.perimetre_epcis = [epci_noms.get(s, s) for s in a.epcis]
    return acteurs


def points_carte(acteurs: QuerySet[Acteur]) -> list[dict]:
    """Un point par commune d'adresse des fiches filtrées (nombre de fiches), pour la carte."""
    rows = (
        acteurs.order_by()
        .exclude(structure__commune__latitude=None)
        .values("structure__commune__nom", "structure__commune__latitude", "structure__commune__longitude")
        .annotate(n=Count("pk"))
        .order_by("-n")[:MAX_POINTS]
    )
    return [
        {"commune": r["structure__commune__nom"], "lat": r["structure__commune__latitude"],
         "lon": r["structure__commune__longitude"], "n": r["n"]}
        for r in rows
    ]  # fmt: skip


def communes_servies(lieu_ids: Iterable[int]) -> dict[int, set[str]]:
    """Codes INSEE servis par chaque lieu qui a déclaré un périmètre (les autres n'y figurent pas)."""
    through = PerimetreLieu.communes_servies.through
    result: dict[int, set[str]] = defaultdict(set)
    rows = through.objects.filter(perimetrelieu__lieu_id__in=list(lieu_ids)).values_list(
        "perimetrelieu__lieu_id", "commune_id"
    )
    for lieu_id, code in rows:
        result[lieu_id].add(code)
    return dict(result)


def lieux_servant(lieu_ids: Iterable[int], commune_code: str) -> set[int]:
    """Parmi ces lieux, ceux dont le périmètre comprend la commune (« intervient dans votre commune »)."""
    if not commune_code:
        return set()
    return set(
        PerimetreLieu.objects.filter(lieu_id__in=list(lieu_ids), communes_servies=commune_code).values_list(
            "lieu_id", flat=True
        )
    )


# — Postes —


def postes_actifs(territoire: Territoire) -> QuerySet[Poste]:
    return Poste.objects.filter(territoire=territoire, archived_at__isnull=True).select_related("employeur")


def fins_prochaines(territoire: Territoire, today: date) -> list[Poste]:
    """Postes dont le financement se termine dans les 6 mois (et pas encore terminé), du plus proche au plus loin."""
    return list(postes_actifs(territoire).filter(fin_financement__gte=today, fin_financement__lte=today + SIX_MOIS))


def _noms_epci(territoire: Territoire) -> dict[str, str]:
    return dict(
        Commune.objects.filter(territoires=territoire).exclude(epci_code="").values_list("epci_code", "epci_nom")
    )


def doublons(territoire: Territoire, today: date) -> list[dict]:
    """Deux postes (ou plus) financés aujourd'hui sur le même EPCI pour le même public. Les postes sont lus en
    valeurs (employeur, dispositif, financeur, fin) : un hub en a 2 000, des objets complets coûtaient le double."""
    groupes: dict[tuple[str, str], list[dict]] = defaultdict(list)
    dispositifs, publics = dict(Dispositif.choices), dict(Public.choices)  # `.values` se recalcule à chaque appel
    for poste in (
        postes_actifs(territoire)
        .filter(fin_financement__gte=today)
        .values("employeur__nom", "dispositif", "publics", "epcis_servis", "fin_financement", "financeur")
    ):
        ligne = {"employeur": poste["employeur__nom"], "financeur": poste["financeur"],
                 "fin_financement": poste["fin_financement"],
                 "dispositif": dispositifs.get(poste["dispositif"], poste["dispositif"])}  # fmt: skip
        for epci in poste["epcis_servis"]:
            for public in poste["publics"]:
                groupes[(epci, public)].append(ligne)
    noms = _noms_epci(territoire) if groupes else {}
    return [
        {"epci": noms.get(epci, epci), "public": publics.get(public, public), "postes": postes}
        for (epci, public), postes in sorted(groupes.items(), key=lambda kv: (noms.get(kv[0][0], ""), kv[0][1]))
        if len(postes) > 1
    ]  # fmt: skip


def couverture_epci(territoire: Territoire, today: date, *, masquer: bool) -> list[dict]:
    """Par EPCI du territoire : postes financés aujourd'hui et équivalents temps plein, masqués sous 5 au besoin."""
    nb: dict[str, int] = defaultdict(int)
    etp: dict[str, int] = defaultdict(int)
    for epcis, temps in (
        postes_actifs(territoire).filter(fin_financement__gte=today).values_list("epcis_servis", "temps_travail")
    ):
        for epci in epcis:
            nb[epci] += 1
            etp[epci] += temps
    population: dict[str, int] = defaultdict(int)
    noms: dict[str, str] = {}
    for code, nom, pop in (
        Commune.objects.filter(territoires=territoire)
        .exclude(epci_code="")
        .values_list("epci_code", "epci_nom", "population")
    ):
        noms[code] = nom
        population[code] += pop
    lignes = []
    for code in sorted(noms, key=noms.get):
        n = nb.get(code, 0)
        cache = masquer and 0 < n < 5
        lignes.append({
            "epci": noms[code], "code": code, "postes": masque(n) if masquer else n, "population": population[code],
            "etp": "—" if cache else f"{etp.get(code, 0) / 100:.1f}".replace(".", ","),
            "habitants_par_poste": "—" if cache or not n else f"{round(population[code] / n):,}".replace(",", " "),
        })  # fmt: skip
    return lignes


# — Feuille de route —


def feuille_affichee(territoire: Territoire, *, brouillon: bool) -> FeuilleDeRoute | None:
    """La dernière version publiée, ou (coordination) la dernière version tout court."""
    qs = territoire.feuilles_de_route.order_by("-version")
    if not brouillon:
        qs = qs.filter(statut="PUBLIEE")
    return qs.first()


def feuille_complete(feuille: FeuilleDeRoute, today: date) -> list:
    """Axes → actions (pilote, partenaires) → indicateurs avec leur valeur vivante ou « indicateur indisponible »."""
    actions = Action.objects.select_related("pilote").prefetch_related(
        "partenaires", Prefetch("indicateurs", queryset=Indicateur.objects.order_by("pk"))
    )
    axes = list(feuille.axes.prefetch_related(Prefetch("actions", queryset=actions)))
    valeurs = Valeurs(feuille.territoire, today)
    for axe in axes:
        for action in axe.actions.all():
            for ind in action.indicateurs.all():
                ind.valeur = valeurs(ind.chiffre)
                ind.disponible = ind.valeur is not None
                ind.texte = INDISPONIBLE if ind.valeur is None else str(ind.valeur)
                ind.source = REGISTRE[ind.chiffre].libelle if ind.chiffre in REGISTRE else ""
    return axes


def lieux_de_l_acteur(acteur: Acteur) -> list[Lieu]:
    """Les lieux (non fermés) de la structure d'une fiche dont la commune est dans le territoire de la fiche, par nom :
    ceux dont on peut déclarer le périmètre depuis la fiche."""
    return list(
        Lieu.objects.filter(structure_id=acteur.structure_id, commune_ref__territoires=acteur.territoire_id)
        .exclude(statut=StatutLieu.FERME)
        .select_related("commune_ref")
        .order_by("nom", "pk")
    )
