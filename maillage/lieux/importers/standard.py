"""Une ligne (CSV/JSON) → les champs d'un `Lieu`, pour le standard v1.0.2, l'ancien v0 et un export brut
décrit par un fichier de correspondance (format des fichiers `*.config.json` de l'outil ANCT mednum-cli).

Les valeurs des listes fermées sont comparées sans accents ni casse (`normalize_text`), et les anciennes
valeurs v0 sont converties avec la table v0→v1 de la référence (shared/docs/reference/standard-lieux.md §3).
Chaque problème est un `Issue` (champ, valeur, règle) ; la ligne est rejetée s'il y a au moins une erreur,
importée sans le champ fautif s'il n'y a que des avertissements.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from maillage.core.typologies import typologies_structures
from maillage.core.utils import normalize_text
from maillage.lieux import enums
from maillage.lieux.horaires import validate_horaires

ERREUR = "erreur"
AVERTISSEMENT = "avertissement"


@dataclass
class Issue:
    field: str
    value: str
    rule: str
    severity: str = ERREUR
    line: int = 0

    @property
    def short_value(self) -> str:
        v = str(self.value)
        return v if len(v) <= 80 else f"{v[:77]}… ({len(v)} caractères)"


# — Listes fermées : libellé normalisé -> valeur ASCII de l'enum —

LIST_ENUMS = {
    "services": enums.Service,
    "publics_specifiquement_adresses": enums.Public,
    "prise_en_charge_specifique": enums.PriseEnCharge,
    "frais_a_charge": enums.Frais,
    "dispositif_programmes_nationaux": enums.Dispositif,
    "formations_labels": enums.FormationLabel,
    "modalites_acces": enums.ModaliteAcces,
    "modalites_accompagnement": enums.ModaliteAccompagnement,
    "itinerance": enums.Itinerance,
}


@cache
def _exact_lookup(field: str) -> dict[str, str]:
    enum = LIST_ENUMS[field]
    return {**{label: value for value, label in enum.choices}, **{v: v for v in enum.values}}


def lookup(field: str, value: str) -> str | None:
    """Valeur de l'enum pour un libellé du standard : exact d'abord (rapide), puis sans accents ni casse."""
    return _exact_lookup(field).get(value) or label_lookup(field).get(normalize_text(value))


@cache
def label_lookup(field: str) -> dict[str, str]:
    enum = LIST_ENUMS[field]
    out = {}
    for value, label in enum.choices:
        out[normalize_text(label)] = value
        out[normalize_text(value)] = value
    if field == "formations_labels":
        out[normalize_text("Étapes numériques(La Poste)")] = (
            enums.FormationLabel.ETAPES_NUMERIQUES
        )  # coquille du schéma
    return out


# — Table v0 → v1 (référence §3) —

V0_SERVICES = {
    "Devenir autonome dans les démarches administratives": enums.Service.AIDE_DEMARCHES,
    "Réaliser des démarches administratives avec un accompagnement": enums.Service.AIDE_DEMARCHES,
    "Accompagner les démarches de santé": enums.Service.AIDE_DEMARCHES,
    "Prendre en main un smartphone ou une tablette": enums.Service.OUTILS_QUOTIDIEN,
    "Prendre en main un ordinateur": enums.Service.OUTILS_QUOTIDIEN,
    "Utiliser le numérique au quotidien": enums.Service.OUTILS_QUOTIDIEN,
    "Approfondir ma culture numérique": enums.Service.COMPREHENSION,
    "Promouvoir la citoyenneté numérique": enums.Service.COMPREHENSION,
    "Favoriser mon insertion professionnelle": enums.Service.INSERTION_PRO,
    "Créer et développer mon entreprise": enums.Service.INSERTION_PRO,
    "Accéder à une connexion internet": enums.Service.ACCES_MATERIEL,
    "Accéder à du matériel": enums.Service.ACCES_MATERIEL,
    "S'équiper en matériel informatique": enums.Service.MATERIEL_SOLIDAIRE,
    "Créer avec le numérique": enums.Service.LOISIRS_CREATION,
    "Soutenir la parentalité et l'éducation avec le numérique": enums.Service.PARENTALITE,
}
# publics_accueillis v0 -> (champ v1, valeurs) ; « Adultes » et « Handicaps psychiques » n'ont pas d'équivalent.
V0_PUBLICS = {
    "Jeunes (16-26 ans)": ("publics_specifiquement_adresses", [enums.Public.JEUNES]),
    "Familles/enfants": ("publics_specifiquement_adresses", [enums.Public.FAMILLES_ENFANTS]),
    "Seniors (+ 65 ans)": ("publics_specifiquement_adresses", [enums.Public.SENIORS]),
    "Uniquement femmes": ("publics_specifiquement_adresses", [enums.Public.FEMMES]),
    "Surdité": ("prise_en_charge_specifique", [enums.PriseEnCharge.SURDITE]),
    "Déficience visuelle": ("prise_en_charge_specifique", [enums.PriseEnCharge.DEFICIENCE_VISUELLE]),
    "Handicaps mentaux": ("prise_en_charge_specifique", [enums.PriseEnCharge.HANDICAPS_MENTAUX]),
    "Personnes en situation d'illettrisme": ("prise_en_charge_specifique", [enums.PriseEnCharge.ILLETTRISME]),
    "Public langues étrangères": (
        "prise_en_charge_specifique",
        [enums.PriseEnCharge.LANGUES_ANGLAIS, enums.PriseEnCharge.LANGUES_AUTRES],
    ),
    "Adultes": (None, []),
    "Handicaps psychiques": (None, []),
}
V0_FRAIS = {
    "Gratuit": enums.Frais.GRATUIT,
    "Gratuit sous condition": enums.Frais.GRATUIT_SOUS_CONDITION,
    "Accepte le Pass numérique": enums.Frais.GRATUIT_SOUS_CONDITION,
    "Payant": enums.Frais.PAYANT,
    "Adhésion": enums.Frais.PAYANT,
}
V0_ACCOMPAGNEMENT = {
    "Seul": enums.ModaliteAccompagnement.AUTONOMIE,
    "Avec de l'aide": enums.ModaliteAccompagnement.INDIVIDUEL,
    "A ma place": enums.ModaliteAccompagnement.INDIVIDUEL,
    "Dans un atelier": enums.ModaliteAccompagnement.ATELIER,
}
# labels_nationaux v0 -> (champ v1, valeur) ; sans équivalent -> autres_formations_labels (texte gardé).
V0_LABELS = {
    "CNFS": ("dispositif_programmes_nationaux", enums.Dispositif.CONSEILLERS_NUMERIQUES),
    "France Services": ("dispositif_programmes_nationaux", enums.Dispositif.FRANCE_SERVICES),
    "Aidants Connect": ("dispositif_programmes_nationaux", enums.Dispositif.AIDANTS_CONNECT),
    "Point numérique CAF": ("dispositif_programmes_nationaux", enums.Dispositif.POINT_CAF),
    "Point relais CAF": ("dispositif_programmes_nationaux", enums.Dispositif.POINT_CAF),
    "Grandes écoles du numérique": ("dispositif_programmes_nationaux", enums.Dispositif.GEN),
    "Fabriques de Territoire": ("formations_labels", enums.FormationLabel.FABRIQUES_TERRITOIRE),
}


def _norm_map(d: dict) -> dict:
    return {normalize_text(k): v for k, v in d.items()}


@cache
def _v0():
    return {
        "services": _norm_map(V0_SERVICES),
        "publics": _norm_map(V0_PUBLICS),
        "frais": _norm_map(V0_FRAIS),
        "accompagnement": _norm_map(V0_ACCOMPAGNEMENT),
        "labels": _norm_map(V0_LABELS),
    }


def _before_colon(value: str) -> str:
    """Les libellés v0 longs : « Gratuit : Je peux accéder… » -> « Gratuit »."""
    return value.split(" : ")[0].split(" :")[0].strip()


# — Découpage et nettoyage —

_MULTI = re.compile(r"\s*[|;]\s*")


def split_multi(value, *, allow_semicolon: bool = True) -> list[str]:
    """Liste depuis une cellule `a|b` (v1), `a;b` (v0) ou une liste JSON ; vides retirés, ordre gardé."""
    if value is None or value == "":  # la plupart des colonnes d'une ligne
        return []
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
    if len(value) > 1 and value[0] == "'" and value[1] in "=+-@\t\r":
        return value[1:]
    return value


def cell(row: dict, key: str) -> str:
    v = row.get(key)
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return undefuse(str(v).strip())


_PHONE_CHARS = re.compile(r"[\s.\-/()]")
PHONE_RE = re.compile(r"^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)(\d){6,9}$")


def normalize_phone(value: str) -> str | None:
    """« 02 41 00 00 00 » -> « +33241000000 » ; None si ce n'est pas un numéro au format du standard."""
    v = _PHONE_CHARS.sub("", value.replace("(0)", ""))
    if v.startswith("00"):
        v = "+" + v[2:]
    if re.fullmatch(r"0\d{9}", v):
        v = "+33" + v[1:]
    return v if PHONE_RE.match(v) else None


