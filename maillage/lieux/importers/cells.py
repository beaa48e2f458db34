"""Lecture d'une cellule d'import : découpage des valeurs multiples, apostrophe anti-formule retirée, téléphone,
adresse web, date, nombre, coordonnées Lambert-93. Rien ici ne connaît les champs du standard."""

import re
from datetime import date, datetime
from functools import cache

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from maillage.lieux.schema import PHONE_RE

_MULTI = re.compile(r"\s*[|;]\s*")
# Premiers caractères d'une formule de tableur, que l'export fait précéder d'une apostrophe (décision 0005).
_FORMULA_STARTS = "=+-@\t\r"


def split_multi(value, *, allow_semicolon: bool = True) -> list[str]:
    """Liste depuis une cellule `a|b` (v1), `a;b` (v0) ou une liste JSON ; vides retirés, ordre gardé."""
    if value is None or value == "":  # la plupart des colonnes d'une ligne
        return []
    if type(value) is str:  # le cas d'un CSV, sans appel de plus (16 cellules par ligne)
        value = value.strip()
        if len(value) > 1 and value[0] == "'" and value[1] in _FORMULA_STARTS:
            value = value[1:].strip()
        if "|" in value or not allow_semicolon:
            items = value.split("|")
        elif ";" in value:
            items = value.split(";")
        else:  # une seule valeur, déjà sans espaces autour
            return [value] if value else []
        return list(dict.fromkeys(i for i in map(str.strip, items) if i))  # sans vide ni doublon, dans l'ordre
    if isinstance(value, list):
        items = [str(v).strip() for v in value]
    else:
        value = undefuse(str(value).strip())
        if not value:
            return []
        if "|" in value or not allow_semicolon:
            items = value.split("|")
        else:
            items = value.split(";")
    out = []
    for i in items:
        i = i.strip()
        if i and i not in out:
            out.append(i)
    return out


def undefuse(value: str) -> str:
    """Retire l'apostrophe que l'export ajoute devant une cellule « formule » (`'=…`, `'+…`) : aller-retour exact."""
    if len(value) > 1 and value[0] == "'" and value[1] in _FORMULA_STARTS:
        return value[1:]
    return value


def cell(row: dict, key: str) -> str:
    v = row.get(key)
    if v is None or v == "":
        return ""
    if type(v) is str:  # le cas d'un CSV : 18 cellules par ligne, sans appel de plus
        v = v.strip()
        return v[1:] if len(v) > 1 and v[0] == "'" and v[1] in _FORMULA_STARTS else v
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return undefuse(str(v).strip())


_PHONE_CHARS = re.compile(r"[\s.\-/()]")


def normalize_phone(value: str) -> str | None:
    """« 02 41 00 00 00 » -> « +33241000000 » ; None si ce n'est pas un numéro au format du standard."""
    v = _PHONE_CHARS.sub("", value.replace("(0)", ""))
    if v.startswith("00"):
        v = "+" + v[2:]
    if re.fullmatch(r"0\d{9}", v):
        v = "+33" + v[1:]
    return v if PHONE_RE.match(v) else None


_URL = re.compile(r"^https?://[^\s<>\"]+\.[^\s<>\"]+$", re.IGNORECASE)


_is_url = URLValidator(schemes=["http", "https"])


def normalize_url(value: str) -> str | None:
    """L'adresse web (« www.… » complétée en https), ou None si elle est illisible. Le validateur de Django en
    dernier : c'est celui que `services.validate_lieu` applique aux champs d'adresse web du lieu, donc une adresse
    gardée ici ne fera jamais rejeter la ligne ensuite (une adresse illisible n'est qu'un avertissement)."""
    v = value.strip()
    if v.lower().startswith("www."):
        v = "https://" + v
    if not (_URL.match(v) and len(v) <= 500):
        return None
    try:
        _is_url(v)
    except ValidationError:
        return None
    return v


EMAIL_RE = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[a-z]{2,}$", re.IGNORECASE)


def parse_date(value: str) -> date | None:
    """AAAA-MM-JJ (éventuellement avec l'heure), JJ/MM/AAAA ; 1969-12-31 et 1970-01-01 = date absente."""
    v = value.strip()
    if not v:
        return None
    d = None
    try:
        d = date.fromisoformat(v[:10])  # cas courant, bien plus rapide que strptime
    except ValueError:
        pass
    for fmt, size in () if d else (("%Y-%m-%d", 10), ("%d/%m/%Y", 10), ("%Y/%m/%d", 10)):
        try:
            d = datetime.strptime(v[:size], fmt).date()
            break
        except ValueError:
            continue
    if d is None:
        try:
            d = datetime.fromisoformat(v.replace("Z", "+00:00")).date()
        except ValueError:
            raise ValueError(v) from None
    if d in (date(1969, 12, 31), date(1970, 1, 1)):
        return None
    return d


def parse_float(value) -> float | None:
    if value in (None, ""):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    return float(str(value).strip().replace(",", ".").replace(" ", ""))


# Lambert-93 (EPSG:2154) : emprise de la métropole, pour reconnaître des coordonnées projetées.
def looks_like_lambert93(x: float, y: float) -> bool:
    return 0 < x < 1_300_000 and 6_000_000 < y < 7_200_000


@cache
def _lambert_to_wgs84():
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:2154", "EPSG:4326", always_xy=True)


def lambert93_to_wgs84(x: float, y: float) -> tuple[float, float]:
    """(x, y) Lambert-93 -> (latitude, longitude) WGS84."""
    lon, lat = _lambert_to_wgs84().transform(x, y)
    return round(lat, 6), round(lon, 6)
