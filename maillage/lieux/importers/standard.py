"""Une ligne (CSV/JSON) → les champs d'un `Lieu`, pour le standard v1.0.2, l'ancien v0 et un export brut
décrit par un fichier de correspondance (format des fichiers `*.config.json` de l'outil ANCT mednum-cli).

Les valeurs des listes fermées sont comparées sans accents ni casse (`normalize_text`), et les anciennes
valeurs v0 sont converties avec la table v0→v1 de la référence (shared/docs/reference/standard-lieux.md §3).
Chaque problème est un `Issue` (champ, valeur, règle) ; la ligne est rejetée s'il y a au moins une erreur,
importée sans le champ fautif s'il n'y a que des avertissements.
"""

import re
from functools import cache

from maillage.core.typologies import typologies_structures
from maillage.core.utils import normalize_text
from maillage.lieux import enums
from maillage.lieux.horaires import validate_horaires
from maillage.lieux.importers.cells import (  # noqa: F401 — noms publics d'avant le découpage
    EMAIL_RE,
    cell,
    lambert93_to_wgs84,
    looks_like_lambert93,
    normalize_phone,
    normalize_url,
    parse_date,
    parse_float,
    split_multi,
    undefuse,
)
from maillage.lieux.importers.lists import convert_lists, label_lookup, lookup  # noqa: F401
from maillage.lieux.importers.mapping import apply_mapping, validate_mapping  # noqa: F401
from maillage.lieux.importers.report import AVERTISSEMENT, ERREUR, Issue  # noqa: F401
from maillage.lieux.schema import (
    IMPORT_TEXT_FIELDS,
    LEGACY_COLUMNS,
    PHONE_RE,
    PRESENTATION_DETAIL_MAX,
    PRESENTATION_RESUME_MAX,
    REQUIRED_FIELDS,
    URL_FIELDS,
)

# — Transformation d'une ligne —


@cache
def _typologies() -> tuple[dict, dict]:
    codes = typologies_structures()
    return codes, {normalize_text(k): k for k in codes}


def convert_row(row: dict, *, mapping: dict | None = None) -> tuple[str, dict, list[Issue], bool]:
    """Une ligne -> (identifiant à la source, champs du Lieu, problèmes, date_maj absente ?).

    Sans `mapping`, la ligne suit le standard (v1.0.2, v0, ou un mélange : clés héritées comprises). Les
    problèmes sont rangés dans l'ordre des étapes ci-dessous (celui du rapport).
    """
    if mapping:
        row = apply_mapping(row, mapping)
    issues: list[Issue] = []
    data: dict = {}
    source_id = cell(row, "id")
    if "__extra__" in row:
        issues.append(Issue("(ligne)", row["__extra__"], "La ligne a plus de cellules que l'en-tête n'a de colonnes."))
    _texts(row, data, issues)
    _identifiants(row, data, issues)
    _position(row, data, issues)
    _telephone(row, data, issues)
    _web(row, data, issues)
    _horaires(row, data, issues)
    date_absente = _date_maj(row, data, issues)
    _typologie(row, data, issues)
    convert_lists(row, data, issues)
    data["autres_formations_labels"] += [
        v for v in split_multi(row.get("autres_formations_labels") or row.get(LEGACY_COLUMNS["autres_formations_labels"]))
        if v not in data["autres_formations_labels"]
    ]  # fmt: skip
    # Règle de la bibliothèque ANCT : sans service, le lieu n'accueille pas de public.
    if data["services"]:
        data["modalites_acces"] = [m for m in data["modalites_acces"] if m != enums.ModaliteAcces.PAS_DE_PUBLIC]
    return source_id, data, issues, date_absente


_BLANKS = re.compile(r"\s")
_PIVOT = re.compile(r"[a-zA-Z0-9]{9,14}")
_CODE_POSTAL = re.compile(r"\d{5}")
_CODE_INSEE = re.compile(r"([013-9]\d|2[AB1-9])\d{3}")
_PHONES = re.compile(r"\s*[|;/]\s*")
_EMAILS = re.compile(r"[,\s]+")