_URL = re.compile(r"^https?://[^\s<>\"]+\.[^\s<>\"]+$", re.IGNORECASE)


def normalize_url(value: str) -> str | None:
    v = value.strip()
    if v.lower().startswith("www."):
        v = "https://" + v
    return v if _URL.match(v) and len(v) <= 500 else None


_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[a-z]{2,}$", re.IGNORECASE)


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


# — Transformation d'une ligne —


@cache
def _typologies() -> tuple[dict, dict]:
    codes = typologies_structures()
    return codes, {normalize_text(k): k for k in codes}


TEXT_FIELDS = [
    "nom", "commune", "adresse", "complement_adresse", "presentation_resume", "presentation_detail", "source",
    "structure_parente",
]  # fmt: skip


def convert_row(row: dict, *, mapping: dict | None = None) -> tuple[str, dict, list[Issue], bool]:
    """Une ligne -> (identifiant à la source, champs du Lieu, problèmes, date_maj absente ?).

    Sans `mapping`, la ligne suit le standard (v1.0.2, v0, ou un mélange : clés héritées comprises).
    """
    if mapping:
        row = apply_mapping(row, mapping)
    issues: list[Issue] = []
    data: dict = {}
    source_id = cell(row, "id")
    if "__extra__" in row:
        issues.append(Issue("(ligne)", row["__extra__"], "La ligne a plus de cellules que l'en-tête n'a de colonnes."))

    for name in TEXT_FIELDS:
        data[name] = cell(row, name)
    resume = data["presentation_resume"]
    if 280 < len(resume) <= 10_000:
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
        data["presentation_resume"] = resume[:279].rstrip() + "…"
    pivot = re.sub(r"\s", "", cell(row, "pivot"))
    if pivot and not re.fullmatch(r"[a-zA-Z0-9]{9,14}", pivot):
        issues.append(Issue("pivot", pivot, "SIRET (14 chiffres) ou RNA (W + 9 caractères) attendu.", AVERTISSEMENT))
        pivot = ""
    data["pivot"] = "" if pivot == "00000000000000" else pivot

    cp = cell(row, "code_postal")
    if cp.isdigit() and len(cp) == 4:
        cp = "0" + cp
    data["code_postal"] = cp
    if cp and not re.fullmatch(r"\d{5}", cp):
        issues.append(Issue("code_postal", cp, "Le code postal doit compter 5 chiffres."))
    insee = cell(row, "code_insee").upper()
    if insee and not re.fullmatch(r"([013-9]\d|2[AB1-9])\d{3}", insee):
        issues.append(Issue("code_insee", insee, "Code INSEE invalide (5 caractères du COG).", AVERTISSEMENT))
        insee = ""
    data["code_insee"] = insee

    for required in ("nom", "adresse", "commune", "code_postal"):
        if not data[required]:
            issues.append(Issue(required, "", "Ce champ est obligatoire dans le standard."))

    # Position
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

    # Contact
    phones = [p for p in re.split(r"\s*[|;/]\s*", cell(row, "telephone")) if p]
    data["telephone"] = ""
    for p in phones:
        normalized = normalize_phone(p)
        if normalized:
            data["telephone"] = normalized
            break
    if phones and not data["telephone"]:
        issues.append(
            Issue(
                "telephone",
                cell(row, "telephone"),
                "Numéro non reconnu (format +33XXXXXXXXX) : ignoré.",
                AVERTISSEMENT,
            )
        )
    courriels = []
    for value in split_multi(row.get("courriels") or row.get("courriel")):
        for e in re.split(r"[,\s]+", value):
            if not e:
                continue
            if _EMAIL.match(e) and len(e) <= 254:
                courriels.append(e)
            elif normalize_url(e):
                # Un formulaire de contact saisi à la place du courriel : gardé comme site web.
                row = {**row, "site_web": "|".join([*split_multi(row.get("site_web")), e])}
                issues.append(
                    Issue("courriels", e, "Adresse web et non e-mail : rangée avec les sites web.", AVERTISSEMENT)
                )
            else:
                issues.append(Issue("courriels", e, "Adresse e-mail non valide : ignorée.", AVERTISSEMENT))
    data["courriels"] = courriels
    sites = []
    for s in split_multi(row.get("site_web")):
        url = normalize_url(s)
        if url:
            sites.append(url)
        else:
            issues.append(Issue("site_web", s, "Adresse web non valide : ignorée.", AVERTISSEMENT))
    data["site_web"] = sites
    for name, legacy in (("fiche_acces_libre", "accessibilite"), ("prise_rdv", None)):
        raw = cell(row, name) or (cell(row, legacy) if legacy else "")
        url = normalize_url(raw) if raw else ""
        if raw and not url:
            issues.append(Issue(name, raw, "Adresse web non valide : ignorée.", AVERTISSEMENT))
        data[name] = url or ""

    # Horaires
    horaires = cell(row, "horaires")
    if horaires:
        try:
            validate_horaires(horaires)
        except Exception as e:  # noqa: BLE001 — ValidationError : message français
            rule = e.messages[0] if hasattr(e, "messages") else str(e)
            issues.append(Issue("horaires", horaires, rule + " Horaires ignorés.", AVERTISSEMENT))
            horaires = ""
    data["horaires"] = horaires

    # Date de mise à jour
    date_absente = False
    try:
        data["date_maj"] = parse_date(cell(row, "date_maj"))
    except ValueError:
        issues.append(Issue("date_maj", cell(row, "date_maj"),
                            "Date illisible (format AAAA-MM-JJ ou JJ/MM/AAAA attendu) : la date de l'import est utilisée.",
                            AVERTISSEMENT))  # fmt: skip
        data["date_maj"] = None
    if data["date_maj"] is None:
        date_absente = True

    # Typologie (codes data·inclusion)
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

    _convert_lists(row, data, issues)
    data["autres_formations_labels"] += [
        v for v in split_multi(row.get("autres_formations_labels") or row.get("labels_autres"))
        if v not in data["autres_formations_labels"]
    ]  # fmt: skip

    # Règle de la bibliothèque ANCT : sans service, le lieu n'accueille pas de public.
    if data["services"]:
        data["modalites_acces"] = [m for m in data["modalites_acces"] if m != enums.ModaliteAcces.PAS_DE_PUBLIC]
    return source_id, data, issues, date_absente


