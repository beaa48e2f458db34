"""Écritures métier sur les lieux. Pages, API, imports et admin passent tous par ici.

Chaque écriture valide le lieu (`validate_lieu` : obligatoires, longueurs, listes fermées, horaires OSM, pas de
HTML) et écrit une ligne de `LieuHistorique` (qui, quand, quoi : pour une modification, les champs changés avec
l'ancienne et la nouvelle valeur). La page de modification et l'import écrivent par le même chemin,
`save_lieux_batch` : un lieu pour la page, des paquets de mille pour l'import. La permission a déjà été vérifiée
par l'appelant (vue, API, commande).
"""

from collections.abc import Callable, Iterable
from datetime import date, datetime
from operator import attrgetter
from types import SimpleNamespace

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone

from maillage.comptes.models import User
from maillage.core.journal import chain_objects
from maillage.lieux import bulk
from maillage.lieux.enums import StatutLieu
from maillage.lieux.models import Arret, Lieu, LieuEvent, LieuHistorique
from maillage.lieux.schema import EDITABLE_FIELDS, LIST_FIELDS, URL_FIELDS

__all__ = [
    "EDITABLE_FIELDS", "apply_changes", "create_lieu", "merge_lieux", "replace_arrets", "save_lieux_batch",
    "set_statut", "update_lieu", "validate_lieu", "verify_lieu",
]  # fmt: skip


#: Qui écrit : une personne ; personne (None) pour une commande, la démo ou un import sans compte.
Auteur = User | AnonymousUser | None


def _jsonable(value: object) -> object:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def _check_fields(data: dict) -> None:
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"Champ(s) non modifiable(s) : {', '.join(sorted(unknown))}.")


def _log(lieu: Lieu, event: str, by: Auteur, details: dict | None = None) -> LieuHistorique:
    actor = by if (by is not None and getattr(by, "is_authenticated", False)) else None
    return LieuHistorique.objects.create(lieu=lieu, actor=actor, event=event, details=details or {})


# — Validation : une seule fonction, pour la page de modification comme pour chaque ligne d'un import —

_FIELDS = {f.name: f for f in Lieu._meta.concrete_fields}
_MAX_LENGTHS = [
    (f.name, f.max_length) for f in _FIELDS.values() if getattr(f, "max_length", None) and not f.is_relation
]
_REQUIRED = [
    f.name for f in _FIELDS.values()
    if not f.blank and f.editable and not f.is_relation and not f.primary_key and not f.has_default()
]  # fmt: skip
_is_url = URLValidator()
_STATUTS = frozenset(StatutLieu.values)  # `values` recalcule une liste à chaque appel (un tiers de la validation)
_RELATIONS = {f.name: f.attname for f in _FIELDS.values() if f.is_relation}


def _getter(names: list[str]) -> Callable[[object], tuple]:
    """Les valeurs de ces champs d'un coup (`attrgetter`, en C), toujours en tuple."""
    get = attrgetter(*names)
    return get if len(names) > 1 else lambda obj: (get(obj),)


_required_values = _getter(_REQUIRED)
_max_length_values = _getter([name for name, _ in _MAX_LENGTHS])


