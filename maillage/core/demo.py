"""Territoire de démonstration : un réseau fictif mais réaliste en Maine-et-Loire (49).

Chaque application peut fournir `maillage/<app>/demo.py` avec une fonction `load(ctx: DemoContext)`, appelée dans
l'ordre de DEMO_APPS. `comptes` vient en premier : il crée le territoire, les structures et les comptes que les
suivantes trouvent dans le contexte. Le socle ne connaît ainsi ni les rôles ni les structures (contrat d'imports).
"""

import importlib
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from maillage.core.models import Commune

DEMO_APPS = [
    "comptes",
    "lieux",
    "orientations",
    "accompagnements",
    "pass_numerique",
    "aidants",
    "label",
    "diagnostic",
    "mes_donnees",
    "formations",
    "annuaire",
    "observatoire",
]


@dataclass
class DemoContext:
    """Ce que chaque démo laisse aux suivantes : le territoire, les structures (dans l'ordre de
    `comptes.demo.STRUCTURES`), les comptes par rôle, et les comptes à annoncer (libellé, adresse)."""

    territoire: Any = None
    structures: list = field(default_factory=list)
    users: dict = field(default_factory=dict)
    stdout: Any = None
    mot_de_passe: str = ""
    comptes: list[tuple[str, str]] = field(default_factory=list)


def load_demo(stdout: Any = None) -> DemoContext:
    """Charge la démonstration sans envoyer ni afficher un seul courriel : les avis que les services envoient
    (réponse à une orientation…) iraient, en développement, s'imprimer en entier dans le terminal de `make demo`,
    au milieu de ce qu'une personne qui découvre Maillage doit lire."""
    backend = settings.EMAIL_BACKEND
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    try:
        return _load_demo(stdout)  # courriels envoyés au COMMIT, donc avant de remettre le vrai moyen d'envoi
    finally:
        settings.EMAIL_BACKEND = backend


@transaction.atomic
def _load_demo(stdout: Any) -> DemoContext:
    if not settings.MAILLAGE_DEMO:
        raise ImproperlyConfigured("Le territoire de démonstration est refusé ici (MAILLAGE_DEMO est faux).")
    if not Commune.objects.filter(departement_id="49").exists():
        raise ImproperlyConfigured("Chargez d'abord les communes : python manage.py load_communes")
    ctx = DemoContext(stdout=stdout)
    for app in DEMO_APPS:
        try:
            module = importlib.import_module(f"maillage.{app}.demo")
        except ModuleNotFoundError:
            continue
        module.load(ctx)
    return ctx
