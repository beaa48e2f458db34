"""Écritures de l'observatoire : charger les indicateurs publics, déposer l'indicateur d'une coordination, calculer
l'offre par commune, proposer et modérer une observation de terrain.

Chaque écriture est atomique (tout ou rien) ; chargement, dépôt et calcul sont idempotents (recommencer ne change
rien) ; une ligne de journal par écriture, avec des comptes et des drapeaux, jamais le texte d'une observation."""

import csv
import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from maillage.comptes.models import Structure, Territoire, User
from maillage.core.models import Commune
from maillage.core.transitions import check_transition
from maillage.observatoire import catalogue, lecture, offre, permissions
from maillage.observatoire.enums import TRANSITIONS_OBSERVATION, EtatObservation
from maillage.observatoire.models import (
    OBSERVATION_MAX,
    EvenementObservatoire,
    Indicateur,
    JournalObservatoire,
    Observation,
    OffreCommune,
    ValeurIndicateur,
)

QUANTUM = Decimal("0.0001")


@dataclass
class Comptes:
    creees: int = 0
    modifiees: int = 0
    inchangees: int = 0

    def ajouter(self, autre: "Comptes") -> None:
        self.creees += autre.creees
        self.modifiees += autre.modifiees
        self.inchangees += autre.inchangees


@dataclass
class Chargement:
    lignes: int = 0
    communes_inconnues: int = 0
    indicateurs: int = 0
    valeurs: Comptes = field(default_factory=Comptes)


class DepotRefuse(Exception):
    """Le fichier déposé n'est pas chargé : rien n'est écrit. `erreurs` : les erreurs par ligne (ou une seule,
    pour un fichier refusé en entier)."""

    def __init__(self, erreurs: list, total: int | None = None):
        super().__init__(f"{total or len(erreurs)} erreur(s)")
        self.erreurs = erreurs
        self.total = total if total is not None else len(erreurs)


def _ecrire_valeurs(indicateur: Indicateur, valeurs: dict[tuple[str, int], Decimal]) -> Comptes:
    """Crée ou met à jour les valeurs (commune, année) → valeur, sans toucher aux autres : même résultat au
    deuxième passage."""
    comptes = Comptes()
    annees = {a for _c, a in valeurs}
    existantes = {
        (v.commune_id, v.annee): v
        for v in ValeurIndicateur.objects.filter(indicateur=indicateur, annee__in=annees).only(
            "pk", "commune_id", "annee", "valeur"
        )
    }
    nouvelles, changees = [], []
    for (code, annee), valeur in valeurs.items():
        valeur = valeur.quantize(QUANTUM)
        v = existantes.get((code, annee))
        if v is None:
            nouvelles.append(ValeurIndicateur(indicateur=indicateur, commune_id=code, annee=annee, valeur=valeur))
        elif Decimal(v.valeur).quantize(QUANTUM) != valeur:
            v.valeur = valeur
            changees.append(v)
        else:
            comptes.inchangees += 1
    ValeurIndicateur.objects.bulk_create(nouvelles, batch_size=2000)
    ValeurIndicateur.objects.bulk_update(changees, ["valeur"], batch_size=2000)
    comptes.creees, comptes.modifiees = len(nouvelles), len(changees)
    return comptes


