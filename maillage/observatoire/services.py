"""Écritures de l'observatoire : charger les indicateurs publics, déposer l'indicateur d'une coordination.

Les deux écritures sont atomiques (tout ou rien) et idempotentes (recharger le même fichier ne change rien) ; une
ligne de journal par chargement ou dépôt, avec les comptes."""

import csv
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify

from maillage.comptes.models import Territoire, User
from maillage.core.models import Commune
from maillage.observatoire import catalogue, lecture, permissions
from maillage.observatoire.models import EvenementObservatoire, Indicateur, JournalObservatoire, ValeurIndicateur

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
