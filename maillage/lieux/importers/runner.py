"""Import d'un fichier de lieux : validation, rapport en français, écriture idempotente (si `wet_run`).

Règles :
- Clé naturelle : (source de l'import, identifiant à la source = colonne `id`). Une ligne sans `id` reçoit un
  identifiant stable calculé sur nom + adresse + code postal (« sans-id-… ») : réimporter le même fichier ne
  crée pas de doublon.
- Réimporter le même fichier ne change rien (aucune écriture, aucune ligne d'historique). Une ligne dont la
  `date_maj` est plus ancienne que celle du lieu en base ne l'écrase pas (« ignorée car plus ancienne »).
- Les champs gérés par la plateforme (statut, structure, vérification) ne sont jamais écrasés par un import ;
  un lieu nouveau reçoit le statut `statut` (publié par défaut : il vient d'une source officielle).
- Erreur = ligne rejetée (champ obligatoire manquant, valeur hors liste fermée, position impossible, HTML,
  texte trop long…). Avertissement = champ facultatif illisible (horaires, téléphone, URL…) : la ligne est
  importée sans ce champ. `strict=True` : une seule erreur et rien n'est écrit.
- Sans `strict`, chaque paquet de 1 000 lignes est écrit dans une transaction : une ligne est entière ou absente.
- Mémoire bornée : lecture en flux (readers.py), écriture par paquets ; seules de petites clés sont gardées pour
  les doublons (tuples) et les identifiants déjà vus.
- Doublons probables (même SIRET et adresse, ou noms très proches à moins de 100 m), entre lignes du fichier et
  avec les lieux déjà en base d'autres sources : signalés dans le rapport, jamais fusionnés.
- Périmètre (`perimetre`, voir `Perimetre`) : la coordination n'importe que sur ses territoires. Une ligne dont la
  commune est ailleurs (ou introuvable dans le référentiel, donc invérifiable) est rejetée. Un lieu déjà en base
  avec la même clé mais hors du périmètre n'est ni modifié ni doublé (la clé est unique sur toute la base) : la
  ligne est rejetée comme conflit, à la personne de choisir un autre nom de source. Sans périmètre (commande de
  l'exploitation, équipe), tout le référentiel est ouvert.
- Écriture : par `services.save_lieux_batch`, le chemin de la page de modification (même `validate_lieu`, même
  historique chaîné) ; chaque lieu écrit reçoit une ligne « Import » avec qui (actor), la source, le fichier et
  le canal.
"""

import hashlib
import io
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db import connections, transaction
from django.db.models import Q
from django.db.models.base import ModelState
from django.utils import timezone

from maillage.core.communes import CommuneIndex
from maillage.core.utils import normalize_text
from maillage.lieux import services
from maillage.lieux.enums import StatutLieu
from maillage.lieux.importers.mapping import validate_mapping
from maillage.lieux.importers.ramasse_miettes import ramasse_miettes_ralenti
from maillage.lieux.importers.readers import FileFormatError, open_rows, release
from maillage.lieux.importers.report import (
    ERREUR,
    FIELD_LABELS,
    DuplicateReport,
    ImportReport,
    Issue,
    Perimetre,
)
from maillage.lieux.importers.standard import convert_row
from maillage.lieux.models import Lieu, LieuEvent
from maillage.lieux.schema import IMPORT_FIELDS
from maillage.lieux.selectors import doublon_item, find_doublon_pairs
from maillage.lieux.services import Auteur

# Noms publics d'avant le découpage du module (page d'import, commande, tests) : ils restent importables d'ici.
__all__ = ["FIELD_LABELS", "DuplicateReport", "ImportReport", "Perimetre", "run_import"]

BATCH = 1000
MAX_DUPLICATES = 500
ANALYZE_AFTER = 1000  # lignes écrites
# Colonne du modèle pour chaque champ écrit par l'import (la commune du référentiel : sa clé, sans la lire).
_IMPORT_ATTNAMES = [(name, Lieu._meta.get_field(name).attname) for name in IMPORT_FIELDS]


