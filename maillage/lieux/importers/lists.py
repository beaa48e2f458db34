"""Listes fermées d'une ligne d'import : libellés du standard v1 (sans accents ni casse), anciennes valeurs v0
converties par la table v0 → v1 de `schema.py`. Une valeur inconnue d'une liste fermée est une erreur."""

from functools import cache, lru_cache

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
def _v0() -> dict[str, dict]:
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


def _add(data: dict, field: str, value: str) -> None:
    if value not in data[field]:
        data[field].append(value)


# Listes v1 lues telles quelles (libellé ou valeur du standard).
_V1_FIELDS = (
    "publics_specifiquement_adresses", "prise_en_charge_specifique", "frais_a_charge",
    "dispositif_programmes_nationaux", "formations_labels", "modalites_acces", "itinerance",
)  # fmt: skip


def convert_lists(row: dict, data: dict, issues: list[Issue]) -> None:
    """Remplit `data` avec les listes fermées de la ligne (v1 ou v0) ; les problèmes vont dans `issues`, dans
    l'ordre des colonnes ci-dessous."""
    for field in LIST_ENUMS:
        data[field] = []
    data["autres_formations_labels"] = []
    _services(row, data, issues)
    _v1_lists(row, data, issues)
    _accompagnement(row, data, issues)
    # — clés v0 —
    _v0_publics(row, data, issues)
    _v0_conditions(row, data, issues)
    _v0_labels(row, data)


def _map_service(value: str) -> str | None:
    return lookup("services", value) or _v0()["services"].get(normalize_text(value))


def _map_accompagnement(value: str) -> str | None:
    """v1, ou libellé v0 long (avant les deux-points)."""
    return lookup("modalites_accompagnement", value) or _v0()["accompagnement"].get(
        normalize_text(_before_colon(value))
    )


def _closed_values(field: str, raw) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(valeurs de l'enum reconnues dans la cellule, sans doublon, dans l'ordre ; valeurs non reconnues)."""
    if field == "services":
        mapper = _map_service
    elif field == "modalites_accompagnement":
        mapper = _map_accompagnement
    else:

        def mapper(value: str) -> str | None:
            return lookup(field, value)

    mapped, unknown = {}, []
    for value in split_multi(raw):
        m = mapper(value)
        if m:
            mapped[m] = None
        else:
            unknown.append(value)
    return tuple(mapped), tuple(unknown)


# Une même cellule revient sur des milliers de lignes (« Gratuit », « Se présenter »…) : lue une fois par texte.
_closed_cell = lru_cache(maxsize=4096)(_closed_values)


def _closed(row: dict, field: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    raw = row.get(field)
    return _closed_values(field, raw) if type(raw) is list else _closed_cell(field, raw)


def _services(row: dict, data: dict, issues: list[Issue]) -> None:
    """Services : v1 ou v0."""
    mapped, unknown = _closed(row, "services")
    data["services"] = list(mapped)
    for value in unknown:
        issues.append(Issue("services", value, "Valeur hors de la liste des services du standard."))


def _v1_lists(row: dict, data: dict, issues: list[Issue]) -> None:
    for field in _V1_FIELDS:
        mapped, unknown = _closed(row, field)
        data[field] = list(mapped)
        for value in unknown:
            if field == "formations_labels":
                # Liste ouverte : ce qui n'y est pas va dans « autres formations et labels ».
                data["autres_formations_labels"].append(value)
            else:
                issues.append(Issue(field, value, f"Valeur hors de la liste fermée « {field} » du standard."))


def _accompagnement(row: dict, data: dict, issues: list[Issue]) -> None:
    """Modalités d'accompagnement : v1, ou libellé v0 long (avant les deux-points)."""
    mapped, unknown = _closed(row, "modalites_accompagnement")
    data["modalites_accompagnement"] = list(mapped)
    for value in unknown:
        issues.append(
            Issue("modalites_accompagnement", value, "Valeur hors de la liste des modalités d'accompagnement.")
        )


def _v0_publics(row: dict, data: dict, issues: list[Issue]) -> None:
    """« publics_accueillis » (v0) : table v0 → v1, sinon un libellé v1 des publics ou des prises en charge ;
    inconnu, un avertissement (la ligne entre sans)."""
    v0 = _v0()["publics"]
    for value in split_multi(row.get("publics_accueillis")):
        key = normalize_text(_before_colon(value))
        if key in v0:
            field, values = v0[key]
            for v in values:
                _add(data, field, v)
            continue
        for field in ("publics_specifiquement_adresses", "prise_en_charge_specifique"):
            if key in label_lookup(field):
                _add(data, field, label_lookup(field)[key])
                break
        else:
            issues.append(Issue("publics_accueillis", value, "Public v0 inconnu : ignoré.", AVERTISSEMENT))


def _v0_conditions(row: dict, data: dict, issues: list[Issue]) -> None:
    """« conditions_acces » (v0) : les frais à charge."""
    v0 = _v0()["frais"]
    for value in split_multi(row.get("conditions_acces")):
        mapped = v0.get(normalize_text(_before_colon(value)))
        if mapped:
            _add(data, "frais_a_charge", mapped)
        else:
            issues.append(Issue("conditions_acces", value, "Valeur hors de la liste des conditions d'accès (v0)."))


def _v0_labels(row: dict, data: dict) -> None:
    """« labels_nationaux » (v0) : dispositifs ou formations et labels ; sinon « autres formations et labels »."""
    v0 = _v0()["labels"]
    for value in split_multi(row.get("labels_nationaux")):
        key = normalize_text(value)
        if key in v0:
            field, v = v0[key]
            _add(data, field, v)
            continue
        for field in ("dispositif_programmes_nationaux", "formations_labels"):
            if key in label_lookup(field):
                _add(data, field, label_lookup(field)[key])
                break
        else:
            if value not in data["autres_formations_labels"]:
                data["autres_formations_labels"].append(value)
