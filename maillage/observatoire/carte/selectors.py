"""Lectures de la carte : les valeurs d'un indicateur pour les communes d'un territoire dans un département, leurs
classes par quantiles, et les mêmes lignes avec leurs contours pour le navigateur.

La carte et son tableau jumeau viennent de la même liste de lignes (`Carte.lignes`) : ce que montre l'une, l'autre
le dit. Les communes y sont dans l'ordre alphabétique, jamais par valeur (décision 0021 : pas de palmarès)."""

import json
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import formats

from maillage.comptes.models import Territoire
from maillage.core.models import Departement
from maillage.observatoire.carte import contours
from maillage.observatoire.models import Indicateur, ValeurIndicateur

#: Viridis en 5 teintes (clair → foncé) : lisible par les personnes daltoniennes et en niveaux de gris.
PALETTE = ("#fde725", "#5ec962", "#21918c", "#3b528b", "#440154")
SANS_VALEUR = "#ffffff"
_CENTIEME = Decimal("0.01")
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
    contours: dict[str, str]  # {code INSEE: contour en texte JSON} du département (contours.py)

    @property
    def sans_contour(self) -> list[LigneCarte]:
        """Les communes que la carte ne peut pas dessiner (absentes du paquet de référence, fusion récente)."""
        return [ligne for ligne in self.lignes if ligne.code not in self.contours]

    @property
    def sans_valeur(self) -> int:
        return sum(1 for ligne in self.lignes if ligne.valeur is None)


def texte(valeur: Decimal) -> str:
    """Comme les panneaux (`floatformat:"-2"`, à la française : « 112,50 », « 27 », « 1 234,50 »), sans passer par le
    filtre, vingt fois plus lent : la carte d'un grand département en écrit près de 900 par appel."""
    valeur = Decimal(valeur)
    q = valeur.quantize(_CENTIEME, rounding=ROUND_HALF_UP)
    entier, _, decimales = f"{abs(q):f}".partition(".")
    if len(entier) > 3 and settings.USE_THOUSAND_SEPARATOR:
        entier = f"{int(entier):,}".replace(",", formats.get_format("THOUSAND_SEPARATOR"))
    signe = "-" if q < 0 else ""
    if valeur == valeur.to_integral_value():  # un entier s'écrit sans décimales, comme le filtre
        return f"{signe}{entier}"
    return f"{signe}{entier},{decimales}"


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
    communes, et leur classe (quantiles calculés sur ces communes). Deux requêtes, par jointure (pas de liste de
    codes : un département compte jusqu'à 900 communes)."""
    communes = list(
        territoire.communes.filter(departement=departement)
        .order_by("nom", "code_insee")
        .values_list("code_insee", "nom")
    )
    lues = list(
        ValeurIndicateur.objects.filter(
            indicateur=indicateur, commune__territoires=territoire, commune__departement=departement
        ).values_list("commune_id", "annee", "valeur")
    )
    annee = max((a for _, a, _ in lues), default=None)
    valeurs = {code: v for code, a, v in lues if a == annee}
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
    return Carte(indicateur, departement, annee, classes, lignes, contours.fragments_du_departement(departement.code))


def _json(objet: object) -> str:
    return json.dumps(objet, ensure_ascii=False, separators=(",", ":"))


def donnees(c: Carte) -> str:
    """Ce que le navigateur dessine (texte JSON) : les lignes de la carte, mêmes textes que le tableau, et leurs
    contours, recopiés tels quels du cache (déjà en JSON : rien à réencoder à chaque appel)."""
    ind = c.indicateur
    tete = {
        "indicateur": {"libelle": ind.libelle, "unite": ind.unite, "annee": c.annee, "source": ind.source},
        "departement": {"code": c.departement.code, "nom": c.departement.nom},
        "quantification": contours.QUANTIFICATION,
        "classes": [{"numero": k.numero, "libelle": k.libelle, "couleur": k.couleur, "teinte": k.teinte,
                     "communes": k.communes} for k in c.classes],
        "sans_valeur": SANS_VALEUR,
    }  # fmt: skip
    lignes = []
    for ligne in c.lignes:
        debut = _json({"code": ligne.code, "nom": ligne.nom, "valeur": ligne.texte or None,
                       "classe": ligne.classe.numero if ligne.classe else None})  # fmt: skip
        lignes.append(f'{debut[:-1]},"contour":{c.contours.get(ligne.code, "null")}}}')
    return f'{_json(tete)[:-1]},"communes":[{",".join(lignes)}]}}'
