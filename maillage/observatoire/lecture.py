"""Lecture d'un indicateur déposé par une coordination : un CSV « code INSEE, valeur, année, source ».

Tout le fichier est lu et vérifié avant la moindre écriture : chaque erreur nomme sa ligne et sa colonne, en
français. Accepté : séparateur « ; » ou « , », virgule décimale (« 12,5 »), espaces des milliers, « % » final,
code INSEE à 4 chiffres dont un tableur a mangé le zéro (« 1053 » → « 01053 »), UTF-8 avec ou sans BOM, et un
fichier entièrement en Windows-1252 (ce qu'enregistre Excel). Refusé : un fichier qui mélange les deux encodages
(la ligne et la colonne illisibles sont nommées), un classeur Excel ou tout fichier binaire.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from maillage.core.utils import normalize_text
from maillage.core.validators import premier_caractere_interdit

#: Au-delà, ce n'est plus un indicateur communal (la France compte ~35 000 communes).
MAX_LIGNES = 40_000
ANNEE_MIN = 1990
CODE_INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
MAX_ERREURS_AFFICHEES = 100

#: Noms de colonnes acceptés (sans accents, casse ni espaces) → colonne attendue.
ALIAS = {
    "codeinsee": "code_insee", "insee": "code_insee", "codecommune": "code_insee", "codegeo": "code_insee",
    "valeur": "valeur", "value": "valeur",
    "annee": "annee", "year": "annee",
    "source": "source",
}  # fmt: skip
NOMS = {"code_insee": "code INSEE", "valeur": "valeur", "annee": "année", "source": "source"}


class FichierIllisible(ValueError):
    """Le fichier entier est refusé (encodage, format, colonnes) : message en français."""


@dataclass(frozen=True)
class Erreur:
    ligne: int
    champ: str
    message: str

    def __str__(self):
        return f"Ligne {self.ligne}, colonne « {self.champ} » : {self.message}"


@dataclass(frozen=True)
class Ligne:
    ligne: int
    code_insee: str
    valeur: Decimal
    annee: int
    source: str


@dataclass
class Lecture:
    lignes: list[Ligne] = field(default_factory=list)
    erreurs: list[Erreur] = field(default_factory=list)
    encodage: str = "utf-8"


def _cle(nom: str) -> str:
    return re.sub(r"[^a-z]", "", normalize_text(nom or "").lower())


def _decoder(contenu: bytes) -> tuple[str, str]:
    """(texte, encodage) ; lève FichierIllisible en nommant la ligne et la colonne d'un encodage mélangé."""
    if b"\x00" in contenu[:8192] or contenu[:4] == b"PK\x03\x04":
        raise FichierIllisible(
            "Ce fichier n'est pas un CSV (un classeur Excel ou LibreOffice ?) : dans votre tableur, choisissez "
            "« Enregistrer sous », format « CSV », puis déposez ce fichier."
        )
    try:
        return contenu.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    lignes = contenu.split(b"\n")
    # Des lignes en UTF-8 avec accents ET des lignes illisibles en UTF-8 : deux encodages mélangés.
    utf8_ailleurs = any(not ln.isascii() and _est_utf8(ln) for ln in lignes)
    lisible = _est_utf8 if utf8_ailleurs else _est_cp1252
    for numero, ln in enumerate(lignes, start=1):
        if lisible(ln):
            continue
        en_tete = lignes[0].decode("utf-8", errors="replace").lstrip("\ufeff")
        sep = ";" if en_tete.count(";") > en_tete.count(",") else ","
        noms = next(csv.reader([en_tete], delimiter=sep), [])
        cellules = ln.split(sep.encode())
        colonne = next((i for i, c in enumerate(cellules) if not lisible(c)), 0)
        nom = noms[colonne].strip() if colonne < len(noms) else f"n° {colonne + 1}"
        raise FichierIllisible(
            f"Ligne {numero}, colonne « {nom} » : caractères illisibles (encodage). Enregistrez le fichier en "
            "« CSV UTF-8 » depuis votre tableur et déposez-le à nouveau."
        )
    return contenu.decode("cp1252"), "windows-1252"


def _est_utf8(octets: bytes) -> bool:
    try:
        octets.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _est_cp1252(octets: bytes) -> bool:
    try:
        octets.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def _nombre(texte: str) -> Decimal | None:
    t = texte.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "").rstrip("%").replace(",", ".")
    if not t or t.count(".") > 1:
        return None
    try:
        n = Decimal(t)
    except InvalidOperation:
        return None
    return n if n.is_finite() and abs(n) < Decimal("1e10") else None


