"""Export des lieux publiés : CSV au standard v1.0.2, JSON (même clés, façon fichiers ANCT), GeoJSON,
data·inclusion v1 (structure + service par lieu). Tout est produit en flux (générateurs de texte) : la mémoire
ne dépend pas du nombre de lieux.

CSV :
- les 32 colonnes du schéma, dans son ordre, chaque cellule entre guillemets, UTF-8 sans BOM, séparateur `,`,
  multi-valeurs jointes par `|`, `date_maj` en AAAA-MM-JJ ; `id` = identifiant public (UUID) du lieu, unique
  quelle que soit la source ; `pivot` inconnu = `00000000000000` (usage ANCT : le champ est obligatoire).
- « Étapes numériques (La Poste) » est écrit `Étapes numériques(La Poste)` : c'est la graphie que la regex du
  schéma v1.0.2 accepte (l'import accepte les deux), pour que le fichier reste valide.
- Protection contre les formules de tableur (CSV injection) : une cellule qui commence par `=`, `+`, `-`, `@`,
  tabulation ou retour chariot est précédée d'une apostrophe `'` (recommandation OWASP), ce qui la fait lire
  comme du texte par Excel/LibreOffice. Exceptions, qui gardent le fichier valide et ne peuvent pas être des
  formules : `latitude`/`longitude` (nombres écrits par nous, ex. `-0.55`) et `telephone` conforme au motif du
  schéma (`+33` suivi de chiffres seulement : au pire un nombre). Aucun champ à motif du schéma ne peut commencer
  par ces caractères, donc le fichier reste valide. L'import retire cette apostrophe (aller-retour sans perte).
"""

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator

from django.db.models import F

from maillage.lieux import enums
from maillage.lieux.models import Lieu
from maillage.lieux.schema import (
    INSEE_RE,
    LIST_ENUMS,
    PHONE_RE,
    PIVOT_INCONNU,
    PIVOT_RE,
    SCHEMA_SPELLING,
    STANDARD_FIELDS,
)
from maillage.lieux.selectors.index import ZONE_A_DISTANCE, ZONE_FRANCE

# Le schéma (colonnes, ordre, listes fermées, motifs) vient de schema.py ; ces noms restent pour les appelants.
SCHEMA_FIELDS = STANDARD_FIELDS
ENUM_FIELDS = LIST_ENUMS
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "json", "geojson", "data-inclusion")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "geojson": "application/geo+json",
    "data-inclusion": "application/json",
}


def export_queryset(queryset=None):
    """Lieux exportés : publiés seulement, ordre stable."""
    qs = queryset if queryset is not None else Lieu.objects.all()
    return qs.published().order_by("pk")


# Libellés calculés une fois : `Enum.choices` reconstruit une liste à chaque appel (coûteux sur 50 000 lieux).
_LABELS = {field: {v: SCHEMA_SPELLING.get(v, lbl) for v, lbl in enum.choices} for field, enum in ENUM_FIELDS.items()}


def _labels(field: str, values: list[str]) -> list[str]:
    labels = _LABELS[field]
    return [labels[v] for v in values if v in labels]


def _num(value: float | None) -> str:
    return "" if value is None else repr(round(float(value), 7))


def lieu_to_standard(lieu: Lieu) -> dict[str, str]:
    """Les 32 champs du standard, en texte (valeurs multiples jointes par `|`)."""
    pivot = (lieu.pivot or "").replace(" ", "")
    phone = lieu.telephone if PHONE_RE.match(lieu.telephone or "") else ""
    row = {
        "id": str(lieu.public_id),
        "pivot": pivot if PIVOT_RE.match(pivot) else PIVOT_INCONNU,
        "nom": lieu.nom,
        "commune": lieu.commune,
        "code_postal": lieu.code_postal,
        "code_insee": lieu.code_insee if INSEE_RE.match(lieu.code_insee or "") else "",
        "adresse": lieu.adresse,
        "complement_adresse": lieu.complement_adresse,
        "latitude": _num(lieu.latitude),
        "longitude": _num(lieu.longitude),
        "typologie": "|".join(lieu.typologie or []),
        "telephone": phone,
        "courriels": "|".join(lieu.courriels or []),
        "site_web": "|".join(lieu.site_web or []),
        "horaires": lieu.horaires,
        "presentation_resume": lieu.presentation_resume,
        "presentation_detail": lieu.presentation_detail,
        "source": lieu.source,
        "structure_parente": lieu.structure_parente,
        "date_maj": lieu.date_maj.isoformat() if lieu.date_maj else "",
        "autres_formations_labels": "|".join(lieu.autres_formations_labels or []),
        "fiche_acces_libre": lieu.fiche_acces_libre,
        "prise_rdv": lieu.prise_rdv,
    }
    for field in ENUM_FIELDS:
        row[field] = "|".join(_labels(field, getattr(lieu, field) or []))
    return {k: (row[k] or "") for k in SCHEMA_FIELDS}


