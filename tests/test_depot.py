"""Garde-fous sur le dépôt lui-même : taille des modules, chemins hors du dépôt, verrous à jour.

Ces tests lisent des fichiers, sans base de données ni Django : ils échouent au premier écart, avec la liste
de ce qu'il faut corriger.
"""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent

# Au-delà, un module se découpe (un paquet par entité ou par usage) : on le lit et on le relit d'un coup d'œil.
MAX_LIGNES = 500

# Modules déjà trop longs, en cours de découpage (issue 9) : retirer chaque ligne dès que le module passe sous
# MAX_LIGNES ou disparaît. N'y ajouter aucun module.
MODULES_TROP_LONGS_TOLERES: set[str] = set()

# Chaînes qui trahissent une lecture hors du dépôt (dossier partagé de l'équipe, poste d'un développeur) :
# le dépôt doit suffire, sur un poste neuf comme en CI. Écrites en deux morceaux pour que ce fichier ne se
# signale pas lui-même.
CHEMINS_EXTERIEURS = [
    "../" + "shared",
    "/" + "work/",
    "MAILLAGE_" + "SHARED_DIR",
    "ROOT.parent" + " /",
]


def _est_ignore(dossier: Path) -> bool:
    """Dossiers qui ne sont pas le code du dépôt : cachés (.git, .venv…), environnements virtuels, sorties."""
    return (
        dossier.name.startswith(".")
        or dossier.name in {"__pycache__", "node_modules", "staticfiles", "media"}
        or (dossier / "pyvenv.cfg").exists()
        or dossier == ROOT / "bench" / "out"
    )


def _fichiers_python(racine: Path):
    for chemin in sorted(racine.iterdir()):
        if chemin.is_dir():
            if not _est_ignore(chemin):
                yield from _fichiers_python(chemin)
        elif chemin.suffix == ".py":
            yield chemin


def test_aucun_module_ne_depasse_500_lignes():
    trop_longs = {}
    for chemin in _fichiers_python(ROOT / "maillage"):
        if "migrations" in chemin.relative_to(ROOT).parts:
            continue
        nom = chemin.relative_to(ROOT).as_posix()
        lignes = len(chemin.read_text(encoding="utf-8").splitlines())
        if lignes > MAX_LIGNES and nom not in MODULES_TROP_LONGS_TOLERES:
            trop_longs[nom] = lignes
    assert not trop_longs, f"Modules de plus de {MAX_LIGNES} lignes, à découper : {trop_longs}"


def test_rien_ne_lit_hors_du_depot():
    fichiers = [*_fichiers_python(ROOT), ROOT / "Makefile", ROOT / ".ci" / "run", ROOT / "pyproject.toml"]
    ecarts = []
    for chemin in fichiers:
        if chemin == Path(__file__).resolve():
            continue
        for numero, ligne in enumerate(chemin.read_text(encoding="utf-8").splitlines(), start=1):
            for motif in CHEMINS_EXTERIEURS:
                if motif in ligne:
                    ecarts.append(f"{chemin.relative_to(ROOT)}:{numero} : {motif}")
    assert not ecarts, "Chemins hors du dépôt (le dépôt doit se suffire) :\n" + "\n".join(ecarts)


def _versions_verrouillees(verrou: Path) -> dict[str, str]:
    versions = {}
    for ligne in verrou.read_text(encoding="utf-8").splitlines():
        trouve = re.match(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)", ligne)
        if trouve:
            versions[canonicalize_name(trouve.group(1))] = trouve.group(2)
    return versions


def _dependances() -> dict[str, list[str]]:
    projet = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {"base": projet["dependencies"], "dev": projet["optional-dependencies"]["dev"]}


