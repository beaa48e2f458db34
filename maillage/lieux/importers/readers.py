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
from typing import BinaryIO

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


def _read_sample(fh: BinaryIO) -> bytes:
    pos = fh.tell()
    sample = fh.read(SAMPLE)
    fh.seek(pos)
    return sample


def detect_encoding(fh: BinaryIO) -> str:
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


def sniff_format(fh: BinaryIO, filename: str = "") -> str:
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
            if not (cells and cells[0].strip()) and not any(c.strip() for c in cells):  # ligne vide
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


class _JsonStream:
    """Le texte JSON lu par morceaux : un tampon, une position, et la fin du fichier atteinte ou non."""

    def __init__(self, text: io.TextIOBase):
        self.text = text
        self.buf = text.read(CHUNK)
        self.pos = 0
        self.eof = not self.buf

    def skip_ws(self) -> None:
        """Passe les blancs du tampon (sans lire la suite du fichier)."""
        buf, pos = self.buf, self.pos
        while pos < len(buf) and buf[pos] in " \t\r\n":
            pos += 1
        self.pos = pos

    def peek(self) -> str:
        """Le caractère courant, ou "" à la fin du tampon."""
        return self.buf[self.pos] if self.pos < len(self.buf) else ""

    def read_more(self) -> None:
        more = self.text.read(max(CHUNK, len(self.buf)))
        self.eof = not more
        self.buf = self.buf[self.pos :] + more
        self.pos = 0

    def next_char(self) -> str:
        """Le prochain caractère qui n'est pas un blanc, en lisant la suite du fichier s'il le faut ; "" à la fin."""
        self.skip_ws()
        while self.pos >= len(self.buf) and not self.eof:
            self.read_more()
            self.skip_ws()
        return self.peek()

    def advance(self, end: int) -> None:
        """Se place après un objet lu ; le début du tampon déjà lu est oublié (mémoire bornée)."""
        self.pos = end
        if self.pos > 4 * CHUNK:
            self.buf = self.buf[self.pos :]
            self.pos = 0


NOT_A_LIST = "Le JSON doit être une liste de lieux : [ {…}, {…} ]."


def iter_json(text: io.TextIOBase) -> Iterator[tuple[int, dict]]:
    """Objets d'un tableau JSON `[{…}, {…}]`, lus un par un. Un objet `{"data": […]}` (API) est aussi accepté,
    alors lu en entier."""
    stream = _JsonStream(text)
    first = stream.next_char()  # des blancs plus longs qu'un morceau ne cachent pas le début du JSON
    if first == "{":
        yield from _iter_json_object(stream.buf[stream.pos :] + text.read())
        return
    if first != "[":
        raise FileFormatError(NOT_A_LIST)
    stream.pos += 1
    yield from _iter_json_array(stream)


def _iter_json_object(rest: str) -> Iterator[tuple[int, dict]]:
    """`{"data": […]}` : la première liste de l'objet, lu en entier."""
    try:
        data = json.loads(rest)
    except json.JSONDecodeError as e:
        raise FileFormatError(f"JSON mal formé (ligne {e.lineno}, colonne {e.colno}) : {e.msg}.") from e
    items = next((v for v in data.values() if isinstance(v, list)), None) if isinstance(data, dict) else None
    if items is None:
        raise FileFormatError(NOT_A_LIST)
    for i, obj in enumerate(items, start=1):
        if not isinstance(obj, dict):
            raise FileFormatError(f"L'enregistrement n° {i} n'est pas un objet JSON.")
        yield i, obj


def _iter_json_array(stream: _JsonStream) -> Iterator[tuple[int, dict]]:
    """Les objets du tableau ouvert par « [ », un par un : un objet coupé entre deux morceaux est relu avec la
    suite du fichier."""
    decoder = json.JSONDecoder()
    index = 0
    while True:
        ch = stream.next_char()
        if not ch:
            raise FileFormatError("JSON incomplet : le tableau n'est pas fermé par « ] ».")
        if ch == "]":
            return
        if ch == "," and index:
            stream.pos += 1
            continue
        try:
            obj, end = decoder.raw_decode(stream.buf, stream.pos)
        except json.JSONDecodeError as e:
            if stream.eof:
                raise FileFormatError(f"JSON mal formé dans l'enregistrement n° {index + 1} : {e.msg}.") from e
            stream.read_more()
            continue
        index += 1
        if not isinstance(obj, dict):
            raise FileFormatError(f"L'enregistrement n° {index} n'est pas un objet JSON.")
        yield index, obj
        stream.advance(end)


def open_rows(fh: BinaryIO, filename: str = "") -> tuple[FileInfo, Iterator[tuple[int, dict]]]:
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
