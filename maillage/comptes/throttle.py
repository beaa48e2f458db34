"""Limites de fréquence des pages publiques de connexion, comptées dans le cache de Django.

Le cache est partagé entre les processus en production (`CACHE_URL`) : un compteur par clé, qui vit le temps de
sa fenêtre (fenêtre fixe, ouverte par la première demande). Les clés portent une empreinte de l'adresse
électronique ou de l'adresse IP, jamais l'adresse en clair.

- Mot de passe oublié : au plus 5 demandes par adresse électronique et 20 par adresse IP, par heure. Au-delà, la
  page le dit (« Trop de demandes… ») et n'envoie rien. Le message ne révèle pas qui a un compte : on compte les
  demandes, que l'adresse ait un compte ou non. Sans cette limite, la page servirait à inonder une boîte de
  courriels, ou à en envoyer des milliers depuis notre serveur.
- Connexion : django-axes bloque le couple (adresse électronique, IP) après 5 échecs ; il ne bloque pas l'IP seule,
  exprès, parce qu'un EPN ou une médiathèque partage une seule adresse IP (décision 0003). Contre l'essai d'un même
  mot de passe sur beaucoup de comptes depuis une adresse, on ajoute ici une limite par IP bien plus haute :
  50 échecs en 15 minutes, puis cette adresse ne peut plus se connecter pendant 15 minutes (même avec le bon mot de
  passe : sinon l'essai qui réussit passerait).

Chaque limite se règle dans les réglages (`MAILLAGE_…` ci-dessous), pour les tests ou un lieu très fréquenté.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

PASSWORD_RESET_PER_EMAIL = 5
PASSWORD_RESET_PER_IP = 20
PASSWORD_RESET_WINDOW = 60 * 60  # secondes
LOGIN_FAILURES_PER_IP = 50
LOGIN_FAILURE_WINDOW = 15 * 60  # secondes : fenêtre de comptage, puis durée du blocage

PASSWORD_RESET_REFUSED = (
    "Trop de demandes de nouveau mot de passe pour cette adresse ou depuis ce lieu. "
    "Réessayez dans une heure. Si vous avez déjà fait une demande, regardez aussi dans vos courriers indésirables."
)
LOGIN_REFUSED = (
    "Trop de tentatives de connexion ont échoué depuis ce lieu (cette adresse réseau). Par sécurité, la connexion "
    "est suspendue ici pendant 15 minutes. Réessayez plus tard, ou depuis une autre connexion."
)


def _setting(name: str, default: int) -> int:
    return getattr(settings, f"MAILLAGE_{name}", default)


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"maillage:limite:{kind}:{digest}"


def _hit(key: str, window: int) -> int:
    """Ajoute une demande au compteur et rend le total dans la fenêtre en cours."""
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # la clé a expiré entre add et incr : nouvelle fenêtre
        cache.set(key, 1, timeout=window)
        return 1


def allowed(*, kind: str, value: str, limit: int, window: int) -> bool:
    """Compte une demande pour cette clé (une IP, une adresse) ; faux au-delà de `limit` dans la fenêtre en cours.
    La même mécanique pour les autres pages publiques (code personnel de « Mes données »)."""
    return _hit(_key(kind, value), window) <= limit


def password_reset_allowed(*, email: str, ip: str) -> bool:
    """Compte une demande de nouveau mot de passe ; faux si l'adresse électronique ou l'IP a dépassé sa limite."""
    window = _setting("PASSWORD_RESET_WINDOW", PASSWORD_RESET_WINDOW)
    if _hit(_key("reset-ip", ip), window) > _setting("PASSWORD_RESET_PER_IP", PASSWORD_RESET_PER_IP):
        # On ne compte pas l'adresse électronique : une IP déjà bloquée ne doit pas épuiser la limite d'autrui.
        return False
    return _hit(_key("reset-email", email), window) <= _setting("PASSWORD_RESET_PER_EMAIL", PASSWORD_RESET_PER_EMAIL)


def login_blocked(*, ip: str) -> bool:
    """Vrai si cette adresse IP a trop échoué récemment : aucune connexion n'y est tentée."""
    return cache.get(_key("login-blocked", ip)) is not None


def record_login_failure(*, ip: str) -> None:
    """Compte un échec de connexion depuis cette IP ; à la limite, bloque l'IP pour une fenêtre entière."""
    window = _setting("LOGIN_FAILURE_WINDOW", LOGIN_FAILURE_WINDOW)
    key = _key("login-failures", ip)
    if _hit(key, window) >= _setting("LOGIN_FAILURES_PER_IP", LOGIN_FAILURES_PER_IP):
        cache.set(_key("login-blocked", ip), True, timeout=window)
        cache.delete(key)
