"""Lecture en flux des fichiers de lieux : CSV (`,` ou `;`, UTF-8 avec ou sans BOM, Windows-1252 détecté) et JSON.

Rien n'est chargé en entier : le CSV est lu ligne à ligne, le JSON (un tableau d'objets) objet par objet
(`json.JSONDecoder.raw_decode` sur un tampon glissant). Les erreurs de fichier lèvent `FileFormatError`
(message en français, jamais de trace).
"""

import codecs
import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass

from charset_normalizer import from_bytes

CSV_FIELD_LIMIT = 32 * 1024 * 1024  # une cellule de 10 Mo doit être lue pour être signalée, pas faire tomber l'import
SAMPLE = 256 * 1024
CHUNK = 64 * 1024


class FileFormatError(ValueError):
    """Fichier illisible (format, encodage, JSON mal formé) : message en français."""


@dataclass
class FileInfo:
    format: str = ""  # "csv" | "json"
    encoding: str = ""
    delimiter: str = ""
    unit: str = "ligne"  # « ligne » (CSV) ou « enregistrement » (JSON)
    text: io.TextIOBase | None = None


def _read_sample(fh) -> bytes:
    pos = fh.tell()
    sample = fh.read(SAMPLE)
    fh.seek(pos)
    return sample


def detect_encoding(fh) -> str:
    """« utf-8-sig », « utf-8 » ou, si le fichier n'est pas de l'UTF-8 valide, l'encodage 8 bits le plus
    probable parmi ceux des tableurs français (Windows-1252 d'abord), choisi par charset-normalizer."""
    pos = fh.tell()
    head = fh.read(3)
    fh.seek(pos)
    if head == codecs.BOM_UTF8:
        return "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := fh.read(1024 * 1024):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        fh.seek(pos)
        return "utf-8"
    except UnicodeDecodeError:
        fh.seek(pos)
    sample = _read_sample(fh)
    best = from_bytes(sample, cp_isolation=["cp1252", "iso8859_15", "mac_roman", "cp850"]).best()
    return best.encoding if best else "cp1252"


def sniff_format(fh, filename: str = "") -> str:
    name = filename.lower()
    if name.endswith(".json") or name.endswith(".geojson"):
        return "json"
    if name.endswith(".csv") or name.endswith(".txt"):
        return "csv"
    sample = _read_sample(fh).lstrip(codecs.BOM_UTF8).lstrip()
    return "json" if sample[:1] in (b"[", b"{") else "csv"


def iter_csv(text: io.TextIOBase, info: FileInfo) -> Iterator[tuple[int, dict]]:
    """(numéro de ligne dans le fichier, ligne) ; l'en-tête est la ligne 1."""
    csv.field_size_limit(CSV_FIELD_LIMIT)
    first = text.readline()
    if not first.strip():
        raise FileFormatError("Le fichier est vide ou sa première ligne (les noms de colonnes) est vide.")
    info.delimiter = ";" if first.count(";") > first.count(",") else ","
    header = next(csv.reader([first], delimiter=info.delimiter))
    header = [h.strip().lstrip("\ufeff") for h in header]
    if len(header) < 2:
        raise FileFormatError("Impossible de trouver les colonnes : le séparateur doit être « , » ou « ; ».")
    dupes = {h for h in header if h and header.count(h) > 1}
    if dupes:
        raise FileFormatError(f"Colonnes en double dans l'en-tête : {', '.join(sorted(dupes))}.")
    reader = csv.reader(text, delimiter=info.delimiter)
    line = 1
    try:
        for cells in reader:
            line = reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            row = dict(zip(header, cells, strict=False))
            if len(cells) > len(header):
                row["__extra__"] = len(cells)
            yield line, row
    except csv.Error as e:
        raise FileFormatError(f"CSV mal formé vers la ligne {line + 1} : {e}.") from e
    except UnicodeDecodeError as e:
        raise FileFormatError(
            f"Encodage incohérent vers la ligne {line + 1} : enregistrez le fichier en UTF-8 et réessayez."
        ) from e


def iter_json(text: io.TextIOBase) -> Iterator[tuple[int, dict]]:
    """Objets d'un tableau JSON `[{…}, {…}]`, lus un par un. Un objet `{"data": […]}` (API) est aussi accepté,
    alors lu en entier."""
    decoder = json.JSONDecoder()
    buf = text.read(CHUNK)
    pos = 0
    eof = not buf

    def skip_ws():
        nonlocal pos
        while pos < len(buf) and buf[pos] in " \t\r\n":
            pos += 1

    skip_ws()
    if pos < len(buf) and buf[pos] == "{":
        rest = buf[pos:] + text.read()
        try:
            data = json.loads(rest)
        except json.JSONDecodeError as e:
            raise FileFormatError(f"JSON mal formé (ligne {e.lineno}, colonne {e.colno}) : {e.msg}.") from e
        items = next((v for v in data.values() if isinstance(v, list)), None) if isinstance(data, dict) else None
        if items is None:
            raise FileFormatError("Le JSON doit être une liste de lieux : [ {…}, {…} ].")
        for i, obj in enumerate(items, start=1):
            if not isinstance(obj, dict):
                raise FileFormatError(f"L'enregistrement n° {i} n'est pas un objet JSON.")
            yield i, obj
        return
    if pos >= len(buf) or buf[pos] != "[":
        raise FileFormatError("Le JSON doit être une liste de lieux : [ {…}, {…} ].")
    pos += 1
    index = 0
    while True:
        skip_ws()
        while pos >= len(buf) and not eof:
            more = text.read(max(CHUNK, len(buf)))
            eof = not more
            buf = buf[pos:] + more
            pos = 0
            skip_ws()
        if pos >= len(buf):
            raise FileFormatError("JSON incomplet : le tableau n'est pas fermé par « ] ».")
        ch = buf[pos]
        if ch == "]":
            return
        if ch == "," and index:
            pos += 1
            continue
        try:
            obj, end = decoder.raw_decode(buf, pos)
        except json.JSONDecodeError as e:
            if eof:
                raise FileFormatError(f"JSON mal formé dans l'enregistrement n° {index + 1} : {e.msg}.") from e
            more = text.read(max(CHUNK, len(buf)))
            eof = not more
            buf = buf[pos:] + more
            pos = 0
            continue
        index += 1
        if not isinstance(obj, dict):
            raise FileFormatError(f"L'enregistrement n° {index} n'est pas un objet JSON.")
        yield index, obj
        pos = end
        if pos > 4 * CHUNK:
            buf = buf[pos:]
            pos = 0


def open_rows(fh, filename: str = "") -> tuple[FileInfo, Iterator[tuple[int, dict]]]:
    """Ouvre un fichier binaire (seekable) et renvoie (infos détectées, itérateur de (numéro, ligne))."""
    info = FileInfo()
    info.format = sniff_format(fh, filename)
    info.encoding = detect_encoding(fh)
    text = io.TextIOWrapper(fh, encoding=info.encoding, newline="")
    info.text = text
    if info.format == "json":
        info.unit = "enregistrement"
        return info, iter_json(text)
    return info, iter_csv(text, info)


def release(info: FileInfo) -> None:
    """Détache le lecteur texte du fichier binaire : le fichier de l'appelant (ex. fichier envoyé par un
    formulaire) reste ouvert et relisible, au lieu d'être fermé avec le lecteur."""
    text = getattr(info, "text", None)
    if text is not None:
        try:
            text.detach()
        except (ValueError, OSError):
            pass
        info.text = None
