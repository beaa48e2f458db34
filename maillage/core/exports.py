"""Réponses CSV et XLSX : la seule façon du projet de rendre un tableau à télécharger.

Une cellule qui commence par `= + - @ | %` serait lue comme une formule par un tableur (injection de formule,
OWASP) : en CSV, `defusedcsv` la fait précéder d'une apostrophe ; en XLSX, chaque texte est écrit comme texte
(`write_string`), jamais comme formule ni lien. Le CSV est en UTF-8 avec BOM et `;` : c'est ce qu'Excel en
français ouvre sans assistant. Les nombres restent des nombres dans les deux formats.

L'export au standard national des lieux (lieux/exporters.py) garde ses propres règles : le schéma impose la forme de
certaines cellules (latitude, téléphone) que l'apostrophe rendrait invalides.
"""

import csv
import datetime
import decimal
import io
import re
from collections.abc import Iterable, Iterator

import xlsxwriter
from defusedcsv import csv as safe_csv
from django.http import Http404, HttpResponse, StreamingHttpResponse

FORMATS = ("csv", "xlsx")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")


def _filename(filename: str, fmt: str) -> str:
    """Nom de fichier sûr dans un en-tête HTTP : ASCII, sans guillemet ni retour à la ligne."""
    stem = _UNSAFE_FILENAME.sub("-", filename.removesuffix(f".{fmt}")).strip("-") or "export"
    return f"{stem}.{fmt}"


def _attachment(response, filename: str, fmt: str):
    response["Content-Disposition"] = f'attachment; filename="{_filename(filename, fmt)}"'
    return response


class _Echo:
    """Pseudo-fichier : `csv.writer` rend la ligne écrite, que la réponse en flux envoie aussitôt."""

    def write(self, value):
        return value


def _csv_lines(header: list, rows: Iterable[list]) -> Iterator[str]:
    writer = safe_csv.writer(_Echo(), delimiter=";", quoting=csv.QUOTE_MINIMAL)
    yield "\ufeff"
    if header:
        yield writer.writerow(header)
    for row in rows:
        yield writer.writerow(row)


def csv_response(*, filename: str, header: list[str], rows: Iterable[list]) -> HttpResponse:
    """CSV sans formule. Un générateur de lignes part en flux (export de milliers de lignes sans tout garder en
    mémoire) ; une liste donne une réponse ordinaire (avec sa longueur)."""
    if isinstance(rows, list | tuple):
        response = HttpResponse("".join(_csv_lines(header, rows)), content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(_csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    return _attachment(response, filename, "csv")


def _write_cell(sheet, row: int, col: int, value, fmt=None):
    if value is None or value == "":
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value, fmt)
    elif isinstance(value, int | float | decimal.Decimal):
        sheet.write_number(row, col, float(value), fmt)
    elif isinstance(value, datetime.datetime | datetime.date):
        sheet.write_string(row, col, value.isoformat(), fmt)
    else:
        sheet.write_string(row, col, str(value), fmt)  # texte, jamais interprété comme une formule


def xlsx_response(
    *, filename: str, header: list[str], rows: Iterable[list], sheet_name: str = "Export"
) -> HttpResponse:
    """XLSX sans formule ni lien : chaque texte est une cellule de texte, l'en-tête en gras."""
    output = io.BytesIO()
    book = xlsxwriter.Workbook(
        output,
        {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    sheet = book.add_worksheet(sheet_name[:31])
    bold = book.add_format({"bold": True})
    line = 0
    if header:
        for col, title in enumerate(header):
            _write_cell(sheet, line, col, title, bold)
        line += 1
    for row in rows:
        for col, value in enumerate(row):
            _write_cell(sheet, line, col, value)
        line += 1
    book.close()
    return _attachment(HttpResponse(output.getvalue(), content_type=XLSX_CONTENT_TYPE), filename, "xlsx")


def tabular_response(*, fmt: str, filename: str, header: list[str], rows: Iterable[list]) -> HttpResponse:
    """Le même tableau en CSV ou en XLSX ; un autre format : 404 (il vient de l'adresse)."""
    if fmt == "csv":
        return csv_response(filename=filename, header=header, rows=rows)
    if fmt == "xlsx":
        return xlsx_response(filename=filename, header=header, rows=rows)
    raise Http404("Format d'export inconnu : CSV ou XLSX.")