@transaction.atomic
def charger_indicateurs(*, fichier: Path | None = None, by: User | None = None) -> Chargement:
    """Charge les indicateurs publics d'un fichier au format de `data/indicateurs-demo.csv` (une ligne par
    commune, une colonne par indicateur du catalogue). Les communes absentes du référentiel sont comptées et
    ignorées ; une valeur illisible refuse tout le fichier (ValidationError nommant la ligne et la colonne)."""
    fichier = Path(fichier or catalogue.FICHIER_DEMO)
    resultat = Chargement()
    connues = set(Commune.objects.values_list("code_insee", flat=True))
    par_colonne: dict[str, dict[tuple[str, int], Decimal]] = {d.colonne: {} for d in catalogue.PUBLICS}
    try:
        with fichier.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if "code_insee" not in (reader.fieldnames or []):
                raise ValidationError(f"{fichier.name} : la colonne « code_insee » manque.")
            presentes = [d for d in catalogue.PUBLICS if d.colonne in reader.fieldnames]
            for row in reader:
                resultat.lignes += 1
                code = (row["code_insee"] or "").strip().zfill(5)
                if code not in connues:
                    resultat.communes_inconnues += 1
                    continue
                for d in presentes:
                    brut = (row.get(d.colonne) or "").strip()
                    if not brut:
                        continue
                    try:
                        par_colonne[d.colonne][(code, d.annee)] = Decimal(brut.replace(",", "."))
                    except InvalidOperation as e:
                        raise ValidationError(
                            f"{fichier.name}, ligne {reader.line_num}, colonne « {d.colonne} » : "
                            f"« {brut[:20]} » n'est pas un nombre. Rien n'a été chargé."
                        ) from e
    except UnicodeDecodeError as e:
        raise ValidationError(f"{fichier.name} n'est pas en UTF-8. Rien n'a été chargé.") from e
    for ordre, d in enumerate(presentes, start=1):
        indicateur, _ = Indicateur.objects.update_or_create(
            code=d.code, territoire=None,
            defaults={"libelle": d.libelle, "source": d.source, "annee": d.annee, "methode": d.methode,
                      "unite": d.unite, "plus_haut_plus_fragile": d.plus_haut_plus_fragile, "ordre": ordre},
        )  # fmt: skip
        resultat.indicateurs += 1
        resultat.valeurs.ajouter(_ecrire_valeurs(indicateur, par_colonne[d.colonne]))
    JournalObservatoire.objects.create(
        actor=by, event=EvenementObservatoire.CHARGEMENT,
        details={"fichier": fichier.name, "lignes": resultat.lignes, "communes_inconnues": resultat.communes_inconnues,
                 "indicateurs": resultat.indicateurs, "creees": resultat.valeurs.creees,
                 "modifiees": resultat.valeurs.modifiees, "inchangees": resultat.valeurs.inchangees},
    )  # fmt: skip
    return resultat


@dataclass
class Depot:
    indicateur: Indicateur
    valeurs: Comptes
    encodage: str


def deposer_indicateur(*, territoire: Territoire, by: User, libelle: str, unite: str, methode: str,
                       plus_haut_plus_fragile: bool, contenu: bytes) -> Depot:  # fmt: skip
    """L'indicateur propre d'un territoire, depuis un CSV « code INSEE, valeur, année, source ». Tout est vérifié
    avant d'écrire : la moindre erreur refuse le fichier entier (DepotRefuse, erreurs par ligne). Redéposer le même
    libellé met à jour l'indicateur (mêmes communes et années : valeurs remplacées)."""
    if not permissions.can_deposer_indicateur(by, territoire):
        raise PermissionDenied
    libelle = (libelle or "").strip()
    code = slugify(libelle)[:60]
    if not code:
        raise ValidationError({"libelle": "Donnez un nom à l'indicateur (des lettres ou des chiffres)."})
    du_territoire = set(territoire.communes.values_list("code_insee", flat=True))
    try:
        lu = lecture.lire(contenu, communes_connues=dict(Commune.objects.values_list("code_insee", "nom")),
                          communes_du_territoire=du_territoire, territoire_nom=territoire.nom)  # fmt: skip
    except lecture.FichierIllisible as e:
        raise DepotRefuse([str(e)]) from e
    if lu.erreurs:
        raise DepotRefuse(lu.erreurs[: lecture.MAX_ERREURS_AFFICHEES], total=len(lu.erreurs))
    sources = sorted({ln.source for ln in lu.lignes})
    source = " ; ".join(sources)
    if len(source) > 300:
        source = sources[0][:280] + f" (et {len(sources) - 1} autres)"
    with transaction.atomic():
        indicateur, _ = Indicateur.objects.update_or_create(
            code=code, territoire=territoire,
            defaults={"libelle": libelle, "source": source, "annee": max(ln.annee for ln in lu.lignes),
                      "methode": (methode or "").strip(), "unite": (unite or "").strip()[:80] or "valeur",
                      "plus_haut_plus_fragile": plus_haut_plus_fragile, "ordre": 1000},
        )  # fmt: skip
        comptes = _ecrire_valeurs(indicateur, {(ln.code_insee, ln.annee): ln.valeur for ln in lu.lignes})
        JournalObservatoire.objects.create(
            actor=by, event=EvenementObservatoire.DEPOT, indicateur=indicateur, territoire=territoire,
            details={"lignes": len(lu.lignes), "encodage": lu.encodage, "creees": comptes.creees,
                     "modifiees": comptes.modifiees, "inchangees": comptes.inchangees},
        )  # fmt: skip
    return Depot(indicateur=indicateur, valeurs=comptes, encodage=lu.encodage)


