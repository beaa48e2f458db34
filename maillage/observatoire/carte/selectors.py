"""Lectures de la carte : les valeurs d'un indicateur pour les communes d'un territoire dans un département, leurs
classes par quantiles, et les mêmes lignes avec leurs contours pour le navigateur.

La carte et son tableau jumeau viennent de la même liste de lignes (`Carte.lignes`) : ce que montre l'une, l'autre
le dit. Les communes y sont dans l'ordre alphabétique, jamais par valeur (décision 0021 : pas de palmarès)."""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max
from django.template.defaultfilters import floatformat

from maillage.comptes.models import Territoire
from maillage.core.models import Departement
from maillage.observatoire.carte import contours
from maillage.observatoire.models import Indicateur, ValeurIndicateur

#: Viridis en 5 teintes (clair → foncé) : lisible par les personnes daltoniennes et en niveaux de gris.
PALETTE = ("#fde725", "#5ec962", "#21918c", "#3b528b", "#440154")
SANS_VALEUR = "#ffffff"
NB_CLASSES = len(PALETTE)


@dataclass
class Classe:
    numero: int
    min: Decimal
    max: Decimal
    teinte: int  # rang dans PALETTE
    communes: int

    @property
    def couleur(self) -> str:
        return PALETTE[self.teinte]

    @property
    def libelle(self) -> str:
        if self.min == self.max:
            return f"classe {self.numero} : {texte(self.min)}"
        return f"classe {self.numero} : de {texte(self.min)} à {texte(self.max)}"


@dataclass
class LigneCarte:
    code: str
    nom: str
    valeur: Decimal | None
    classe: Classe | None

    @property
    def texte(self) -> str:
        return texte(self.valeur) if self.valeur is not None else ""


@dataclass
class Carte:
    indicateur: Indicateur
    departement: Departement
    annee: int | None
    classes: list[Classe]
    lignes: list[LigneCarte]
    contours: dict[str, list]  # {code INSEE: contour} du département (contours.py)

    @property
    def sans_contour(self) -> list[LigneCarte]:
        """Les communes que la carte ne peut pas dessiner (absentes du paquet de référence, fusion récente)."""
        return [ligne for ligne in self.lignes if ligne.code not in self.contours]

    @property
    def sans_valeur(self) -> int:
        return sum(1 for ligne in self.lignes if ligne.valeur is None)


def texte(valeur: Decimal) -> str:
    """Comme les panneaux : deux décimales s'il y en a, à la française (« 112,50 », « 27 »)."""
    return str(floatformat(valeur, "-2"))


def departements(territoire: Territoire) -> list[Departement]:
    """Les départements qui ont au moins une commune dans le territoire, par code."""
    return list(Departement.objects.filter(communes__territoires=territoire).distinct().order_by("code"))


def bornes_quantiles(valeurs: list[Decimal], k: int = NB_CLASSES) -> list[Decimal]:
    """Les bornes hautes (incluses) de k classes d'effectifs aussi égaux que possible ; moins de k classes quand des
    valeurs égales tombent sur une borne (une valeur n'est jamais dans deux classes)."""
    v = sorted(valeurs)
    n = len(v)
    if not n:
        return []
    bornes: list[Decimal] = []
    for i in range(1, k + 1):
        b = v[max(0, math.ceil(i * n / k) - 1)]
        if not bornes or b > bornes[-1]:
            bornes.append(b)
    return bornes


def _teintes(m: int) -> list[int]:
    """m teintes prises dans la palette (leur rang), écartées au mieux, du clair au foncé."""
    if m <= 1:
        return [len(PALETTE) // 2][:m]
    return [round(j * (len(PALETTE) - 1) / (m - 1)) for j in range(m)]


def carte(territoire: Territoire, indicateur: Indicateur, departement: Departement) -> Carte:
    """Les communes du territoire dans ce département, la valeur de l'indicateur la dernière année connue sur ces
    communes, et leur classe (quantiles calculés sur ces communes)."""
    communes = list(
        territoire.communes.filter(departement=departement)
        .order_by("nom", "code_insee")
        .values_list("code_insee", "nom")
    )
    valeurs_qs = ValeurIndicateur.objects.filter(indicateur=indicateur, commune__in=[c for c, _ in communes])
    annee = valeurs_qs.aggregate(a=Max("annee"))["a"] if communes else None
    valeurs = dict(valeurs_qs.filter(annee=annee).values_list("commune_id", "valeur")) if annee else {}
    bornes = bornes_quantiles(list(valeurs.values()))
    classes = [
        Classe(i + 1, Decimal(0), b, c, 0) for i, (b, c) in enumerate(zip(bornes, _teintes(len(bornes)), strict=True))
    ]
    lignes = []
    for code, nom in communes:
        v = valeurs.get(code)
        classe = None
        if v is not None:
            classe = next(c for c in classes if v <= c.max)
            classe.min = v if not classe.communes or v < classe.min else classe.min
            classe.communes += 1
        lignes.append(LigneCarte(code, nom, v, classe))
    return Carte(indicateur, departement, annee, classes, lignes, contours.contours_du_departement(departement.code))


def donnees(c: Carte) -> dict:
    """Ce que le navigateur dessine : les lignes de la carte (mêmes textes que le tableau) et leurs contours."""
    formes = c.contours
    ind = c.indicateur
    return {
        "indicateur": {"libelle": ind.libelle, "unite": ind.unite, "annee": c.annee, "source": ind.source},
        "departement": {"code": c.departement.code, "nom": c.departement.nom},
        "quantification": contours.QUANTIFICATION,
        "classes": [{"numero": k.numero, "libelle": k.libelle, "couleur": k.couleur, "teinte": k.teinte,
                 "communes": k.communes}
                    for k in c.classes],  # fmt: skip
        "sans_valeur": SANS_VALEUR,
        "communes": [
            {"code": ligne.code, "nom": ligne.nom, "valeur": ligne.texte or None,
             "classe": ligne.classe.numero if ligne.classe else None, "contour": formes.get(ligne.code)}
            for ligne in c.lignes
        ],
    }  # fmt: skip