def validate_lieu(lieu: Lieu) -> None:
    """Lève `ValidationError` (dict champ -> messages en français) si le lieu ne peut pas être écrit.

    Ce que `full_clean()` vérifierait pour les champs que les services écrivent (obligatoires, longueurs, adresses
    web, statut), plus les règles du standard de `Lieu.clean()` (listes fermées, horaires OSM, HTML, position).
    Sans les requêtes de `full_clean()` (unicité, contraintes) : l'unicité de la clé de source est vérifiée par
    paquet dans `save_lieux_batch`, la position par `Lieu.clean()`. C'est la même fonction pour la page et
    pour l'import : un même défaut donne le même message."""
    errors: dict[str, list[str]] = {}
    for name, value in zip(_REQUIRED, _required_values(lieu), strict=True):
        if value is None or value == "":
            errors[name] = [str(_FIELDS[name].error_messages["blank"])]
    for (name, max_length), value in zip(_MAX_LENGTHS, _max_length_values(lieu), strict=True):
        if isinstance(value, str) and len(value) > max_length:
            errors[name] = [
                f"Assurez-vous que cette valeur comporte au plus {max_length} caractères (actuellement {len(value)})."
            ]
    for name in URL_FIELDS:
        value = getattr(lieu, name)
        if value and name not in errors:
            try:
                _is_url(value)
            except ValidationError as e:
                errors[name] = e.messages
    if lieu.statut not in _STATUTS:
        errors["statut"] = [f"Statut inconnu : {lieu.statut}."]
    try:
        lieu.clean()
    except ValidationError as e:
        for name, messages in e.message_dict.items():
            errors.setdefault(name, []).extend(m for m in messages if m not in errors.get(name, []))
    if errors:
        raise ValidationError(errors)


def apply_changes(lieu: Lieu, data: dict) -> dict[str, list]:
    """Pose `data` sur `lieu` et renvoie les champs réellement changés : `{champ: [avant, après]}` (valeurs JSON ;
    une relation par sa clé, sans lire l'objet lié). C'est le contenu de la ligne d'historique."""
    changes = {}
    for name, value in data.items():
        attname = _RELATIONS.get(name)
        if attname is not None:
            key = value.pk if hasattr(value, "pk") else value
            old_key = getattr(lieu, attname)
            if old_key != key:
                changes[name] = [old_key, key]
                setattr(lieu, name if value is None or hasattr(value, "pk") else attname, value)
            continue
        old = getattr(lieu, name)
        if old != value:
            changes[name] = [_jsonable(old), _jsonable(value)]
            setattr(lieu, name, value)
    return changes


# — Écriture : un seul chemin, d'un lieu (page) à des dizaines de milliers (import) —


def save_lieux_batch(
    *,
    created: Iterable[Lieu] = (),
    updated: Iterable[tuple[Lieu, dict]] = (),
    by: Auteur,
    created_event: str = LieuEvent.CREATED,
    updated_event: str = LieuEvent.UPDATED,
    details: dict | None = None,
    validated: bool = False,
) -> None:
    """Écrit des lieux nouveaux (`created`) et des lieux modifiés (`updated` : `(lieu, changements)` donnés par
    `apply_changes`), avec une ligne d'historique chaînée par lieu (qui : `by` ; quoi : `details`, plus le statut
    d'un lieu créé ou les champs changés). Une seule transaction : tout le paquet ou rien.

    Chaque lieu passe par `validate_lieu`, sauf si l'appelant l'a déjà fait (`validated=True` : l'import valide
    chaque ligne en la lisant, pour dire dans son rapport laquelle est fautive). Un lieu créé avec une clé de
    source va par `COPY` (PostgreSQL) : c'est ce qui tient 50 000 lignes d'import en quelques secondes. La clé
    (source, identifiant à la source) est unique : la base le garantit, sans requête de plus ; un doublon de clé
    devient une erreur en français.
    """
    created, updated = list(created), list(updated)
    if not validated:
        for lieu in [*created, *(lieu for lieu, _ in updated)]:
            validate_lieu(lieu)
    try:
        with transaction.atomic():
            _write_batch(created, updated, by, created_event, updated_event, details or {})
    except IntegrityError as error:
        if "source_id" not in str(error) and "lieu_unique_source_id" not in str(error):
            raise
        raise ValidationError({"source_id": ["Un lieu porte déjà cet identifiant pour cette source."]}) from error