# — L'offre par commune (la nuit par cron, ou à la demande d'une coordination pour son territoire) —


@dataclass
class CalculOffre:
    communes: int
    lieux: int
    points_ouverts: int
    calcule_le: datetime.datetime


CHAMPS_OFFRE = ["calcule_le", "semaine_du", "lieux", "lieux_ouverts", "heures_semaine", "heures_pour_1000", "arrets",
                "passages_arrets", "distance_ouvert_km", "distance_pass_km", "aidants", "aidants_par_niveau",
                "aidants_labellises"]  # fmt: skip


def calculer_offre(*, communes_de: Territoire | None = None, by: User | None = None,
                   maintenant: datetime.datetime | None = None) -> CalculOffre:  # fmt: skip
    """Recalcule `OffreCommune` pour toutes les communes (sans `communes_de` : la commande de la nuit) ou pour celles
    d'un territoire. Demandé par une personne (`by`, depuis l'index) : `can_calculer_offre` revérifiée. Idempotent :
    mêmes lieux, même jour → mêmes chiffres. Une ligne de journal (comptes et durée, jamais de nom)."""
    territoire = communes_de
    if by is not None and (territoire is None or not permissions.can_calculer_offre(by, territoire)):
        raise PermissionDenied
    maintenant = maintenant or timezone.now()
    debut = timezone.localdate(maintenant)
    communes = territoire.communes.all() if territoire is not None else Commune.objects.all()
    rows = list(communes.values_list("code_insee", "latitude", "longitude", "population"))
    brute = offre.lire_offre(debut)
    positions = {c: (la, lo) for c, la, lo, _p in rows if la is not None and lo is not None}
    distances = offre.distances_communes(positions, brute.points)
    codes = [r[0] for r in rows] if territoire is not None else None
    aidants = offre.aidants_par_commune(debut, codes)
    objets = []
    for code, _la, _lo, population in rows:
        heures = round(brute.heures.get(code, 0.0), 2)
        d_ouvert, d_pass = distances.get(code, (None, None))
        objets.append(OffreCommune(
            commune_id=code, calcule_le=maintenant, semaine_du=debut, lieux=brute.lieux[code],
            lieux_ouverts=brute.lieux_ouverts[code], heures_semaine=heures,
            heures_pour_1000=round(heures * 1000 / population, 2) if population else None,
            arrets=brute.arrets[code], passages_arrets=brute.passages[code], distance_ouvert_km=d_ouvert,
            distance_pass_km=d_pass, aidants=aidants.total[code],
            aidants_par_niveau=dict(aidants.par_niveau.get(code, {})), aidants_labellises=aidants.labellises[code],
        ))  # fmt: skip
    with transaction.atomic():
        OffreCommune.objects.bulk_create(objets, batch_size=2000, update_conflicts=True, unique_fields=["commune"],
                                         update_fields=CHAMPS_OFFRE)  # fmt: skip
        JournalObservatoire.objects.create(
            actor=by, event=EvenementObservatoire.CALCUL_OFFRE, territoire=territoire,
            details={"communes": len(objets), "lieux": sum(brute.lieux.values()),
                     "points_ouverts": len(brute.points.lat), "semaine_du": debut.isoformat(),
                     "duree_s": round((timezone.now() - maintenant).total_seconds(), 1)},
        )  # fmt: skip
    return CalculOffre(len(objets), sum(brute.lieux.values()), len(brute.points.lat), maintenant)


# — Observations de terrain : proposées par une structure, publiées ou refusées par la coordination —