def _load_mapping(mapping: dict | str | Path | BinaryIO | None) -> dict | None:
    if mapping is None or isinstance(mapping, dict):
        data = mapping
    elif isinstance(mapping, (str, Path)):
        try:
            data = json.loads(Path(mapping).read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError) as e:
            raise FileFormatError(f"Fichier de correspondance illisible : {e}.") from e
        except json.JSONDecodeError as e:
            raise FileFormatError(f"Fichier de correspondance : JSON mal formé (ligne {e.lineno}) : {e.msg}.") from e
    else:
        try:
            raw = mapping.read()
            data = json.loads(raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise FileFormatError(f"Fichier de correspondance illisible : {e}.") from e
    if data is not None:
        try:
            validate_mapping(data)
        except ValueError as e:
            raise FileFormatError(str(e)) from e
    return data


_LIEU_FIELDS = list(Lieu._meta.concrete_fields)
_PLAIN_ATTNAMES = frozenset(f.attname for f in _LIEU_FIELDS if not f.is_relation)


# Valeurs par défaut fixes (la même à chaque fois) posées d'un coup ; seules les fonctions (liste vide, UUID,
# heure) sont appelées, et seulement pour les champs que la ligne ne donne pas.
_FIXED_DEFAULTS = {f.attname: f.get_default() for f in _LIEU_FIELDS if not (f.has_default() and callable(f.default))}
_CALLABLE_DEFAULTS = [(f.attname, f.default) for f in _LIEU_FIELDS if f.has_default() and callable(f.default)]


def _new_lieu(data: dict, **extra: object) -> Lieu:
    """`Lieu(**data, **extra)` sans le coût générique de `Model.__init__` (un quart du temps de lecture d'un
    import) : mêmes valeurs, champs absents à leur valeur par défaut. Toute clé inattendue (relation, propriété…)
    repasse par le constructeur normal."""
    values = {**data, **extra}
    if not values.keys() <= _PLAIN_ATTNAMES:
        return Lieu(**values)
    lieu = Lieu.__new__(Lieu)
    lieu._state = ModelState()
    attrs = lieu.__dict__
    attrs.update(_FIXED_DEFAULTS)
    for attname, default in _CALLABLE_DEFAULTS:
        if attname not in values:
            attrs[attname] = default()
    attrs.update(values)
    return lieu


def _stable_id(data: dict) -> str:
    key = "|".join(normalize_text(data.get(k) or "") for k in ("nom", "adresse", "code_postal"))
    return "sans-id-" + hashlib.sha1(key.encode()).hexdigest()[:16]  # noqa: S324 — identifiant, pas sécurité


def run_import(
    fileobj_or_path: str | Path | BinaryIO,
    *,
    source: str,
    mapping: dict | str | Path | BinaryIO | None = None,
    wet_run: bool = False,
    strict: bool = False,
    actor: Auteur = None,
    statut: str = StatutLieu.PUBLIE,
    filename: str = "",
    perimetre: Perimetre | None = None,
    via: str = "",
) -> "ImportReport":
    """Valide (et si `wet_run`, écrit) un fichier de lieux ; ne lève jamais pour une donnée : tout va au rapport.

    `fileobj_or_path` : chemin, ou fichier binaire ouvert et seekable (ex. `UploadedFile`). `mapping` : dict,
    chemin ou fichier JSON de correspondance (export brut). `source` : nom court de la source (clé d'upsert).
    `actor` : qui importe (historique des lieux). `filename` aide à reconnaître CSV/JSON pour un fichier ouvert.
    `perimetre` : communes où l'import peut créer ou modifier des lieux (None : partout). `via` : canal
    (« web », « commande »), noté dans l'historique avec la source et le nom du fichier.
    """
    started = time.perf_counter()
    report = ImportReport(source=(source or "").strip(), wet_run=wet_run, strict=strict, perimetre=perimetre)
    if not report.source or len(report.source) > 100:
        report.fatal = (
            "Indiquez un nom de source (100 caractères au plus) : il sert à reconnaître les lieux déjà importés."
        )
        return report
    try:
        mapping_data = _load_mapping(mapping)
    except FileFormatError as e:
        report.fatal = str(e)
        return report
    close = False
    if isinstance(fileobj_or_path, (str, Path)):
        try:
            fh = open(fileobj_or_path, "rb")  # noqa: SIM115 — fermé dans finally
        except OSError as e:
            report.fatal = f"Impossible d'ouvrir le fichier : {e.strerror or e}."
            return report
        filename = filename or str(fileobj_or_path)
        close = True
    else:
        fh = fileobj_or_path
        filename = filename or getattr(fh, "name", "") or ""
        if not hasattr(fh, "seek"):
            fh = io.BytesIO(fh.read())
    trace = {"source": report.source, "fichier": Path(filename).name[:200] if filename else ""}
    if via:
        trace["via"] = via
    ecriture = _Ecriture(mapping=mapping_data, actor=actor, statut=statut, trace=trace)
    try:
        with ramasse_miettes_ralenti():
            if strict and wet_run:
                with transaction.atomic():
                    _run(fh, filename, report, ecriture)
                    if not report.ok:
                        transaction.set_rollback(True)
                        report.written = False
            else:
                _run(fh, filename, report, ecriture)
        if report.written and report.created + report.updated >= ANALYZE_AFTER:
            # Après un gros import, les statistiques du planificateur sont fausses (PostgreSQL estimait 21 lieux
            # publiés sur 50 000) : on les refait tout de suite plutôt que d'attendre l'autovacuum.
            _analyze()
    finally:
        if close:
            fh.close()
    report.seconds = round(time.perf_counter() - started, 3)
    return report


# Colonnes dont le planificateur a besoin (filtres et tris de la recherche, de la gestion, de l'import). Sur
# PostgreSQL, ANALYZE de ces seules colonnes : 0,27 s au lieu de 0,85 s sur 50 000 lieux (les textes longs et les
# listes JSON, jamais filtrés, coûtent le plus) ; l'autovacuum fera les autres plus tard.
ANALYZE_FIELDS = [
    "statut", "latitude", "longitude", "source_import", "source_id", "code_insee", "commune_ref", "structure",
    "search_text", "filtres", "horaires", "fiche_acces_libre", "date_maj", "verified_at",
]  # fmt: skip


def _analyze() -> None:
    connection = connections[Lieu.objects.db]
    table = connection.ops.quote_name(Lieu._meta.db_table)
    if connection.vendor == "postgresql":
        columns = ", ".join(connection.ops.quote_name(Lieu._meta.get_field(f).column) for f in ANALYZE_FIELDS)
        sql = f"ANALYZE {table} ({columns})"
    else:
        sql = f"ANALYZE {table}"
    with connection.cursor() as cursor:
        cursor.execute(sql)


@dataclass(frozen=True, slots=True)
class _Ecriture:
    """Ce qui vaut pour toutes les lignes d'un import : correspondance des colonnes, auteur, statut des lieux
    créés, trace écrite dans leur historique. Un seul objet passé de `_run` à `_process` puis à `_flush`."""

    mapping: dict | None
    actor: Auteur
    statut: str
    trace: dict


def _run(fh: BinaryIO, filename: str, report: ImportReport, ecriture: _Ecriture) -> None:
    info = None
    try:
        info, rows = open_rows(fh, filename)
        report.file = info
        _process(rows, report, ecriture)
    except FileFormatError as e:
        report.fatal = str(e)
        if report.strict or not report.wet_run:
            report.written = False
    except UnicodeDecodeError:
        report.fatal = "Encodage du fichier non reconnu : enregistrez-le en UTF-8 et réessayez."
    finally:
        if info is not None:
            release(info)


def _outside_perimetre(lieu: Lieu, code: str | None, perimetre: Perimetre) -> Issue | None:
    """Erreur si la commune de la ligne n'est pas dans le périmètre de la personne qui importe."""
    where = f"{lieu.commune} ({lieu.code_postal})".strip()
    if code is None:
        return Issue(
            "commune",
            where,
            f"Commune introuvable dans le référentiel : impossible de vérifier que ce lieu est dans votre territoire "
            f"({perimetre.nom}). Indiquez son code INSEE.",
        )
    if code not in perimetre.communes:
        return Issue(
            "commune", where, f"Ce lieu est hors de votre territoire ({perimetre.nom}) : il n'est pas importé."
        )
    return None


def _process(rows: Iterable[tuple[int, dict]], report: ImportReport, ecriture: _Ecriture) -> None:
    communes = CommuneIndex()
    seen: dict[str, int] = {}
    dup_items: list[tuple] = []
    batch: list[tuple[int, Lieu, bool]] = []
    today = timezone.localdate()
    for line, row in rows:
        report.rows += 1
        lieu, date_absente = _check_line(line, row, report, ecriture.mapping, communes, seen, today)
        if lieu is None:
            continue
        seen[lieu.source_id] = line
        dup_items.append(doublon_item(("f", line), lieu.nom, lieu.pivot, lieu.adresse, lieu.code_postal,
                                      lieu.latitude, lieu.longitude))  # fmt: skip
        batch.append((line, lieu, date_absente))
        if len(batch) >= BATCH:
            _flush(batch, report, communes, ecriture)
            batch = []
    if batch:
        _flush(batch, report, communes, ecriture)
    _report_duplicates(report, dup_items)


def _check_line(
    line: int,
    row: dict,
    report: ImportReport,
    mapping: dict | None,
    communes: CommuneIndex,
    seen: dict[str, int],
    today: date,
) -> tuple[Lieu | None, bool]:
    """(lieu prêt à écrire, date_maj absente ?) pour une ligne du fichier ; (None, False) si elle est rejetée.
    Ses problèmes vont au rapport, avec son numéro."""
    try:
        source_id, data, issues, date_absente = convert_row(row, mapping=mapping)
    except Exception as e:  # noqa: BLE001 — une ligne inattendue ne doit pas arrêter l'import
        report.rejected += 1
        report.add_issue(Issue("(ligne)", "", f"Ligne illisible ({type(e).__name__}).", ERREUR, line))
        return None, False
    lieu = _build_lieu(source_id, data, issues, report, seen, today)
    _validate(lieu, issues)
    has_error = any(i.severity == ERREUR for i in issues)
    if not has_error and report.perimetre is not None:
        outside = _outside_perimetre(
            lieu, communes.resolve(lieu.code_insee, lieu.code_postal, lieu.commune), report.perimetre
        )
        if outside is not None:
            issues.append(outside)
            has_error = True
    for i in issues:
        i.line = line
        report.add_issue(i)
    if has_error:
        report.rejected += 1
        return None, False
    return lieu, date_absente


def _build_lieu(
    source_id: str, data: dict, issues: list[Issue], report: ImportReport, seen: dict[str, int], today: date
) -> Lieu:
    """Le lieu de la ligne : identifiant stable s'il manque (signalé s'il est trop long ou déjà vu), date du
    jour si la ligne n'en a pas, nom de la source de l'import si la colonne `source` est vide."""
    if not source_id:
        source_id = _stable_id(data)
    if len(source_id) > 255:
        issues.append(Issue("id", source_id, "Identifiant trop long (255 caractères au plus)."))
    elif source_id in seen:
        issues.append(Issue("id", source_id, f"Identifiant déjà utilisé {report.file.unit} {seen[source_id]}."))
    if data.get("date_maj") is None:
        data["date_maj"] = today
    lieu = _new_lieu(data, source_import=report.source, source_id=source_id[:255])
    if not data.get("source"):
        lieu.source = report.source[:200]
    return lieu


def _validate(lieu: Lieu, issues: list[Issue]) -> None:
    """La même validation que la page de modification ; un champ déjà en erreur n'est pas cité deux fois."""
    try:
        services.validate_lieu(lieu)
    except ValidationError as e:
        for name, messages in e.message_dict.items():
            value = getattr(lieu, name, "") if name != "__all__" else ""
            for m in messages:
                if not any(i.field == name and i.severity == ERREUR for i in issues):
                    issues.append(Issue(name, value if value is not None else "", m))


def _flush(
    batch: list[tuple[int, Lieu, bool]], report: ImportReport, communes: CommuneIndex, ecriture: _Ecriture
) -> None:
    """Décide, pour un paquet de lignes validées, ce qui est nouveau, modifié, inchangé ou plus ancien, puis
    l'écrit par `services.save_lieux_batch` (le chemin d'écriture de la page de modification)."""
    ids = [lieu.source_id for _, lieu, _ in batch]
    existing = {lieu.source_id: lieu for lieu in Lieu.objects.filter(source_import=report.source, source_id__in=ids)}
    perimetre = report.perimetre
    to_create, to_update = [], []
    for line, lieu, date_absente in batch:
        old = existing.get(lieu.source_id)
        if old is not None and perimetre is not None and old.commune_ref_id not in perimetre.communes:
            # Même clé qu'un lieu que la personne ne peut pas modifier : ni écrasé, ni doublé (clé unique).
            report.rejected += 1
            report.add_issue(
                Issue(
                    "id",
                    lieu.source_id,
                    f"Un lieu hors de votre territoire ({perimetre.nom}) porte déjà cet identifiant pour la source "
                    f"« {report.source} » : il n'est pas modifié. Importez sous un autre nom de source.",
                    ERREUR,
                    line,
                )
            )
            continue
        code = communes.resolve(lieu.code_insee, lieu.code_postal, lieu.commune)
        if code:
            lieu.commune_ref_id = code
            if not lieu.code_insee:
                lieu.code_insee = code
            if lieu.latitude is None:
                lat, lon = communes.by_insee[code]
                if lat is not None:
                    lieu.latitude, lieu.longitude = lat, lon
                    lieu.position_approximative = True
        if old is None:
            lieu.statut = ecriture.statut
            to_create.append(lieu)
            continue
        if date_absente:
            lieu.date_maj = old.date_maj
        if old.date_maj and lieu.date_maj < old.date_maj:
            report.skipped_older += 1
            continue
        if all(getattr(old, attname) == getattr(lieu, attname) for _, attname in _IMPORT_ATTNAMES):
            report.unchanged += 1  # le cas courant d'un réimport : rien à préparer pour le service
            continue
        changes = services.apply_changes(old, {name: getattr(lieu, attname) for name, attname in _IMPORT_ATTNAMES})
        to_update.append((old, changes))
    report.created += len(to_create)
    report.updated += len(to_update)
    if not report.wet_run or not (to_create or to_update):
        return
    # Chaque ligne est déjà passée par `services.validate_lieu` (dans `_process`, pour le rapport).
    services.save_lieux_batch(
        created=to_create, updated=to_update, by=ecriture.actor, created_event=LieuEvent.IMPORTED,
        updated_event=LieuEvent.IMPORTED, details=ecriture.trace, validated=True,
    )  # fmt: skip
    report.written = True


def _report_duplicates(report: ImportReport, file_items: list[tuple]) -> None:
    """Doublons probables impliquant au moins une ligne du fichier (entre elles, ou avec un lieu d'une autre
    source déjà en base)."""
    db_lieux = Lieu.objects.exclude(statut=StatutLieu.FERME).exclude(source_import=report.source)
    if report.perimetre is not None:
        # Les brouillons d'un autre territoire ne regardent pas la personne qui importe : on ne cite que les lieux
        # publiés (visibles de tous) et ceux de son territoire.
        db_lieux = db_lieux.filter(
            Q(statut=StatutLieu.PUBLIE) | Q(commune_ref_id__in=report.perimetre.communes_subquery())
        )
    db_rows = db_lieux.values_list("pk", "nom", "pivot", "adresse", "code_postal", "latitude", "longitude")
    db_items = [doublon_item(("db", pk), *rest) for pk, *rest in db_rows.iterator(chunk_size=5000)]
    pairs = find_doublon_pairs(file_items + db_items, only_keys=lambda k: k[0] == "f")
    report.duplicates_count = len(pairs)
    if not pairs:
        return
    shown = pairs[:MAX_DUPLICATES]
    db_ids = {k[1] for a, b, _, _ in shown for k in (a, b) if k[0] == "db"}
    names = {
        pk: f"{nom} ({commune})"
        for pk, nom, commune in Lieu.objects.filter(pk__in=db_ids).values_list("pk", "nom", "commune")
    }

    def label(key: tuple) -> str:
        return f"{report.file.unit} {key[1]}" if key[0] == "f" else f"lieu existant « {names.get(key[1], key[1])} »"

    report.duplicates = [DuplicateReport(label(a), label(b), raison) for a, b, raison, _ in shown]