def _write_batch(
    created: list[Lieu],
    updated: list[tuple[Lieu, dict]],
    by: Auteur,
    created_event: str,
    updated_event: str,
    details: dict,
) -> None:
    now = timezone.now()
    for lieu in created:
        lieu.fill_derived_fields()
    if created:
        sources = {lieu.source_import for lieu in created}
        if len(sources) == 1 and all(lieu.source_id for lieu in created):
            bulk.insert_lieux(created)
        else:
            Lieu.objects.bulk_create(created)
    if updated:
        fields = sorted({name for _, changes in updated for name in changes})
        for lieu, _ in updated:
            lieu.fill_derived_fields()
            lieu.updated_at = now
        Lieu.objects.bulk_update(
            [lieu for lieu, _ in updated], [*fields, "search_text", "filtres", "updated_at"], batch_size=500
        )
    # Lignes d'historique en objets légers (les attributs des colonnes) : instancier 50 000 modèles coûtait
    # autant que les écrire. Empreintes posées sous verrou, juste avant l'écriture (journal chaîné).
    actor_id = by.pk if (by is not None and getattr(by, "is_authenticated", False)) else None
    # Les lieux créés d'un paquet ont le plus souvent le même statut : un seul dict de détails par statut, partagé
    # par leurs lignes (jamais modifié ensuite), encodé une fois en JSON par l'écriture en masse.
    created_details: dict = {}
    logs = [
        SimpleNamespace(created_at=now, lieu_id=lieu.pk, actor_id=actor_id, event=created_event,
                        details=created_details.get(lieu.statut)
                        or created_details.setdefault(lieu.statut, {**details, "created": True, "statut": lieu.statut}))
        for lieu in created
    ] + [
        SimpleNamespace(created_at=now, lieu_id=lieu.pk, actor_id=actor_id, event=updated_event,
                        details={**details, "changes": changes})
        for lieu, changes in updated
    ]  # fmt: skip
    chain_objects(LieuHistorique, logs)
    bulk.fast_insert(LieuHistorique, logs)


def create_lieu(
    *,
    data: dict,
    by: Auteur,
    statut: str = StatutLieu.BROUILLON,
    event: str = LieuEvent.CREATED,
    details: dict | None = None,
) -> Lieu:
    """Crée un lieu (validé) et écrit « Création » (ou `event`) dans son historique : un paquet d'un lieu.

    `data` : champs de `EDITABLE_FIELDS`. `date_maj` vaut aujourd'hui s'il manque.
    """
    _check_fields(data)
    data = dict(data)
    data.setdefault("date_maj", timezone.localdate())
    lieu = Lieu(**data, statut=statut)
    save_lieux_batch(created=[lieu], by=by, created_event=event, details=details)
    return lieu


def update_lieu(
    *, lieu: Lieu, data: dict, by: Auteur, event: str = LieuEvent.UPDATED, details: dict | None = None
) -> Lieu:
    """Modifie un lieu : un paquet d'un lieu. Sans changement réel, n'écrit rien (ni le lieu ni l'historique).

    L'historique garde, pour chaque champ changé, `[ancienne valeur, nouvelle valeur]`.
    `date_maj` passe à aujourd'hui si l'appelant ne la fournit pas (le standard : date de dernière mise à jour).
    """
    _check_fields(data)
    changes = apply_changes(lieu, data)
    if not changes:
        return lieu
    if "date_maj" not in data:
        changes.update(apply_changes(lieu, {"date_maj": timezone.localdate()}))
    save_lieux_batch(updated=[(lieu, changes)], by=by, updated_event=event, details=details)
    return lieu


@transaction.atomic
def verify_lieu(*, lieu: Lieu, by: Auteur) -> Lieu:
    """« Ces informations sont toujours justes » : date de vérification = maintenant."""
    lieu.verified_at = timezone.now()
    lieu.save(update_fields=["verified_at", "updated_at"])
    _log(lieu, LieuEvent.VERIFIED, by)
    return lieu


