"""Lectures des panneaux : indicateurs (avec la médiane du département), offre et activité d'une commune ou d'un
EPCI. Aucun indice n'est montré seul : chaque panneau met l'offre et l'activité à côté.

Secret statistique : les panneaux ne s'ouvrent qu'à la coordination du territoire, mais les séances et orientations
viennent de toutes les structures ; la coordination est hors de ces structures, donc les effectifs de 1 à 4 sont
masqués (`core/masquage.py`). Les lieux (offre publique) ne désignent personne : comptés tels quels."""

import math
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

from maillage.accompagnements.enums import ReponseVoix
from maillage.accompagnements.models import Accompagnement, ReponseQuestionnaire
from maillage.aidants.enums import Niveau
from maillage.comptes.models import Structure, Territoire, User
from maillage.comptes.permissions import structure_ids_for
from maillage.core.formats import km, nombre
from maillage.core.masquage import PART_MASQUEE, SEUIL, masque, masque_part
from maillage.core.models import Commune, Departement
from maillage.core.utils import pluriel
from maillage.lieux import horaires
from maillage.lieux.models import Arret, Lieu
from maillage.observatoire import offre as offre_calcul
from maillage.observatoire.enums import EtatObservation
from maillage.observatoire.models import Indicateur, Observation, OffreCommune, ValeurIndicateur
from maillage.orientations.enums import MotifRefus, Resultat, StatutOrientation
from maillage.orientations.models import Orientation
from maillage.pass_numerique.models import Cheque

