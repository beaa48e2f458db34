"""Correspondance d'un export brut vers les colonnes du standard (format des fichiers `*.config.json` de l'outil
ANCT mednum-cli, plus la règle `valeur` propre à Maillage)."""

from maillage.core.utils import normalize_text
from maillage.lieux.importers.cells import cell


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