@transaction.atomic
def set_statut(*, lieu: Lieu, statut: str, by: Auteur, reason: str = "") -> Lieu:
    """Brouillon → publié → fermé (dans n'importe quel sens). Publier demande une adresse complète et une position."""
    if statut not in StatutLieu.values:
        raise ValidationError(f"Statut inconnu : {statut}.")
    if statut == lieu.statut:
        return lieu
    if statut == StatutLieu.PUBLIE and (lieu.latitude is None or lieu.longitude is None) and not lieu.is_itinerant:
        raise ValidationError("Un lieu sans position ne peut pas être publié : indiquez sa latitude et sa longitude.")
    old = lieu.statut
    lieu.statut = statut
    lieu.save(update_fields=["statut", "updated_at"])
    _log(lieu, LieuEvent.STATUS, by, {"from": old, "to": statut, "reason": reason})
    return lieu


@transaction.atomic
def merge_lieux(*, keep: Lieu, remove: Lieu, by: Auteur) -> Lieu:
    """Fusionne deux fiches du même lieu (doublon). `keep` reste ; `remove` est fermé (jamais supprimé :
    d'autres données — Pass numérique, orientations — peuvent le citer).

    Règles : les champs vides de `keep` prennent la valeur de `remove` ; les listes sont réunies ; les arrêts de
    `remove` passent à `keep`. Les deux historiques disent la fusion.
    """
    if keep.pk == remove.pk:
        raise ValidationError("Un lieu ne peut pas être fusionné avec lui-même.")
    changes = {}
    for name in EDITABLE_FIELDS:
        if name in ("source_import", "source_id", "structure", "commune_ref"):
            continue
        mine, theirs = getattr(keep, name), getattr(remove, name)
        if name in LIST_FIELDS:
            union = list(mine) + [v for v in theirs if v not in mine]
            if union != mine:
                changes[name] = [mine, union]
                setattr(keep, name, union)
        elif mine in ("", None) and theirs not in ("", None):
            changes[name] = [_jsonable(mine), _jsonable(theirs)]
            setattr(keep, name, theirs)
    if keep.structure_id is None and remove.structure_id:
        keep.structure_id = remove.structure_id
        changes["structure"] = [None, remove.structure_id]
    validate_lieu(keep)
    keep.save()
    moved = Arret.objects.filter(lieu=remove).update(lieu=keep)
    _log(keep, LieuEvent.MERGED, by, {"merged": str(remove.public_id), "changes": changes, "arrets": moved})
    old = remove.statut
    remove.statut = StatutLieu.FERME
    remove.save(update_fields=["statut", "updated_at"])
    _log(remove, LieuEvent.MERGED, by, {"into": str(keep.public_id), "from": old, "to": StatutLieu.FERME})
    return keep


@transaction.atomic
def replace_arrets(*, lieu: Lieu, arrets: list[dict], by: Auteur) -> list[Arret]:
    """Remplace les arrêts d'un lieu itinérant par la liste donnée (dicts des champs d'`Arret` : commune, nom,
    adresse, latitude, longitude, horaires ; l'ordre de la liste fait foi)."""
    new = []
    for i, data in enumerate(arrets):
        a = Arret(lieu=lieu, ordre=i, **{k: v for k, v in data.items() if k != "ordre"})
        a.full_clean(exclude=["lieu"])
        new.append(a)
    before = [{"nom": a.nom, "adresse": a.adresse, "horaires": a.horaires} for a in lieu.arrets.all()]
    lieu.arrets.all().delete()
    Arret.objects.bulk_create(new)
    after = [{"nom": a.nom, "adresse": a.adresse, "horaires": a.horaires} for a in new]
    if before != after:
        _log(lieu, LieuEvent.UPDATED, by, {"changes": {"arrets": [before, after]}})
    return new


def set_accepte_pass(*, lieu_id: int, accepte: bool) -> None:
    """Le drapeau « accepte le Pass numérique » d'un lieu, posé par le service du Pass dans sa propre transaction
    (une qualification approuvée, suspendue ou retirée) : pas une donnée du standard, donc pas d'historique."""
    Lieu.objects.filter(pk=lieu_id).exclude(accepte_pass=accepte).update(accepte_pass=accepte)