#: Un résultat renseigné (« sans objet » n'en est pas un) ; « plus à l'aise » : oui ou un peu.
RESULTATS_RENSEIGNES = (Resultat.RESOLU, Resultat.EN_PARTIE, Resultat.NON)
PLUS_A_L_AISE = (ReponseVoix.OUI, ReponseVoix.UN_PEU)


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
    """Le détail d'un EPCI : une ligne par commune (par nom, jamais par valeur), une colonne par indicateur public ;
    chaque ligne porte aussi `distance_km`, la distance au lieu ouvert le plus proche du dernier calcul de l'offre
    (None : pas calculée, ou aucun lieu ouvert)."""
    inds = list(Indicateur.objects.lisibles(territoire))
    distances = dict(OffreCommune.objects.filter(commune__in=communes).values_list("commune_id", "distance_ouvert_km"))
    valeurs: dict[tuple[str, int], tuple[int, Decimal]] = {}
    for code, ind_id, annee, valeur in ValeurIndicateur.objects.filter(
        indicateur__in=inds, commune__in=communes
    ).values_list("commune_id", "indicateur_id", "annee", "valeur"):
        if (code, ind_id) not in valeurs or valeurs[(code, ind_id)][0] < annee:
            valeurs[(code, ind_id)] = (annee, Decimal(valeur))
    lignes = [{"commune": c, "valeurs": [valeurs.get((c.code_insee, i.pk), (None, None))[1] for i in inds],
               "distance_km": distances.get(c.code_insee)}
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


def _minuit(jour: date) -> datetime:
    return timezone.make_aware(datetime.combine(jour, time.min))


def activite(codes: list[str], today: date) -> dict:
    """Les 12 derniers mois, par commune de la personne quand elle est connue : séances et personnes reçues
    (participants des ateliers compris), résultats, voix des personnes, orientations (closes, refusées, faute de
    place, délais médians) ; le Pass par la commune du lieu qui encaisse. Effectifs de 1 à 4 masqués, parts et
    délais aussi quand ils redonneraient un effectif masqué."""
    depuis = today - timedelta(days=365)
    # Colonnes de l'index (commune, date ; participants, résultat) seulement : lu sans la table (« * », pas « id »).
    seances = Accompagnement.objects.filter(commune__in=codes, date__gte=depuis, deleted_at__isnull=True).aggregate(
        n=Count("*"), personnes=Sum("participants"),
        renseignes=Count("resultat", filter=Q(resultat__in=RESULTATS_RENSEIGNES)),
        resolus=Count("resultat", filter=Q(resultat=Resultat.RESOLU)),
    )  # fmt: skip
    voix = (
        ReponseQuestionnaire.objects.filter(
            accompagnement__commune__in=codes,
            accompagnement__date__gte=depuis,
            accompagnement__deleted_at__isnull=True,
        )
        .exclude(aise="")
        .aggregate(n=Count("pk"), aise=Count("pk", filter=Q(aise__in=PLUS_A_L_AISE)))
    )
    # Minuit (heure locale) du premier jour : une borne sur la colonne, que l'index sait lire.
    orientations = Orientation.objects.filter(personne_commune__in=codes, created_at__gte=_minuit(depuis))
    statuts: Counter = Counter()
    complet = repondues = closes = 0
    for statut, motif, n, r, c in orientations.values_list("statut", "motif_refus").annotate(
        n=Count("*"), r=Count("answered_at"), c=Count("closed_at")
    ):
        statuts[statut] += n
        complet += n if motif == MotifRefus.COMPLET else 0
        repondues, closes = repondues + r, closes + c
    cheques = Cheque.objects.filter(
        lieu__commune_ref__in=codes, redeemed_at__gte=_minuit(depuis), cancelled_at__isnull=True
    ).count()
    return {
        "depuis": depuis,
        "seances": masque(seances["n"] or 0),
        "personnes": masque(seances["personnes"] or 0),
        "part_resolu": masque_part(seances["resolus"] or 0, seances["renseignes"] or 0),
        "resultats_renseignes": masque(seances["renseignes"] or 0),
        "part_plus_a_l_aise": masque_part(voix["aise"] or 0, voix["n"] or 0),
        "reponses_aise": masque(voix["n"] or 0),
        "orientations": masque(sum(statuts.values())),
        "orientations_closes": masque(statuts.get(StatutOrientation.CLOSE, 0)),
        "orientations_refusees": masque(statuts.get(StatutOrientation.REFUSEE, 0)),
        "refusees_faute_de_place": masque(complet),
        "delai_reponse": _mediane_jours(orientations, "answered_at", repondues),
        "delai_cloture": _mediane_jours(orientations, "closed_at", closes),
        "cheques_pass": masque(cheques),
    }


def _mediane_jours(orientations: QuerySet[Orientation], fin: str, n: int) -> str:
    """Délai médian entre l'envoi et `fin`, en jours, calculé par la base (le rang du milieu, sans lire toutes les
    lignes) ; « — » sous 5 orientations : le délai d'une personne se lirait."""
    if n < SEUIL:
        return PART_MASQUEE
    delais = (
        orientations.filter(**{f"{fin}__isnull": False})
        .annotate(delai=F(fin) - F("created_at"))
        .order_by("delai")
        .values_list("delai", flat=True)
    )
    milieu = list(delais[(n - 1) // 2 : n // 2 + 1])
    jours = round(statistics.median(d.total_seconds() for d in milieu) / 86400)
    return f"{jours} jour{pluriel(jours)}"


def departement_majoritaire(communes: list[Commune]) -> Departement:
    """Le département de la plupart de ces communes (un EPCI ou un territoire qui déborde d'un département se
    compare au département où il a le plus de communes ; à égalité, le plus petit code)."""
    compte = Counter(c.departement_id for c in communes)
    code = min(compte, key=lambda d: (-compte[d], d))
    return next(c.departement for c in communes if c.departement_id == code)


CHAMPS_LUS = ("commune__population", "calcule_le", "semaine_du", "lieux", "lieux_ouverts", "heures_semaine", "arrets",
              "passages_arrets", "distance_ouvert_km", "distance_pass_km", "aidants", "aidants_par_niveau",
              "aidants_labellises")  # fmt: skip


def offre_calculee(codes: list[str], today: date) -> dict | None:
    """L'offre calculée (table `OffreCommune`, recalculée la nuit) de ces communes, agrégée ; None si aucune n'a
    encore été calculée. Utile aux rapports et à la carte : une seule lecture, indexée par commune.

    Clés : `calcule_le` (le plus ancien calcul lu), `semaine_du`, `communes`, `sans_calcul`, `lieux`,
    `lieux_ouverts`, `heures_semaine`, `heures_pour_1000` (heures de tous les lieux pour 1 000 habitants de ces
    communes), `arrets`, `passages_arrets`, `distance_ouvert_km` et `distance_pass_km` (une commune : sa distance ;
    plusieurs : {"mediane", "max", "n"} sur les communes qui ont une position), `aidants`, `aidants_par_niveau`
    (liste de (libellé, nombre)), `aidants_labellises`. Aidants : effectifs de 1 à 4 masqués ; pour plusieurs
    communes, chaque aidant compté une fois (lecture directe, un aidant aide souvent dans plusieurs communes)."""
    return _offre_agregee(Q(commune__in=codes), Q(communes__in=codes), attendues=len(set(codes)), today=today)


def offre_departement(departement: Departement, today: date) -> dict | None:
    """L'offre calculée de tout le département (mêmes clés qu'`offre_calculee`), pour comparer un panneau."""
    return _offre_agregee(Q(commune__departement=departement), Q(communes__departement=departement),
                          attendues=Commune.objects.filter(departement=departement).count(), today=today)  # fmt: skip


def _offre_agregee(filtre: Q, filtre_aidants: Q, *, attendues: int, today: date) -> dict | None:
    rows = [dict(zip(CHAMPS_LUS, r, strict=True))
            for r in OffreCommune.objects.filter(filtre).values_list(*CHAMPS_LUS)]  # fmt: skip
    if not rows:
        return None
    population = sum(r["commune__population"] for r in rows)
    heures = sum(r["heures_semaine"] for r in rows)
    seule = attendues == 1

    def _somme(cle: str) -> int:
        return sum(r[cle] for r in rows)

    def _distances(cle: str) -> float | dict | None:
        vals = sorted(r[cle] for r in rows if r[cle] is not None)
        if seule:
            return vals[0] if vals else None
        return {"mediane": round(statistics.median(vals), 1), "max": round(vals[-1], 1), "n": len(vals)} if vals \
            else None  # fmt: skip

    if seule:
        aidants = {"total": rows[0]["aidants"], "par_niveau": rows[0]["aidants_par_niveau"],
                   "labellises": rows[0]["aidants_labellises"]}  # fmt: skip
    else:
        aidants = offre_calcul.aidants_distincts(filtre_aidants, today)
    return {
        "calcule_le": min(r["calcule_le"] for r in rows), "semaine_du": min(r["semaine_du"] for r in rows),
        "communes": len(rows), "sans_calcul": attendues - len(rows),
        "lieux": _somme("lieux"), "lieux_ouverts": _somme("lieux_ouverts"), "heures_semaine": round(heures, 1),
        "heures_pour_1000": round(heures * 1000 / population, 1) if population else None,
        "arrets": _somme("arrets"), "passages_arrets": _somme("passages_arrets"),
        "distance_ouvert_km": _distances("distance_ouvert_km"), "distance_pass_km": _distances("distance_pass_km"),
        "aidants": masque(aidants["total"]),
        "aidants_par_niveau": [(Niveau(n).label, masque(aidants["par_niveau"].get(n, 0))) for n in Niveau.values
                               if aidants["par_niveau"].get(n)],
        "aidants_labellises": masque(aidants["labellises"]),
    }  # fmt: skip


# — Communes éloignées de l'offre : calculées en direct (une publication de lieu change la liste tout de suite) —

DISTANCE_DEFAUT_KM = 10
DISTANCE_MIN_KM, DISTANCE_MAX_KM = 1, 100


@dataclass
class Eloignee:
    commune: Commune
    distance_km: float | None  # None : aucun lieu ouvert cette semaine, nulle part
    valeur: Decimal


@dataclass
class Eloignement:
    indicateur: Indicateur
    annee: int | None
    mediane: Decimal | None
    communes: list[Eloignee]
    sans_position: int
    sans_valeur: int
    semaine_du: date


def du_cote_fragile(indicateur: Indicateur, valeur: Decimal, mediane: Decimal) -> bool:
    """Au-dessus de la médiane pour un indicateur où « plus haut = plus fragile », au-dessous sinon."""
    return valeur > mediane if indicateur.plus_haut_plus_fragile else valeur < mediane


def communes_eloignees(territoire: Territoire, *, indicateur: Indicateur, distance_km: float,
                       today: date) -> Eloignement:  # fmt: skip
    """Les communes du territoire sans lieu ouvert cette semaine (7 jours à partir d'aujourd'hui) à moins de
    `distance_km` de leur centre, et dont l'indicateur est du côté fragile de la médiane des communes du territoire
    (dernière année connue). Lecture directe des lieux publiés dans un rectangle autour du territoire : un lieu publié
    à côté fait sortir la commune de la liste à la requête suivante. Ordre alphabétique, jamais un classement."""
    communes = list(territoire.communes.select_related("departement"))
    valeurs: dict[str, tuple[int, Decimal]] = {}
    for code, annee, valeur in ValeurIndicateur.objects.filter(
        indicateur=indicateur, commune__in=[c.code_insee for c in communes]
    ).values_list("commune_id", "annee", "valeur"):
        valeurs[code] = max(valeurs.get(code, (0, Decimal(0))), (annee, Decimal(valeur)), key=lambda t: t[0])
    annee = max((a for a, _v in valeurs.values()), default=None)
    de_l_annee = {code: v for code, (a, v) in valeurs.items() if a == annee}
    mediane = _mediane(list(de_l_annee.values()))
    placees = {c.code_insee: (c.latitude, c.longitude) for c in communes if c.latitude is not None
               and c.longitude is not None}  # fmt: skip
    distances = {}
    if placees:
        lats = [p[0] for p in placees.values()]
        lons = [p[1] for p in placees.values()]
        marge_lat = distance_km / 111.0
        marge_lon = distance_km / (111.0 * max(0.2, math.cos(math.radians(max(abs(x) for x in lats)))))
        cadre = (min(lats) - marge_lat, max(lats) + marge_lat, min(lons) - marge_lon, max(lons) + marge_lon)
        points = offre_calcul.points_ouverts(today, cadre)
        distances = offre_calcul.distances_communes(placees, points)
    liste = []
    for c in communes:
        v = de_l_annee.get(c.code_insee)
        if c.code_insee not in placees or v is None or mediane is None or not du_cote_fragile(indicateur, v, mediane):
            continue
        d = distances[c.code_insee][0]
        if d is None or d > distance_km:
            liste.append(Eloignee(c, d, v))
    liste.sort(key=lambda e: (e.commune.search_text or e.commune.nom, e.commune.code_insee))
    return Eloignement(indicateur, annee, mediane, liste, sans_position=len(communes) - len(placees),
                       sans_valeur=sum(1 for c in communes if c.code_insee not in de_l_annee), semaine_du=today)  # fmt: skip


# — Observations de terrain —


def _avec_sujet(observations: list[Observation]) -> list[Observation]:
    """Ajoute `sujet` à chaque observation : « Angers » ou « l'intercommunalité Angers Loire Métropole »."""
    noms = noms_epci([o.epci_code for o in observations if o.epci_code])
    for o in observations:
        o.sujet = o.commune.nom if o.commune else f"l'intercommunalité {noms.get(o.epci_code, o.epci_code)}"
    return observations


def observations_publiees(territoire: Territoire, codes: list[str], epcis: list[str], limite: int = 20) -> list:
    """Les observations publiées du territoire sur ces communes ou ces intercommunalités, les plus récentes d'abord
    (attribut `sujet` : ce sur quoi elle porte, en mots)."""
    return _avec_sujet(list(
        Observation.objects.publiees()
        .filter(Q(commune__in=codes) | Q(epci_code__in=[e for e in epcis if e]), territoire=territoire)
        .select_related("commune", "structure")[:limite]
    ))  # fmt: skip


def observations_a_moderer(territoire: Territoire) -> list:
    """Les observations proposées sur le territoire, les plus anciennes d'abord (la file de la coordination)."""
    return _avec_sujet(list(
        Observation.objects.filter(territoire=territoire, etat=EtatObservation.PROPOSEE)
        .select_related("commune", "structure")
        .order_by("created_at", "pk")
    ))  # fmt: skip


def noms_epci(codes: list[str]) -> dict[str, str]:
    """SIREN → nom de l'intercommunalité (lu sur les communes)."""
    return dict(Commune.objects.filter(epci_code__in=codes).values_list("epci_code", "epci_nom").distinct())


def departements_du(communes: list[Commune]) -> list[dict]:
    """Les départements de ces communes (ordre des codes) : département, communes, population."""
    par_dep: dict[str, list[Commune]] = defaultdict(list)
    for c in communes:
        par_dep[c.departement_id].append(c)
    return [{"departement": cs[0].departement, "communes": len(cs), "population": sum(c.population for c in cs)}
            for _code, cs in sorted(par_dep.items())]  # fmt: skip


def territoires_des_structures(user: User) -> list[Territoire]:
    """Les territoires où la personne peut proposer une observation : ceux qui contiennent la commune d'une structure
    dont elle est membre (par nom)."""
    ids = structure_ids_for(user)
    if not ids:
        return []
    return list(Territoire.objects.filter(communes__structures__in=ids).distinct().order_by("nom"))


def structures_dans(user: User, territoire: Territoire) -> list[Structure]:
    """Les structures de la personne dont la commune est dans ce territoire (par nom)."""
    return list(
        Structure.objects.filter(pk__in=structure_ids_for(user), commune__territoires=territoire).order_by("nom")
    )


def sujets_observation(territoire: Territoire) -> list:
    """Les choix « sur quoi » d'une observation : les intercommunalités, puis les communes du territoire (groupes
    d'options, par nom). Valeurs « epci:SIREN » et « commune:CODE »."""
    epcis = [(f"epci:{e['siren']}", e["nom"]) for e in epcis_du_territoire(territoire)]
    communes = [(f"commune:{code}", f"{nom} ({code})")
                for code, nom in territoire.communes.order_by("nom").values_list("code_insee", "nom")]  # fmt: skip
    return [("Intercommunalités", epcis), ("Communes", communes)]


def observations_des_structures(territoire: Territoire, structure_ids: list[int], limite: int = 50) -> list:
    """Ce que ces structures ont proposé sur le territoire, et où en est chaque observation (les plus récentes)."""
    return _avec_sujet(list(
        Observation.objects.filter(territoire=territoire, structure__in=structure_ids)
        .select_related("commune", "structure")[:limite]
    ))  # fmt: skip


def _distance_texte(d: float | dict | None) -> str:
    if d is None:
        return "aucun lieu ouvert cette semaine (ou commune sans position)"
    if isinstance(d, dict):
        return f"{km(d['mediane'])} (médiane des communes ; la plus éloignée : {km(d['max'])})"
    return km(d)


def lignes_offre(ici: dict | None, departement: dict | None) -> list[tuple[str, str, str]]:
    """L'offre calculée, ligne par ligne, en mots : (ce qui est compté, ici, dans le département)."""

    def col(o: dict | None, cle: str) -> str:
        if o is None:
            return "pas encore calculé"
        v = o[cle]
        if cle.startswith("distance"):
            return _distance_texte(v)
        if cle == "heures_pour_1000":
            return "sans habitant recensé" if v is None else f"{nombre(v, 1)} h"
        if cle == "heures_semaine":
            return f"{nombre(v, 1)} h"
        return str(v)

    libelles = [
        ("lieux", "Lieux publiés"), ("lieux_ouverts", "Lieux ouverts cette semaine"),
        ("heures_semaine", "Heures d'ouverture cette semaine"),
        ("heures_pour_1000", "Heures d'ouverture pour 1 000 habitants"),
        ("arrets", "Arrêts de lieux itinérants"), ("passages_arrets", "Passages aux arrêts cette semaine"),
        ("distance_ouvert_km", "Distance au lieu ouvert le plus proche"),
        ("distance_pass_km", "Distance au lieu acceptant le Pass le plus proche"),
        ("aidants", "Aidants qui interviennent"), ("aidants_labellises", "dont aidants labellisés"),
    ]  # fmt: skip
    return [(libelle, col(ici, cle), col(departement, cle)) for cle, libelle in libelles]
