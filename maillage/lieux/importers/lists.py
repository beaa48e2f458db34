"""Listes fermées d'une ligne d'import : libellés du standard v1 (sans accents ni casse), anciennes valeurs v0
converties par la table v0 → v1 de `schema.py`. Une valeur inconnue d'une liste fermée est une erreur."""

from functools import cache

from maillage.core.utils import normalize_text
from maillage.lieux.importers.cells import split_multi
from maillage.lieux.importers.report import AVERTISSEMENT, Issue
from maillage.lieux.schema import (
    LIST_ENUMS,
    SCHEMA_SPELLING,
    V0_ACCOMPAGNEMENT,
    V0_FRAIS,
    V0_LABELS,
    V0_PUBLICS,
    V0_SERVICES,
)


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
    for value, spelling in SCHEMA_SPELLING.items():  # graphie du schéma (coquille), acceptée aussi
        if value in enum.values:
            out[normalize_text(spelling)] = value
    return out


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


def _add(data: dict, field: str, value: str):
    if value not in data[field]:
        data[field].append(value)


def convert_lists(row: dict, data: dict, issues: list[Issue]):
    """Remplit `data` avec les listes fermées de la ligne (v1 ou v0) ; les problèmes vont dans `issues`."""
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