def _texts(row: dict, data: dict, issues: list[Issue]) -> None:
    """Champs texte ; un résumé trop long est coupé."""
    for name in IMPORT_TEXT_FIELDS:
        data[name] = cell(row, name)
    resume = data["presentation_resume"]
    if PRESENTATION_RESUME_MAX < len(resume) <= PRESENTATION_DETAIL_MAX:
        # v0 permettait 500 caractères, certains producteurs davantage : on coupe plutôt que de rejeter le lieu,
        # et le texte entier devient la présentation détaillée si celle-ci est vide.
        issues.append(
            Issue(
                "presentation_resume",
                resume,
                "Plus de 280 caractères : texte coupé (texte entier gardé en présentation détaillée s'il n'y en avait pas).",
                AVERTISSEMENT,
            )
        )
        if not data["presentation_detail"]:
            data["presentation_detail"] = resume
        data["presentation_resume"] = resume[: PRESENTATION_RESUME_MAX - 1].rstrip() + "…"


def _identifiants(row: dict, data: dict, issues: list[Issue]) -> None:
    """SIRET ou RNA, code postal, code INSEE ; puis les champs obligatoires du standard."""
    pivot = _BLANKS.sub("", cell(row, "pivot"))
    if pivot and not _PIVOT.fullmatch(pivot):
        issues.append(Issue("pivot", pivot, "SIRET (14 chiffres) ou RNA (W + 9 caractères) attendu.", AVERTISSEMENT))
        pivot = ""
    data["pivot"] = "" if pivot == "00000000000000" else pivot
    cp = cell(row, "code_postal")
    if cp.isdigit() and len(cp) == 4:
        cp = "0" + cp
    data["code_postal"] = cp
    if cp and not _CODE_POSTAL.fullmatch(cp):
        issues.append(Issue("code_postal", cp, "Le code postal doit compter 5 chiffres."))
    insee = cell(row, "code_insee").upper()
    if insee and not _CODE_INSEE.fullmatch(insee):
        issues.append(Issue("code_insee", insee, "Code INSEE invalide (5 caractères du COG).", AVERTISSEMENT))
        insee = ""
    data["code_insee"] = insee
    for required in REQUIRED_FIELDS:
        if not data[required]:
            issues.append(Issue(required, "", "Ce champ est obligatoire dans le standard."))


def _position(row: dict, data: dict, issues: list[Issue]) -> None:
    """Latitude et longitude (Lambert 93 converti) ; une seule des deux : ignorées ; impossibles : erreur."""
    lat_raw, lon_raw = row.get("latitude"), row.get("longitude")
    try:
        lat, lon = parse_float(lat_raw), parse_float(lon_raw)
    except ValueError:
        issues.append(
            Issue("latitude", f"{lat_raw}, {lon_raw}", "La latitude et la longitude doivent être des nombres.")
        )
        lat = lon = None
    if lat is not None and lon is not None and looks_like_lambert93(lon, lat):
        lat, lon = lambert93_to_wgs84(lon, lat)
    if (lat is None) != (lon is None):
        issues.append(
            Issue("latitude", f"{lat_raw}, {lon_raw}", "Latitude et longitude vont ensemble.", AVERTISSEMENT)
        )
        lat = lon = None
    elif lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
        issues.append(
            Issue(
                "latitude",
                f"{lat_raw}, {lon_raw}",
                "Position impossible : latitude entre -90 et 90, longitude entre -180 et 180.",
            )
        )
    data["latitude"], data["longitude"] = lat, lon


