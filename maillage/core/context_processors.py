from django.conf import settings

from maillage.core.navigation import navigation_for


def maillage(request):
    user = getattr(request, "user", None)
    return {
        "TERRITOIRE_NOM": settings.MAILLAGE_TERRITOIRE_NOM,
        "OPERATEUR": settings.MAILLAGE_OPERATEUR,
        "MAILLAGE_DEMO": settings.MAILLAGE_DEMO,
        "navigation": navigation_for(user) if user is not None else [],
    }
