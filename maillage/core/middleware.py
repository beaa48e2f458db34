"""Intergiciels transversaux : fonctions du navigateur permises, expiration des sessions après inactivité."""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY

HEADER = "Permissions-Policy"
# Clé de session : dernière prolongation (secondes depuis l'époque).
ACTIVITY_KEY = "_maillage_activite"
# Au plus une écriture de session par minute et par personne pour la prolonger.
REFRESH_EVERY_SECONDS = 60


def permissions_policy(view_name: str | None) -> str:
    """En-tête Permissions-Policy de la page : la politique commune, plus ce que la page demande en propre
    (PERMISSIONS_POLICY_BY_VIEW, par nom d'URL), par exemple la caméra pour lire un QR code."""
    policy = {feature: list(origins) for feature, origins in settings.PERMISSIONS_POLICY.items()}
    policy.update(settings.PERMISSIONS_POLICY_BY_VIEW.get(view_name or "", {}))
    return ", ".join(f"{feature}=({' '.join(origins)})" for feature, origins in policy.items())


class PermissionsPolicyMiddleware:
    """Coupe caméra, géolocalisation, micro… partout, sauf sur les pages qui en ont besoin : un script injecté
    ne pourrait pas filmer ni localiser la personne depuis une autre page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if HEADER not in response:
            match = getattr(request, "resolver_match", None)
            response[HEADER] = permissions_policy(match.view_name if match else None)
        return response


class SessionIdleMiddleware:
    """Une session connectée expire après MAILLAGE_SESSION_IDLE_MINUTES sans activité (SESSION_COOKIE_AGE) :
    un poste partagé laissé ouvert (accueil de mairie, médiathèque) ne garde pas l'accès aux données personnelles.

    Chaque requête qui a lu la session d'une personne connectée la prolonge ; on n'écrit qu'une fois par
    minute au plus (la durée restante est donc exacte à une minute près) pour ne pas écrire en base à chaque page.
    Une requête qui n'a pas lu la session (fichiers, sonde de supervision) ne la touche pas et n'interroge pas
    la base.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Réponse d'erreur (base injoignable…) : ne rien prolonger, ne pas relire une session illisible.
        if response.status_code >= 500 or session is None or not session.accessed or session.session_key is None:
            return response
        if SESSION_KEY in session:
            now = int(time.time())
            if now - session.get(ACTIVITY_KEY, 0) >= REFRESH_EVERY_SECONDS:
                session[ACTIVITY_KEY] = now  # session modifiée : réenregistrée avec une nouvelle échéance
        return response
