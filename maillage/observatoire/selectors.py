"""Lectures des panneaux : indicateurs (avec la médiane du département), offre et activité d'une commune ou d'un
EPCI. Aucun indice n'est montré seul : chaque panneau met l'offre et l'activité à côté.

Secret statistique : les panneaux ne s'ouvrent qu'à la coordination du territoire, mais les séances et orientations
viennent de toutes les structures ; la coordination est hors de ces structures, donc les effectifs de 1 à 4 sont
masqués (`core/masquage.py`). Les lieux (offre publique) ne désignent personne : comptés tels quels."""

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Q, Sum

from maillage.accompagnements.models import Accompagnement
from maillage.comptes.models import Territoire
from maillage.core.masquage import masque
from maillage.core.models import Commune
from maillage.lieux import horaires
from maillage.lieux.models import Arret, Lieu
from maillage.observatoire.models import Indicateur, ValeurIndicateur
from maillage.orientations.enums import StatutOrientation
from maillage.orientations.models import Orientation


def epcis_du_territoire(territoire: Territoire) -> list[dict]:
    """Les EPCI qui ont au moins une commune dans le territoire : SIREN, nom, nombre de communes, population."""
    rows = (
        territoire.communes.exclude(epci_code="")
        .values("epci_code", "epci_nom")
        .annotate(n=Count("code_insee"), population=Sum("population"))
        .order_by("epci_nom")
    )
    return [{"siren": r["epci_code"], "nom": r["epci_nom"], "communes": r["n"], "population": r["population"] or 0}
            for r in rows]  # fmt: skip


@dataclass
class LigneIndicateur:
    indicateur: Indicateur
    annee: int | None
    valeur: Decimal | None  # commune : sa valeur ; EPCI : la médiane de ses communes
    n: int  # communes qui ont une valeur
    mediane_departement: Decimal | None
    n_departement: int

    @property
    def ecart(self) -> str:
        """En mots, jamais un rang : au-dessus, au-dessous ou au niveau de la médiane du département."""
        if self.valeur is None or self.mediane_departement is None:
            return ""
        if self.valeur == self.mediane_departement:
            return "au niveau de la médiane du département"
        return (
            "au-dessus" if self.valeur > self.mediane_departement else "au-dessous"
        ) + " de la médiane du département"

    @property
    def sens(self) -> str:
        return "plus la valeur est haute, plus la fragilité est grande" if self.indicateur.plus_haut_plus_fragile \
            else "plus la valeur est haute, moins la fragilité est grande"  # fmt: skip


def _mediane(valeurs: list[Decimal]) -> Decimal | None:
    return Decimal(statistics.median(valeurs)).quantize(Decimal("0.01")) if valeurs else None


def indicateurs(territoire: Territoire, codes: list[str], departement: str) -> list[LigneIndicateur]:
    """Pour chaque indicateur lisible : la dernière année connue sur ces communes, leur valeur (médiane s'il y en a
    plusieurs) et la médiane des communes du département la même année."""
    inds = list(Indicateur.objects.lisibles(territoire))
    ici: dict[int, dict[int, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    for ind_id, annee, valeur in ValeurIndicateur.objects.filter(indicateur__in=inds, commune__in=codes).values_list(
        "indicateur_id", "annee", "valeur"
    ):
        ici[ind_id][annee].append(Decimal(valeur))
    derniere = {ind_id: max(par_annee) for ind_id, par_annee in ici.items()}
    dep: dict[tuple[int, int], list[Decimal]] = defaultdict(list)
    filtre = Q()
    for ind_id, annee in derniere.items():
        filtre |= Q(indicateur_id=ind_id, annee=annee)
    if derniere:
        for ind_id, annee, valeur in ValeurIndicateur.objects.filter(
            filtre, commune__departement_id=departement
        ).values_list("indicateur_id", "annee", "valeur"):
            dep[(ind_id, annee)].append(Decimal(valeur))
    lignes = []
    for ind in inds:
        annee = derniere.get(ind.pk)
        valeurs = ici[ind.pk][annee] if annee else []
        dvals = dep.get((ind.pk, annee), [])
        lignes.append(LigneIndicateur(ind, annee, _mediane(valeurs), len(valeurs), _mediane(dvals), len(dvals)))
    return lignes


def tableau_communes(territoire: Territoire, communes: list[Commune]) -> tuple[list[Indicateur], list[dict]]:
    """Le détail d'un EPCI : une ligne par commune (par nom, jamais par valeur), une colonne par indicateur public."""
    inds = list(Indicateur.objects.lisibles(territoire))
    valeurs: dict[tuple[str, int], tuple[int, Decimal]] = {}
    for code, ind_id, annee, valeur in ValeurIndicateur.objects.filter(
        indicateur__in=inds, commune__in=communes
    ).values_list("commune_id", "indicateur_id", "annee", "valeur"):
        if (code, ind_id) not in valeurs or valeurs[(code, ind_id)][0] < annee:
            valeurs[(code, ind_id)] = (annee, Decimal(valeur))
    lignes = [{"commune": c, "valeurs": [valeurs.get((c.code_insee, i.pk), (None, None))[1] for i in inds]}
              for c in sorted(communes, key=lambda c: c.nom)]  # fmt: skip
    return inds, lignes


def offre(codes: list[str], today: date) -> dict:
    """Les lieux publiés dans ces communes : combien, combien ouverts le samedi qui vient, cette semaine (7 jours),
    combien acceptent le Pass ; et les arrêts de lieux itinérants."""
    lieux = list(Lieu.objects.published().filter(commune_ref__in=codes).values("horaires", "accepte_pass"))
    samedi = horaires.fenetres_jour(today, 5)
    semaine = tuple(
        (
            datetime.combine(d, time(0), horaires.PARIS),
            datetime.combine(d + timedelta(days=1), time(0), horaires.PARIS),
        )
        for d in (today + timedelta(days=i) for i in range(7))
    )
    return {
        "lieux": len(lieux),
        "ouverts_samedi": sum(1 for lieu in lieux if horaires.ouvert_pendant(lieu["horaires"], samedi)),
        "ouverts_semaine": sum(1 for lieu in lieux if horaires.ouvert_pendant(lieu["horaires"], semaine)),
        "sans_horaires": sum(1 for lieu in lieux if not (lieu["horaires"] or "").strip()),
        "pass": sum(1 for lieu in lieux if lieu["accepte_pass"]),
        "arrets": Arret.objects.filter(commune__in=codes, lieu__statut="PUBLIE").count(),
    }


def activite(codes: list[str], today: date) -> dict:
    """Les 12 derniers mois, par commune de la personne quand elle est connue : séances et personnes reçues
    (participants des ateliers compris), orientations envoyées et closes. Effectifs de 1 à 4 masqués."""
    depuis = today - timedelta(days=365)
    seances = Accompagnement.objects.filter(commune__in=codes, date__gte=depuis, deleted_at__isnull=True).aggregate(
        n=Count("pk"), personnes=Sum("participants")
    )
    statuts = Counter(
        dict(
            Orientation.objects.filter(personne_commune__in=codes, created_at__date__gte=depuis)
            .values_list("statut")
            .annotate(n=Count("pk"))
        )
    )
    return {
        "depuis": depuis,
        "seances": masque(seances["n"] or 0),
        "personnes": masque(seances["personnes"] or 0),
        "orientations": masque(sum(statuts.values())),
        "orientations_closes": masque(statuts.get(StatutOrientation.CLOSE, 0)),
        "orientations_refusees": masque(statuts.get(StatutOrientation.REFUSEE, 0)),
    }