def lire(contenu: bytes, *, communes_connues: dict[str, str], communes_du_territoire: set[str],
         territoire_nom: str, aujourd_hui: datetime.date | None = None) -> Lecture:  # fmt: skip
    """Lit et vérifie tout le fichier. `communes_connues` : code INSEE → nom (le référentiel) ;
    `communes_du_territoire` : les codes acceptés. Lève FichierIllisible pour un fichier refusé en entier."""
    annee_max = (aujourd_hui or datetime.date.today()).year
    texte, encodage = _decoder(contenu)
    lecture = Lecture(encodage=encodage)
    flux = io.StringIO(texte.lstrip("\ufeff"), newline="")
    premiere = flux.readline()
    if not premiere.strip():
        raise FichierIllisible("Le fichier est vide, ou sa première ligne (les noms de colonnes) est vide.")
    sep = ";" if premiere.count(";") > premiere.count(",") else ","
    en_tete = next(csv.reader([premiere], delimiter=sep))
    colonnes: dict[str, int] = {}
    for i, nom in enumerate(en_tete):
        cible = ALIAS.get(_cle(nom))
        if cible and cible not in colonnes:
            colonnes[cible] = i
    manquantes = [NOMS[c] for c in NOMS if c not in colonnes]
    if manquantes:
        raise FichierIllisible(
            f"Colonne{'s' if len(manquantes) > 1 else ''} manquante{'s' if len(manquantes) > 1 else ''} : "
            f"{', '.join(manquantes)}. La première ligne doit nommer les colonnes « code_insee », « valeur », "
            f"« annee » et « source » (séparées par « ; » ou « , »)."
        )
    vus: dict[tuple[str, int], int] = {}
    lecteur = csv.reader(flux, delimiter=sep)
    numero = 1
    try:
        for cellules in lecteur:
            numero = lecteur.line_num + 1
            if not any(c.strip() for c in cellules):
                continue
            if len(lecture.lignes) + len(lecture.erreurs) >= MAX_LIGNES:
                raise FichierIllisible(f"Le fichier dépasse {MAX_LIGNES} lignes : un indicateur communal en a moins.")
            _lire_ligne(numero, cellules, colonnes, lecture, vus, communes_connues, communes_du_territoire,
                        territoire_nom, annee_max)  # fmt: skip
    except csv.Error as e:
        raise FichierIllisible(f"Ligne {numero + 1} : CSV mal formé ({e}).") from e
    if not lecture.lignes and not lecture.erreurs:
        raise FichierIllisible("Le fichier ne contient aucune ligne de valeurs sous les noms de colonnes.")
    return lecture


def _erreur_code(code: str, communes_connues: dict[str, str], communes_du_territoire: set[str],
                 territoire_nom: str) -> str | None:  # fmt: skip
    if not code:
        return "le code INSEE de la commune manque."
    if not CODE_INSEE.match(code):
        return f"« {code[:20]} » n'est pas un code INSEE (5 caractères, par exemple 49007 pour Angers)."
    if code not in communes_connues:
        return f"aucune commune ne porte le code INSEE « {code} »."
    if code not in communes_du_territoire:
        return f"{communes_connues[code]} ({code}) n'est pas dans le territoire {territoire_nom}."
    return None


def _erreur_source(source: str) -> str | None:
    if not source:
        return "la source manque (d'où vient ce chiffre ?)."
    if len(source) > 300:
        return f"la source fait {len(source)} caractères, 300 au plus."
    if caractere := premier_caractere_interdit(source):
        return f"la source contient un caractère invisible non autorisé ({caractere}) : retirez-le."
    return None


def _lire_ligne(numero, cellules, colonnes, lecture, vus, communes_connues, communes_du_territoire,
                territoire_nom, annee_max) -> None:  # fmt: skip
    def cellule(nom: str) -> str:
        i = colonnes[nom]
        return cellules[i].strip() if i < len(cellules) else ""

    erreurs = []
    code = cellule("code_insee").upper()
    if code.isdigit() and len(code) == 4:
        code = "0" + code  # un tableur a lu le code comme un nombre
    if message := _erreur_code(code, communes_connues, communes_du_territoire, territoire_nom):
        erreurs.append(Erreur(numero, "code INSEE", message))
    brut = cellule("valeur")
    valeur = _nombre(brut)
    if valeur is None:
        message = f"« {brut[:20]} » n'est pas un nombre (exemples : 12,5 ou 12.5)." if brut else "la valeur manque."
        erreurs.append(Erreur(numero, "valeur", message))
    brut_annee = cellule("annee")
    annee = int(brut_annee) if brut_annee.isdigit() and len(brut_annee) == 4 else None
    if annee is None or not ANNEE_MIN <= annee <= annee_max:
        erreurs.append(Erreur(numero, "année", f"année « {brut_annee[:20]} » inconnue : attendu une année de "
                                               f"{ANNEE_MIN} à {annee_max}, en 4 chiffres."))  # fmt: skip
        annee = None
    source = cellule("source")
    if message := _erreur_source(source):
        erreurs.append(Erreur(numero, "source", message))
    if code in communes_connues and annee is not None:
        if (premier := vus.get((code, annee))) is not None:
            erreurs.append(Erreur(numero, "code INSEE", f"{communes_connues[code]} ({code}) figure déjà ligne "
                                                        f"{premier} pour l'année {annee}."))  # fmt: skip
        else:
            vus[(code, annee)] = numero
    if erreurs:
        lecture.erreurs.extend(erreurs)
    else:
        lecture.lignes.append(Ligne(numero, code, valeur, annee, source))
