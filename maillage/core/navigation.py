"""Menu principal : chaque application y apporte ses entrées, tirées de ses propres prédicats (`permissions.py`).

Le menu ne répète donc aucune règle : une entrée n'apparaît que si la page qu'elle ouvre répond à la personne
(jamais un lien qui mène à « accès refusé »). Une application ajoute une entrée en écrivant dans
`maillage/<app>/navigation.py` une fonction `navigation(user) -> list[Entree]`.
"""

import importlib
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.urls import NoReverseMatch, reverse

#: Les rubriques du menu, dans leur ordre. Au-delà de MENU_A_PLAT entrées (une coordination en a une vingtaine), le
#: menu les regroupe en sous-menus DSFR : il tient alors sur une ligne à 1 280 px et se lit rubrique par rubrique.
RUBRIQUES = {
    "aide": "Trouver de l'aide",
    "orientations": "Orientations",
    "accompagnements": "Accompagnements",
    "pass": "Pass numérique",
    "lieux": "Lieux et structures",
    "aidants": "Aidants et formations",
    "reseau": "Réseau et pilotage",
}
MENU_A_PLAT = 7


@dataclass(frozen=True)
class Entree:
    """Une entrée du menu : son libellé, le nom de l'URL qu'elle ouvre, sa place (petits nombres d'abord) et sa
    rubrique (une clé de RUBRIQUES)."""

    libelle: str
    url_name: str
    ordre: int = 100
    rubrique: str = "aide"

    @property
    def url(self) -> str | None:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:  # application pas encore livrée : pas d'entrée plutôt qu'une erreur
            return None


@cache
def _fournisseurs() -> tuple:
    """Les fonctions `navigation` des applications du projet, dans l'ordre d'INSTALLED_APPS."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("maillage."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.navigation")
        except ModuleNotFoundError as e:
            if e.name != f"{config.name}.navigation":
                raise
            continue
        if hasattr(module, "navigation"):  # core.navigation est la mécanique, pas un fournisseur
            found.append(module.navigation)
    return tuple(found)


def entrees(user) -> list[Entree]:
    """Toutes les entrées que cette personne peut ouvrir, dans l'ordre du menu."""
    items = [entree for fournisseur in _fournisseurs() for entree in fournisseur(user)]
    return sorted(items, key=lambda e: e.ordre)


def navigation_for(user) -> list[dict]:
    """Toutes les entrées, à plat : libellé et adresse (les tests et les pages qui listent le menu)."""
    return [{"label": e.libelle, "url": url} for e in entrees(user) if (url := e.url)]


def menu_for(user) -> list[dict]:
    """Le menu tel que le gabarit l'affiche : des liens (`url`), et au-delà de MENU_A_PLAT entrées, des rubriques
    (`entrees`) ; une rubrique d'une seule entrée reste un lien direct."""
    liens = [(e, {"label": e.libelle, "url": url}) for e in entrees(user) if (url := e.url)]
    if len(liens) <= MENU_A_PLAT:
        return [lien for _, lien in liens]
    groupes: dict[str, list[dict]] = {}
    for entree, lien in liens:
        groupes.setdefault(entree.rubrique, []).append(lien)
    menu = []
    for cle, libelle in RUBRIQUES.items():
        contenu = groupes.pop(cle, [])
        if len(contenu) == 1:
            menu.append(contenu[0])
        elif contenu:
            menu.append({"label": libelle, "id": f"menu-{cle}", "entrees": contenu})
    for contenu in groupes.values():  # rubrique inconnue : ses liens à la fin plutôt que perdus
        menu.extend(contenu)
    return menu