def defuse_cell(field: str, value: str) -> str:
    """Neutralise une cellule qui serait lue comme une formule par un tableur (voir le docstring du module)."""
    if not value or not value.startswith(FORMULA_START):
        return value
    if field in ("latitude", "longitude"):
        return value
    if field == "telephone" and PHONE_RE.match(value):
        return value
    return "'" + value


class _Echo:
    def write(self, value):
        return value


def stream_csv(queryset=None) -> Iterator[str]:
    """Le CSV du standard, ligne par ligne (pour StreamingHttpResponse ou un fichier)."""
    writer = csv.writer(_Echo(), quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    yield writer.writerow(SCHEMA_FIELDS)
    for lieu in export_queryset(queryset).iterator(chunk_size=2000):
        row = lieu_to_standard(lieu)
        yield writer.writerow([defuse_cell(k, row[k]) for k in SCHEMA_FIELDS])


def _json_obj(lieu: Lieu) -> dict:
    row = lieu_to_standard(lieu)
    obj = {k: v for k, v in row.items() if v != ""}
    for k in ("latitude", "longitude"):
        if k in obj:
            obj[k] = float(obj[k])
    return obj


def _stream_array(items: Iterable[dict], head: str = "[", tail: str = "]") -> Iterator[str]:
    yield head
    first = True
    buf = []
    for obj in items:
        buf.append(("" if first else ",\n") + json.dumps(obj, ensure_ascii=False))
        first = False
        if len(buf) >= 500:
            yield "".join(buf)
            buf = []
    if buf:
        yield "".join(buf)
    yield tail


def stream_json(queryset=None) -> Iterator[str]:
    """Tableau JSON d'objets aux clés du standard (valeurs multiples jointes par `|`, champs vides omis),
    comme les fichiers publiés par l'ANCT : réimportable tel quel."""
    return _stream_array(_json_obj(lieu) for lieu in export_queryset(queryset).iterator(chunk_size=2000))


def stream_geojson(queryset=None) -> Iterator[str]:
    """FeatureCollection : un point par lieu positionné, propriétés = champs du standard."""

    def features():
        for lieu in export_queryset(queryset).filter(latitude__isnull=False).iterator(chunk_size=2000):
            props = _json_obj(lieu)
            props.pop("latitude", None)
            props.pop("longitude", None)
            yield {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lieu.longitude, lieu.latitude]},
                "properties": props,
            }

    return _stream_array(features(), head='{"type": "FeatureCollection", "features": [', tail="]}")


# — data·inclusion v1 (correspondance officielle gip-inclusion/data-inclusion, référence §4.3) —