def _telephone(row: dict, data: dict, issues: list[Issue]) -> None:
    """Le premier numéro reconnu parmi ceux de la cellule."""
    raw = cell(row, "telephone")
    if PHONE_RE.match(raw):  # déjà au format du standard (le cas courant) : un seul numéro, gardé tel quel
        data["telephone"] = raw
        return
    phones = [p for p in _PHONES.split(raw) if p]
    data["telephone"] = next((n for n in map(normalize_phone, phones) if n), "")
    if phones and not data["telephone"]:
        issues.append(
            Issue(
                "telephone",
                raw,
                "Numéro non reconnu (format +33XXXXXXXXX) : ignoré.",
                AVERTISSEMENT,
            )
        )


def _web(row: dict, data: dict, issues: list[Issue]) -> None:
    """Courriels, sites web et adresses web (fiche Accès libre, prise de rendez-vous) ; un formulaire de contact
    saisi à la place du courriel rejoint les sites web."""
    courriels, sites_en_plus = [], []
    for value in split_multi(row.get("courriels") or row.get(LEGACY_COLUMNS["courriels"])):
        for e in _EMAILS.split(value):
            if not e:
                continue
            if EMAIL_RE.match(e) and len(e) <= 254:
                courriels.append(e)
            elif normalize_url(e):
                sites_en_plus.append(e)
                issues.append(
                    Issue("courriels", e, "Adresse web et non e-mail : rangée avec les sites web.", AVERTISSEMENT)
                )
            else:
                issues.append(Issue("courriels", e, "Adresse e-mail non valide : ignorée.", AVERTISSEMENT))
    data["courriels"] = courriels
    sites = []
    for s in dict.fromkeys([*split_multi(row.get("site_web")), *sites_en_plus]):  # sans doublon, dans l'ordre
        url = normalize_url(s)
        if url:
            sites.append(url)
        else:
            issues.append(Issue("site_web", s, "Adresse web non valide : ignorée.", AVERTISSEMENT))
    data["site_web"] = sites
    for name in URL_FIELDS:
        legacy = LEGACY_COLUMNS.get(name)
        raw = cell(row, name) or (cell(row, legacy) if legacy else "")
        url = normalize_url(raw) if raw else ""
        if raw and not url:
            issues.append(Issue(name, raw, "Adresse web non valide : ignorée.", AVERTISSEMENT))
        data[name] = url or ""


def _horaires(row: dict, data: dict, issues: list[Issue]) -> None:
    """Horaires OpenStreetMap ; illisibles : avertissement, la ligne entre sans."""
    horaires = cell(row, "horaires")
    if horaires:
        try:
            validate_horaires(horaires)
        except Exception as e:  # noqa: BLE001 — ValidationError : message français
            rule = e.messages[0] if hasattr(e, "messages") else str(e)
            issues.append(Issue("horaires", horaires, rule + " Horaires ignorés.", AVERTISSEMENT))
            horaires = ""
    data["horaires"] = horaires


def _date_maj(row: dict, data: dict, issues: list[Issue]) -> bool:
    """Date de mise à jour ; renvoie True si elle est absente ou illisible (l'import prendra celle du jour)."""
    try:
        data["date_maj"] = parse_date(cell(row, "date_maj"))
    except ValueError:
        issues.append(Issue("date_maj", cell(row, "date_maj"),
                            "Date illisible (format AAAA-MM-JJ ou JJ/MM/AAAA attendu) : la date de l'import est utilisée.",
                            AVERTISSEMENT))  # fmt: skip
        data["date_maj"] = None
    return data["date_maj"] is None


def _typologie(row: dict, data: dict, issues: list[Issue]) -> None:
    """Codes data·inclusion (code exact, ou sans accents ni casse) ; inconnu : avertissement."""
    typo_codes, typo_norm = _typologies()
    typologie = []
    for t in split_multi(row.get("typologie")):
        code = t if t in typo_codes else typo_norm.get(normalize_text(t))
        if code:
            if code not in typologie:
                typologie.append(code)
        else:
            issues.append(
                Issue("typologie", t, "Code de typologie inconnu (liste data·inclusion) : ignoré.", AVERTISSEMENT)
            )
    data["typologie"] = typologie
