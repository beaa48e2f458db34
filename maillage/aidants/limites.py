"""Limite de débit de la vérification publique : sans elle, on essaierait des milliers de noms pour dresser la
liste des aidants d'une structure. 20 vérifications par heure et par adresse réseau (réglable :
`MAILLAGE_AIDANTS_VERIFICATIONS_PAR_HEURE`), comptées dans le cache partagé (clé : empreinte de l'adresse)."""

import hashlib

from django.conf import settings
from django.core.cache import cache

from maillage.core.utils import client_ip

PAR_HEURE = 20
FENETRE = 60 * 60
MESSAGE = (
    "Trop de vérifications depuis cette connexion. Par sécurité, réessayez dans une heure. "
    "Vous pouvez aussi demander directement à la structure de l'aidant ou de l'aidante."
)


def verification_permise(request) -> bool:
    """Compte une vérification ; faux au-delà de la limite de l'heure en cours pour cette adresse."""
    digest = hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
    key = f"maillage:limite:verif-aidant:{digest}"
    cache.add(key, 0, timeout=FENETRE)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=FENETRE)
        count = 1
    return count <= getattr(settings, "MAILLAGE_AIDANTS_VERIFICATIONS_PAR_HEURE", PAR_HEURE)
