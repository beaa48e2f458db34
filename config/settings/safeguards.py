"""Vérifications des réglages lus dans l'environnement : une erreur claire au démarrage plutôt qu'une faille
silencieuse en production. Fonctions pures, testées dans tests/core/test_securite_http.py."""

import ipaddress
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

# Caches propres à chaque processus : avec plusieurs processus (gunicorn --workers 3), chacun aurait ses propres
# compteurs, et une limite de débit de 5 essais en laisserait passer 15.
PER_PROCESS_CACHES = {"django.core.cache.backends.locmem.LocMemCache"}
# Cache qui ne garde rien : plus aucune limite de débit, quel que soit le nombre de processus.
NO_CACHES = {"django.core.cache.backends.dummy.DummyCache"}


def parse_trusted_proxies(values: list[str]) -> list[str]:
    """Adresses ou plages CIDR des mandataires inverses de confiance ; refuse au démarrage une valeur illisible
    (une faute de frappe ferait sinon ignorer X-Forwarded-For, ou pire, en faire confiance à tort)."""
    proxies = []
    for value in values:
        value = value.strip()
        if not value:
            continue
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError as error:
            raise ImproperlyConfigured(
                f"DJANGO_TRUSTED_PROXIES : « {value} » n'est ni une adresse IP ni une plage CIDR "
                "(exemple : 10.0.0.5,192.168.0.0/24)."
            ) from error
        proxies.append(value)
    return proxies


def require_shared_cache(*, caches: dict, single_process: bool) -> None:
    """En production, les limites de débit (codes Pass faux, connexions, réinitialisations de mot de passe)
    vivent dans le cache : il doit être partagé entre les processus, sauf s'il n'y en a qu'un (déclaré)."""
    backend = caches.get("default", {}).get("BACKEND", "")
    if backend in NO_CACHES:
        raise ImproperlyConfigured(
            "En production, CACHE_URL ne peut pas désigner un cache qui ne garde rien (dummycache://) : "
            "les limites de débit ne fonctionneraient plus. Utilisez par exemple dbcache://maillage_cache "
            "(puis « manage.py createcachetable ») ou redis://…"
        )
    if backend in PER_PROCESS_CACHES and not single_process:
        raise ImproperlyConfigured(
            "En production, le cache doit être partagé entre les processus de l'application : sinon chaque "
            "processus compte à part les essais et les limites de débit sont multipliées. Donnez CACHE_URL "
            "(par exemple dbcache://maillage_cache puis « manage.py createcachetable », ou redis://…), ou, "
            "si un seul processus sert l'application, MAILLAGE_SINGLE_PROCESS=true."
        )


def tile_source(map_tile_url: str) -> str | None:
    """Origine des tuiles de carte, à autoriser dans img-src de la politique de sécurité du contenu.

    « https://{s}.tile.exemple.org/{z}/{x}/{y}.png » donne « https://*.tile.exemple.org » (sous-domaines
    tournants) ; une URL vide (pas de fond de carte) ou relative (tuiles servies par l'application) n'ajoute rien.
    """
    if not map_tile_url:
        return None
    parts = urlsplit(map_tile_url.replace("{s}", "__s__"))
    if not parts.scheme or not parts.netloc:
        return None
    host = parts.netloc.rsplit("@", 1)[-1]
    labels = ["*" if "__s__" in label or "{" in label else label for label in host.split(".")]
    # Un joker n'est permis qu'en tête : « a.{x}.b » devient « *.b ».
    if "*" in labels:
        labels = ["*", *labels[max(i for i, label in enumerate(labels) if label == "*") + 1 :]]
    return f"{parts.scheme}://{'.'.join(labels)}"