@pytest.mark.parametrize(
    ("verrou", "groupes"),
    [("requirements/base.txt", ["base"]), ("requirements/dev.txt", ["base", "dev"])],
)
def test_les_verrous_suivent_pyproject(verrou, groupes):
    """Une dépendance ajoutée ou resserrée dans pyproject.toml sans `make lock` ne s'installerait jamais."""
    versions = _versions_verrouillees(ROOT / verrou)
    dependances = _dependances()
    ecarts = []
    for groupe in groupes:
        for texte in dependances[groupe]:
            exigence = Requirement(texte)
            version = versions.get(canonicalize_name(exigence.name))
            if version is None or not exigence.specifier.contains(version, prereleases=True):
                ecarts.append(f"{texte} (verrouillé : {version or 'absent'})")
    assert not ecarts, f"{verrou} ne suit plus pyproject.toml, lancer `make lock` : {ecarts}"


def test_le_verrou_dev_garde_les_versions_du_verrou_de_base():
    base = _versions_verrouillees(ROOT / "requirements" / "base.txt")
    dev = _versions_verrouillees(ROOT / "requirements" / "dev.txt")
    differences = {nom: (version, dev.get(nom)) for nom, version in base.items() if dev.get(nom) != version}
    assert not differences, f"Versions différentes entre base.txt et dev.txt, lancer `make lock` : {differences}"


# Point médian entre deux lettres (« seul·e ») : les textes publics s'écrivent en doublets (« seul ou seule »),
# choix du carnet de Maine-et-Loire pour les lecteurs dyslexiques et les lecteurs d'écran (issue 10, point 15).
# Seule exception : le nom propre du service « data·inclusion ». Les migrations gardent l'histoire telle quelle.
POINT_MEDIAN = re.compile(r"(?<=\w)·(?=\w)")
NOMS_PROPRES = ("data·inclusion",)


def test_aucun_point_median_dans_le_code_ni_les_gabarits():
    fautes = []
    for path in sorted((ROOT / "maillage").rglob("*")):
        if path.suffix not in {".py", ".html", ".txt", ".js", ".md"} or "migrations" in path.parts:
            continue
        for n, ligne in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for nom in NOMS_PROPRES:
                ligne = ligne.replace(nom, "")
            if POINT_MEDIAN.search(ligne):
                fautes.append(f"{path.relative_to(ROOT)}:{n}: {ligne.strip()[:100]}")
    assert not fautes, "Point médian (écrire en doublets : « seul ou seule ») :\n" + "\n".join(fautes)


LIEN = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S)


def test_un_lien_qui_annonce_un_nouvel_onglet_l_ouvre():
    """« nouvel onglet » dans le texte d'un lien : il porte target="_blank" et rel="noopener" (issue 10, point 10)."""
    fautes = []
    for path in sorted((ROOT / "maillage").rglob("*.html")):
        for attributs, texte in LIEN.findall(path.read_text(encoding="utf-8")):
            if "nouvel onglet" in texte and not ('target="_blank"' in attributs and "noopener" in attributs):
                fautes.append(f"{path.relative_to(ROOT)} : {texte.strip()[:80]}")
    assert not fautes, "\n".join(fautes)


def test_elision_devant_un_nom_propre():
    from maillage.core.utils import de

    assert [de("Angers"), de("Écouflant"), de("Cholet"), de("Huillé")] == [
        "d'Angers",
        "d'Écouflant",
        "de Cholet",
        "de Huillé",
    ]


def test_pluriel_a_la_francaise():
    from maillage.core.utils import pluriel

    assert [f"{n} carnet{pluriel(n)}" for n in (0, 1, 2, 60)] == ["0 carnet", "1 carnet", "2 carnets", "60 carnets"]


def test_pas_de_pluriel_entre_parentheses_dans_les_gabarits():
    """« 60 carnet(s) » se lit mal (et mal à voix haute) : les gabarits accordent (`pluralize`)."""
    fautes = [
        f"{path.relative_to(ROOT)} : {ligne.strip()[:80]}"
        for path in (ROOT / "maillage").rglob("*.html")
        for ligne in path.read_text(encoding="utf-8").splitlines()
        if re.search(r"\w\(s\)", ligne)
    ]
    assert not fautes, "\n".join(fautes)