DI_THEMATIQUES = {
    enums.Service.ACCES_MATERIEL: ["numerique--acceder-a-une-connexion-internet", "numerique--acquerir-un-equipement"],
    enums.Service.MATERIEL_SOLIDAIRE: ["numerique--acquerir-un-equipement"],
    enums.Service.AIDE_DEMARCHES: [
        "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
        "numerique--acceder-a-des-services-en-ligne",
    ],
    enums.Service.COMPREHENSION: ["numerique--maitriser-les-fondamentaux-du-numerique"],
    enums.Service.INSERTION_PRO: [
        "preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi",
        "numerique--maitriser-les-fondamentaux-du-numerique",
    ],
    enums.Service.LOISIRS_CREATION: [
        "remobilisation--activites-sportives-et-culturelles",
        "numerique--maitriser-les-fondamentaux-du-numerique",
    ],
    enums.Service.OUTILS_QUOTIDIEN: [
        "numerique--maitriser-les-fondamentaux-du-numerique",
        "numerique--acceder-a-des-services-en-ligne",
    ],
    enums.Service.PARENTALITE: [
        "famille--soutien-a-la-parentalite-et-a-leducation",
        "numerique--maitriser-les-fondamentaux-du-numerique",
    ],
    enums.Service.USAGE_SECURISE: ["numerique--maitriser-les-fondamentaux-du-numerique"],
}
DI_PUBLICS = {
    enums.Public.ETUDIANTS: "etudiants",
    enums.Public.FAMILLES_ENFANTS: "familles",
    enums.Public.FEMMES: "femmes",
    enums.Public.JEUNES: "jeunes",
    enums.Public.SENIORS: "seniors",
    enums.PriseEnCharge.DEFICIENCE_VISUELLE: "personnes-en-situation-de-handicap",
    enums.PriseEnCharge.HANDICAPS_MENTAUX: "personnes-en-situation-de-handicap",
    enums.PriseEnCharge.HANDICAPS_MOTEURS: "personnes-en-situation-de-handicap",
    enums.PriseEnCharge.SURDITE: "personnes-en-situation-de-handicap",
    enums.PriseEnCharge.LANGUES_ANGLAIS: "personnes-exilees",
    enums.PriseEnCharge.LANGUES_AUTRES: "personnes-exilees",
}
DI_MOBILISATION = {
    enums.ModaliteAcces.MAIL: "envoyer-un-courriel",
    enums.ModaliteAcces.FICHE_PRESCRIPTION: "envoyer-un-courriel",
    enums.ModaliteAcces.RDV_EN_LIGNE: "utiliser-lien-mobilisation",
    enums.ModaliteAcces.SE_PRESENTER: "se-presenter",
    enums.ModaliteAcces.TELEPHONER: "telephoner",
}
DI_RESEAUX = {
    enums.Dispositif.AIDANTS_CONNECT: "aidants-connect",
    enums.Dispositif.CONSEILLERS_NUMERIQUES: "conseillers-numeriques",
    enums.Dispositif.FRANCE_SERVICES: "france-service",
    enums.Dispositif.GEN: "grandes-ecoles-du-numerique",
    enums.Dispositif.CROIX_ROUGE: "croix-rouge",
}


def _uniq(values):
    out = []
    for v in values:
        if v not in out:
            out.append(v)
    return out


