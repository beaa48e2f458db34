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


@dataclass(frozen=True)
class Entree:
    """Une entrée du menu : son libellé, le nom de l'URL qu'elle ouvre, et sa place (petits nombres d'abord)."""

    libelle: str
    url_name: str
    ordre: int = 100

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
    """Le menu tel que le gabarit l'affiche : libellé et adresse."""
    return [{"label": e.libelle, "url": url} for e in entrees(user) if (url := e.url)]
