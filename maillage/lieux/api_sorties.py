"""Sorties de la recherche de l'API : la partie fixe de chaque lieu, gardée en mémoire tant que le jeton de version
des lieux ne change pas (décision 0022).

Pourquoi : construire 20 objets `Lieu` (13 colonnes JSON à décoder) coûtait plus que toute la recherche. La partie
fixe d'un lieu (nom, adresse, listes fermées en `{code, libelle}`…) ne change qu'avec une écriture, qui change le
jeton : on la lit une fois (`values()`, sans objet), puis la page n'a plus qu'à relire le jeton. Ce qui dépend de
l'instant (ouvert, horaires du jour, annonce) et de la recherche (distance) est ajouté à chaque réponse.
"""

import json
import threading
import uuid
from datetime import date, datetime

from django.db import connection, models

from maillage.lieux.horaires import annonce, describe_day
from maillage.lieux.models import Arret, Lieu, VersionLieux
from maillage.lieux.schema import LIST_ENUMS
from maillage.lieux.selectors.autour import Ligne
from maillage.lieux.selectors.index import jeton_en_base
from maillage.lieux.selectors.recherche import LieuResult

#: Au-delà, le cache repart de zéro (mémoire bornée : ~2 Ko par lieu).
TAILLE_MAX = 20_000
_LISTES = [name for name in LIST_ENUMS if name != "formations_labels"]
_COLONNES = [
    "pk", "public_id", "nom", "adresse", "complement_adresse", "code_postal", "commune", "code_insee", "latitude",
    "longitude", "position_approximative", "telephone", "courriels", "site_web", "prise_rdv", "fiche_acces_libre",
    "horaires", "presentation_resume", *_LISTES, "typologie", "date_maj", "accepte_pass",
]  # fmt: skip
_LIBELLES = {name: dict(enum.choices) for name, enum in LIST_ENUMS.items()}
_CHAMPS = {f.name: f for f in Lieu._meta.concrete_fields}
_JSON = [c for c in _COLONNES if c in _CHAMPS and isinstance(_CHAMPS[c], models.JSONField)]
_BOOLEENS = [c for c in _COLONNES if c in _CHAMPS and isinstance(_CHAMPS[c], models.BooleanField)]
_SELECT = (
    "SELECT "
    + ", ".join(f"l.{_CHAMPS['id' if c == 'pk' else c].column}" for c in _COLONNES)
    + f", (SELECT jeton FROM {VersionLieux._meta.db_table} WHERE id = 1) FROM {Lieu._meta.db_table} l"
)

_verrou = threading.Lock()
_cache: dict = {"jeton": object(), "lieux": {}}


def _fixe(row: dict) -> dict:
    out = dict(row)
    out["_pk"] = out.pop("pk")
    out["id"] = str(uuid.UUID(str(out.pop("public_id"))))
    for name in _JSON:
        if isinstance(out[name], str):  # SQLite : texte JSON ; PostgreSQL (jsonb) : déjà décodé
            out[name] = json.loads(out[name])
    for name in _LISTES:
        libelles = _LIBELLES[name]
        out[name] = [{"code": v, "libelle": libelles[v]} for v in out[name] or [] if v in libelles]
    for name in _BOOLEENS:
        out[name] = bool(out[name])
    # Pour la page de recherche (badge « Pass numérique accepté ») ; hors de la réponse de l'API (préfixe « _ »).
    out["_accepte_pass"] = out.pop("accepte_pass")
    date_maj = out["date_maj"]
    out["date_maj"] = date_maj.isoformat() if hasattr(date_maj, "isoformat") else str(date_maj)
    out["_horaires_arrets"] = []
    return out


def _lire(pks: list[int], itinerants: set[int]) -> tuple[dict[int, dict], str | None]:
    """Les colonnes de la réponse et le jeton de version, en une requête SQL écrite une fois (le compilateur de
    l'ORM coûtait plus que la lecture elle-même)."""
    if not pks:
        return {}, jeton_en_base()
    marques = ", ".join(["%s"] * len(pks))
    with connection.cursor() as cursor:
        cursor.execute(f"{_SELECT} WHERE l.id IN ({marques})", pks)
        rows = cursor.fetchall()
    jeton = rows[0][-1] if rows else jeton_en_base()
    lus = {}
    for row in rows:
        lu = _fixe(dict(zip(_COLONNES, row[:-1], strict=True)))
        lus[lu["_pk"]] = lu
    for pk, lu in lus.items():
        lu["_arrets_lus"] = pk in itinerants
    if itinerants & lus.keys():
        for lieu_id, horaires in Arret.objects.filter(lieu_id__in=itinerants & lus.keys()).values_list(
            "lieu_id", "horaires"
        ):
            lus[lieu_id]["_horaires_arrets"].append(horaires)
    return lus, jeton


def lire(lignes: list[Ligne]) -> tuple[dict[int, dict], str | None]:
    """Lecteur de `search_lieux` : les lieux de la page en dicts, et le jeton de version — une requête : les lieux
    qui manquent au cache avec le jeton, sinon le jeton seul."""
    lieux, jeton_cache = _cache["lieux"], _cache["jeton"]
    pks = [ligne.pk for ligne in lignes]
    itinerants = {ligne.pk for ligne in lignes if ligne.itinerant}
    # Un lieu lu quand l'index ne le savait pas encore itinérant n'a pas ses arrêts : à relire.
    manquants = [ligne.pk for ligne in lignes if ligne.pk not in lieux or (ligne.itinerant and not
                 lieux[ligne.pk]["_arrets_lus"])]  # fmt: skip
    if not manquants:
        jeton = jeton_en_base()
        if jeton == jeton_cache:
            return {pk: lieux[pk] for pk in pks}, jeton
        manquants = pks
    lus, jeton = _lire(manquants, itinerants)
    if jeton != jeton_cache and len(manquants) < len(pks):
        lus, jeton = _lire(pks, itinerants)  # la partie en cache date d'une autre version : toute la page
    with _verrou:
        if jeton != _cache["jeton"] or len(_cache["lieux"]) + len(lus) > TAILLE_MAX:
            _cache["jeton"], _cache["lieux"] = jeton, {}
        _cache["lieux"].update(lus)
    if jeton != jeton_cache:
        return lus, jeton
    return {pk: lus[pk] if pk in lus else lieux[pk] for pk in pks if pk in lus or pk in lieux}, jeton


def sortie(r: LieuResult, today: date, now: datetime, depuis_lieu) -> dict:
    """Une ligne de la réponse : la partie fixe (dict du cache, ou `depuis_lieu(lieu)` pour un objet `Lieu`) et ce
    qui dépend de l'instant et de la recherche."""
    fixe = r.lieu if isinstance(r.lieu, dict) else depuis_lieu(r.lieu)
    horaires = fixe["horaires"]
    out = {k: v for k, v in fixe.items() if k[0] != "_"}  # clés internes : « _… »
    out.update(
        horaires_aujourdhui=describe_day(horaires, today) if horaires else "",
        distance_km=r.distance_km,
        ouvert_maintenant=r.ouvert_maintenant,
        horaires_statut=annonce(horaires, now) if horaires else None,
        intervient_dans_la_commune=r.intervient_dans_la_commune,
        a_distance=r.a_distance,
    )
    return out