#: Ce qui désigne une personne : adresse électronique, numéro de téléphone, civilité suivie d'un nom, numéro de
#: sécurité sociale. Un garde-fou simple : la coordination relit chaque observation avant de la publier.
_PERSONNEL = [
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"), "une adresse électronique"),
    (re.compile(r"(?<!\d)(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)"), "un numéro de téléphone"),
    (re.compile(r"\b[12]\s?\d{2}\s?(?:0[1-9]|1[0-2])\s?\d{2}\s?\d{3}\s?\d{3}(?:\s?\d{2})?\b"),
     "un numéro de sécurité sociale"),
    (re.compile(r"\b(?:M\.|Mme|Mlle|Mr|Monsieur|Madame|Mademoiselle)\s+[A-ZÉÈÀÂÎÔÛÇ][\w'-]+"),
     "une civilité suivie d'un nom"),
]  # fmt: skip


def verifier_sans_donnee_personnelle(texte: str) -> None:
    """ValidationError (champ « texte ») si le texte contient ce qui désigne une personne."""
    for motif, quoi in _PERSONNEL:
        if motif.search(texte):
            raise ValidationError({"texte": f"Le texte contient {quoi} : une observation décrit ce qu'on voit sur "
                                            f"le terrain, jamais une personne. Retirez-la, puis renvoyez."})  # fmt: skip


@transaction.atomic
def proposer_observation(*, territoire: Territoire, structure: Structure, by: User, texte: str,
                         commune: Commune | None = None, epci_code: str = "") -> Observation:  # fmt: skip
    """Une structure du territoire propose une observation sur une commune ou une intercommunalité du territoire."""
    if not permissions.can_proposer_observation(by, territoire, structure):
        raise PermissionDenied
    texte = " ".join((texte or "").split())
    if not texte:
        raise ValidationError({"texte": "Écrivez ce que vous observez sur le terrain."})
    if len(texte) > OBSERVATION_MAX:
        raise ValidationError({"texte": f"{OBSERVATION_MAX} caractères au plus (reçu : {len(texte)})."})
    verifier_sans_donnee_personnelle(texte)
    if (commune is None) == (not epci_code):
        raise ValidationError("Choisissez une commune ou une intercommunalité.")
    if commune is not None and not territoire.communes.filter(pk=commune.pk).exists():
        raise ValidationError({"commune": f"{commune.nom} n'est pas dans le territoire {territoire.nom}."})
    if epci_code and not territoire.communes.filter(epci_code=epci_code).exists():
        raise ValidationError({"epci_code": "Cette intercommunalité n'a aucune commune dans le territoire."})
    obs = Observation(territoire=territoire, structure=structure, auteur=by, texte=texte, commune=commune,
                      epci_code=epci_code or "")  # fmt: skip
    obs.full_clean()
    obs.save()
    JournalObservatoire.objects.create(
        actor=by, event=EvenementObservatoire.OBS_PROPOSEE, territoire=territoire, observation=obs,
        details={"longueur": len(texte), "commune": commune.pk if commune else None, "epci": epci_code or None},
    )  # fmt: skip
    return obs


@transaction.atomic
def moderer_observation(*, observation: Observation, by: User, etat: str) -> Observation:
    """La coordination du territoire publie ou refuse une observation proposée (`TRANSITIONS_OBSERVATION`)."""
    if not permissions.can_moderer_observation(by, observation.territoire):
        raise PermissionDenied
    observation = Observation.objects.select_for_update().get(pk=observation.pk)
    if etat not in EtatObservation.values:
        raise ValidationError(f"État inconnu : {etat}.")
    check_transition(TRANSITIONS_OBSERVATION, observation.etat, etat, sujet="Cette observation")
    ancien = observation.etat
    observation.etat, observation.decide_par, observation.decide_le = etat, by, timezone.now()
    observation.save(update_fields=["etat", "decide_par", "decide_le", "updated_at"])
    event = EvenementObservatoire.OBS_PUBLIEE if etat == EtatObservation.PUBLIEE else EvenementObservatoire.OBS_REFUSEE
    JournalObservatoire.objects.create(actor=by, event=event, territoire=observation.territoire,
                                       observation=observation, details={"de": ancien, "vers": etat})  # fmt: skip
    return observation
