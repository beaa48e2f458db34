"""Écritures métier sur les lieux. Pages, API, imports et admin passent tous par ici.

Chaque écriture valide le lieu (`full_clean` : listes fermées, horaires OSM, pas de HTML) et écrit une ligne de
`LieuHistorique` (qui, quand, quoi : pour une modification, les champs changés avec l'ancienne et la nouvelle
valeur). La permission a déjà été vérifiée par l'appelant (vue, API, commande).
"""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from maillage.lieux.enums import StatutLieu
from maillage.lieux.models import Arret, Lieu, LieuEvent, LieuHistorique

# Champs qu'un appelant peut écrire par create_lieu/update_lieu (les autres sont gérés ici).
EDITABLE_FIELDS = [
    "pivot", "nom", "commune", "code_postal", "code_insee", "adresse", "complement_adresse", "latitude",
    "longitude", "typologie", "telephone", "courriels", "site_web", "horaires", "presentation_resume",
    "presentation_detail", "source", "itinerance", "structure_parente", "date_maj", "services",
    "publics_specifiquement_adresses", "prise_en_charge_specifique", "frais_a_charge",
    "dispositif_programmes_nationaux", "formations_labels", "autres_formations_labels", "modalites_acces",
    "modalites_accompagnement", "fiche_acces_libre", "prise_rdv", "structure", "commune_ref",
    "position_approximative", "source_import", "source_id",
]  # fmt: skip


def _jsonable(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def _check_fields(data: dict) -> None:
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"Champ(s) non modifiable(s) : {', '.join(sorted(unknown))}.")


def _log(lieu: Lieu, event: str, by, details: dict | None = None) -> LieuHistorique:
    actor = by if (by is not None and getattr(by, "is_authenticated", False)) else None
    return LieuHistorique.objects.create(lieu=lieu, actor=actor, event=event, details=details or {})


@transaction.atomic
def create_lieu(
    *, data: dict, by, statut: str = StatutLieu.BROUILLON, event: str = LieuEvent.CREATED, details: dict | None = None
) -> Lieu:
    """Crée un lieu (validé) et écrit « Création » (ou `event`, ex. IMPORTED) dans son historique.

    `data` : champs de `EDITABLE_FIELDS`. `date_maj` vaut aujourd'hui s'il manque.
    """
    _check_fields(data)
    data = dict(data)
    data.setdefault("date_maj", timezone.localdate())
    lieu = Lieu(**data, statut=statut)
    lieu.full_clean()
    lieu.save()
    _log(lieu, event, by, {"statut": statut, **(details or {})})
    return lieu


@transaction.atomic
def update_lieu(*, lieu: Lieu, data: dict, by, event: str = LieuEvent.UPDATED, details: dict | None = None) -> Lieu:
    """Modifie un lieu. Sans changement réel, n'écrit rien (ni le lieu ni l'historique).

    L'historique garde, pour chaque champ changé, `[ancienne valeur, nouvelle valeur]`.
    `date_maj` passe à aujourd'hui si l'appelant ne la fournit pas (le standard : date de dernière mise à jour).
    """
    _check_fields(data)
    changes = {}
    for name, value in data.items():
        old = getattr(lieu, name)
        if old != value:
            changes[name] = [_jsonable(old), _jsonable(value)]
            setattr(lieu, name, value)
    if not changes:
        return lieu
    if "date_maj" not in data:
        today = timezone.localdate()
        if lieu.date_maj != today:
            changes["date_maj"] = [_jsonable(lieu.date_maj), today.isoformat()]
            lieu.date_maj = today
    lieu.full_clean()
    lieu.save()
    _log(lieu, event, by, {"changes": changes, **(details or {})})
    return lieu


@transaction.atomic
def verify_lieu(*, lieu: Lieu, by) -> Lieu:
    """« Ces informations sont toujours justes » : date de vérification = maintenant."""
    lieu.verified_at = timezone.now()
    lieu.save(update_fields=["verified_at", "updated_at"])
    _log(lieu, LieuEvent.VERIFIED, by)
    return lieu


@transaction.atomic
def set_statut(*, lieu: Lieu, statut: str, by, reason: str = "") -> Lieu:
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


LIST_FIELDS = [
    "typologie", "courriels", "site_web", "itinerance", "services", "publics_specifiquement_adresses",
    "prise_en_charge_specifique", "frais_a_charge", "dispositif_programmes_nationaux", "formations_labels",
    "autres_formations_labels", "modalites_acces", "modalites_accompagnement",
]  # fmt: skip


@transaction.atomic
def merge_lieux(*, keep: Lieu, remove: Lieu, by) -> Lieu:
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
    keep.full_clean()
    keep.save()
    moved = Arret.objects.filter(lieu=remove).update(lieu=keep)
    _log(keep, LieuEvent.MERGED, by, {"merged": str(remove.public_id), "changes": changes, "arrets": moved})
    old = remove.statut
    remove.statut = StatutLieu.FERME
    remove.save(update_fields=["statut", "updated_at"])
    _log(remove, LieuEvent.MERGED, by, {"into": str(keep.public_id), "from": old, "to": StatutLieu.FERME})
    return keep


@transaction.atomic
def replace_arrets(*, lieu: Lieu, arrets: list[dict], by) -> list[Arret]:
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