def _add(data: dict, field: str, value: str):
    if value not in data[field]:
        data[field].append(value)


def _convert_lists(row: dict, data: dict, issues: list[Issue]):
    for field in LIST_ENUMS:
        data[field] = []
    data["autres_formations_labels"] = []
    v0 = _v0()
    # services : v1 ou v0
    for value in split_multi(row.get("services")):
        mapped = lookup("services", value) or v0["services"].get(normalize_text(value))
        if mapped:
            _add(data, "services", mapped)
        else:
            issues.append(Issue("services", value, "Valeur hors de la liste des services du standard."))
    # listes v1 directes
    for field in (
        "publics_specifiquement_adresses", "prise_en_charge_specifique", "frais_a_charge",
        "dispositif_programmes_nationaux", "formations_labels", "modalites_acces", "itinerance",
    ):  # fmt: skip
        for value in split_multi(row.get(field)):
            mapped = lookup(field, value)
            if mapped:
                _add(data, field, mapped)
            elif field == "formations_labels":
                # Liste ouverte : ce qui n'y est pas va dans « autres formations et labels ».
                data["autres_formations_labels"].append(value)
            else:
                issues.append(Issue(field, value, f"Valeur hors de la liste fermée « {field} » du standard."))
    for value in split_multi(row.get("modalites_accompagnement")):
        mapped = lookup("modalites_accompagnement", value) or v0["accompagnement"].get(
            normalize_text(_before_colon(value))
        )
        if mapped:
            _add(data, "modalites_accompagnement", mapped)
        else:
            issues.append(
                Issue("modalites_accompagnement", value, "Valeur hors de la liste des modalités d'accompagnement.")
            )
    # — clés v0 —
    for value in split_multi(row.get("publics_accueillis")):
        key = normalize_text(_before_colon(value))
        if key in v0["publics"]:
            field, values = v0["publics"][key]
            for v in values:
                _add(data, field, v)
        elif key in label_lookup("publics_specifiquement_adresses"):
            _add(data, "publics_specifiquement_adresses", label_lookup("publics_specifiquement_adresses")[key])
        elif key in label_lookup("prise_en_charge_specifique"):
            _add(data, "prise_en_charge_specifique", label_lookup("prise_en_charge_specifique")[key])
        else:
            issues.append(Issue("publics_accueillis", value, "Public v0 inconnu : ignoré.", AVERTISSEMENT))
    for value in split_multi(row.get("conditions_acces")):
        mapped = v0["frais"].get(normalize_text(_before_colon(value)))
        if mapped:
            _add(data, "frais_a_charge", mapped)
        else:
            issues.append(Issue("conditions_acces", value, "Valeur hors de la liste des conditions d'accès (v0)."))
    for value in split_multi(row.get("labels_nationaux")):
        key = normalize_text(value)
        if key in v0["labels"]:
            field, v = v0["labels"][key]
            _add(data, field, v)
        elif key in label_lookup("dispositif_programmes_nationaux"):
            _add(data, "dispositif_programmes_nationaux", label_lookup("dispositif_programmes_nationaux")[key])
        elif key in label_lookup("formations_labels"):
            _add(data, "formations_labels", label_lookup("formations_labels")[key])
        elif value not in data["autres_formations_labels"]:
            data["autres_formations_labels"].append(value)