def lieu_to_data_inclusion(lieu: Lieu, *, source: str = "maillage") -> dict:
    """Une structure et un service data·inclusion v1 pour un lieu."""
    ident = f"{source}--{lieu.public_id}"
    siret = lieu.pivot if re.fullmatch(r"\d{14}", lieu.pivot or "") and lieu.pivot != PIVOT_INCONNU else None
    services_labels = [enums.Service(s).label for s in lieu.services if s in enums.Service.values]
    description = lieu.presentation_detail or lieu.presentation_resume or ", ".join(services_labels)
    if len(description) < 5:
        description = "Service d'accompagnement au numérique"
    address = {
        "commune": lieu.commune,
        "code_postal": lieu.code_postal,
        "code_insee": lieu.code_insee or None,
        "adresse": lieu.adresse,
        "complement_adresse": lieu.complement_adresse or None,
        "latitude": lieu.latitude,
        "longitude": lieu.longitude,
    }
    structure = {
        "source": source,
        "id": ident,
        "nom": lieu.nom.rstrip("."),
        "date_maj": lieu.date_maj.isoformat(),
        "description": description[:10000],
        "siret": siret,
        **address,
        "telephone": lieu.telephone or None,
        "courriel": (lieu.courriels or [None])[0],
        "site_web": (lieu.site_web or [None])[0],
        "horaires_accueil": lieu.horaires or None,
        "accessibilite_lieu": lieu.fiche_acces_libre or None,
        "reseaux_porteurs": _uniq(DI_RESEAUX[d] for d in lieu.dispositif_programmes_nationaux if d in DI_RESEAUX),
    }
    types = [
        t
        for m, t in (
            (enums.ModaliteAccompagnement.AUTONOMIE, "aide-materielle"),
            (enums.ModaliteAccompagnement.ATELIER, "atelier"),
            (enums.ModaliteAccompagnement.INDIVIDUEL, "accompagnement"),
        )
        if m in lieu.modalites_accompagnement
    ]
    frais = lieu.frais_a_charge
    publics = _uniq(
        DI_PUBLICS[v]
        for v in [*lieu.publics_specifiquement_adresses, *lieu.prise_en_charge_specifique]
        if v in DI_PUBLICS
    )
    mobilisation = _uniq(DI_MOBILISATION[m] for m in lieu.modalites_acces if m in DI_MOBILISATION)
    if not mobilisation:
        mobilisation = _uniq(
            [
                *(["telephoner"] if lieu.telephone else []),
                *(["envoyer-un-courriel"] if lieu.courriels else []),
                *(["utiliser-lien-mobilisation"] if lieu.prise_rdv else []),
            ]
        )
    service = {
        "source": source,
        "id": ident,
        "structure_id": ident,
        "nom": "Service d'accompagnement au numérique",
        "description": structure["description"],
        "date_maj": structure["date_maj"],
        "type": types[0] if types else None,
        "thematiques": _uniq(t for s in lieu.services for t in DI_THEMATIQUES.get(s, [])),
        "frais": (
            "gratuit"
            if {enums.Frais.GRATUIT, enums.Frais.GRATUIT_SOUS_CONDITION} & set(frais)
            else ("payant" if enums.Frais.PAYANT in frais else None)
        ),
        "publics": publics or ["tous-publics"],
        "publics_precisions": ", ".join(
            [
                *(enums.Public(p).label for p in lieu.publics_specifiquement_adresses if p in enums.Public.values),
                *(
                    enums.PriseEnCharge(p).label
                    for p in lieu.prise_en_charge_specifique
                    if p in enums.PriseEnCharge.values
                ),
            ]
        )
        or None,
        **address,
        "telephone": structure["telephone"],
        "courriel": structure["courriel"],
        "modes_accueil": (
            ["a-distance", "en-presentiel"]
            if enums.ModaliteAccompagnement.A_DISTANCE in lieu.modalites_accompagnement
            else ["en-presentiel"]
        ),
        "zone_eligibilite": _zone_eligibilite(lieu),
        "lien_mobilisation": lieu.prise_rdv or None,
        "modes_mobilisation": mobilisation,
        "mobilisable_par": ["usagers", "professionnels"],
        "horaires_accueil": structure["horaires_accueil"],
    }
    return {"structure": structure, "service": service}


def _zone_eligibilite(lieu: Lieu) -> list[str] | None:
    """« france » pour un lieu que l'annuaire déclare aider à distance toute la France (annotation `zone_annuaire`),
    sinon son département."""
    if (getattr(lieu, "zone_annuaire", None) == ZONE_FRANCE
            and enums.ModaliteAccompagnement.A_DISTANCE in lieu.modalites_accompagnement):  # fmt: skip
        return ["france"]
    if not lieu.code_insee:
        return None
    return [lieu.code_insee[:3] if lieu.code_insee.startswith("97") else lieu.code_insee[:2]]


def stream_data_inclusion(queryset=None) -> Iterator[str]:
    """`{"structures": [...], "services": [...]}` au schéma data·inclusion v1 (deux passes sur la base)."""
    yield from _stream_array(
        (lieu_to_data_inclusion(lieu)["structure"] for lieu in export_queryset(queryset).iterator(chunk_size=2000)),
        head='{"structures": [',
        tail="],\n",
    )
    yield from _stream_array(
        (
            lieu_to_data_inclusion(lieu)["service"]
            for lieu in export_queryset(queryset).annotate(zone_annuaire=F(ZONE_A_DISTANCE)).iterator(chunk_size=2000)
        ),
        head='"services": [',
        tail="]}",
    )


def stream(fmt: str, queryset=None) -> Iterator[str]:
    """Le flux texte d'un format parmi FORMATS."""
    return {
        "csv": stream_csv,
        "json": stream_json,
        "geojson": stream_geojson,
        "data-inclusion": stream_data_inclusion,
    }[fmt](queryset)


def write_export(fmt: str, out: io.TextIOBase, queryset=None) -> None:
    for chunk in stream(fmt, queryset):
        out.write(chunk)