# — Correspondance d'un export brut (format mednum-cli) —


def _matches(value: str, termes: list[str]) -> bool:
    v = normalize_text(value)
    return bool(v) and any(normalize_text(t) and normalize_text(t) in v for t in termes)


def apply_mapping(raw: dict, mapping: dict) -> dict:
    """Ligne brute -> ligne au format du standard (libellés v1), selon un fichier de correspondance :

    - `{"colonne": "X"}` : la valeur de la colonne X ;
    - `{"joindre": {"colonnes": [...], "séparateur": " "}}` : colonnes non vides jointes ;
    - `[{"colonnes": [...], "termes": [...], "cible": "Libellé"}]` : la cible est ajoutée si une des colonnes
      contient un des termes (sans accents ni casse) ; plusieurs cibles -> `a|b` ;
    - `{"osm": "X"}` : horaires déjà au format OSM ; `{"semaine": "X"}` (texte libre) n'est pas repris ;
    - `{"valeur": "…"}` (extension Maillage) : une valeur fixe pour toutes les lignes.
    Les coordonnées Lambert-93 (Maine-et-Loire : colonnes x/y) sont reconnues et converties plus loin.
    """
    out: dict = {}
    for target, rule in mapping.items():
        if target.startswith("_"):
            continue
        if isinstance(rule, list):
            targets = []
            for r in rule:
                if any(_matches(cell(raw, c), r.get("termes", [])) for c in r.get("colonnes", [])):
                    if r.get("cible") and r["cible"] not in targets:
                        targets.append(r["cible"])
            out[target] = "|".join(targets)
        elif isinstance(rule, dict):
            if "colonne" in rule:
                v = raw.get(rule["colonne"])
                out[target] = (
                    v
                    if isinstance(v, (int, float)) and target in ("latitude", "longitude")
                    else cell(raw, rule["colonne"])
                )
            elif "joindre" in rule:
                j = rule["joindre"]
                sep = j.get("séparateur", j.get("separateur", " "))
                out[target] = sep.join(cell(raw, c) for c in j.get("colonnes", []) if cell(raw, c))
            elif "osm" in rule:
                out[target] = cell(raw, rule["osm"])
            elif "valeur" in rule:
                out[target] = rule["valeur"]
    return out


def validate_mapping(mapping) -> None:
    """Lève ValueError (français) si le fichier de correspondance n'a pas la forme attendue."""
    if not isinstance(mapping, dict) or not mapping:
        raise ValueError("Le fichier de correspondance doit être un objet JSON { champ du standard : règle }.")
    if "id" not in mapping and "nom" not in mapping:
        raise ValueError("Le fichier de correspondance doit au moins indiquer les colonnes « id » et « nom ».")
    for target, rule in mapping.items():
        if isinstance(rule, list):
            if not all(isinstance(r, dict) and "colonnes" in r and "cible" in r for r in rule):
                raise ValueError(
                    f"Règle de « {target} » : chaque élément doit avoir « colonnes », « termes » et « cible »."
                )
        elif not isinstance(rule, dict):
            raise ValueError(f"Règle de « {target} » : objet ou liste attendu.")
