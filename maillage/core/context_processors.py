from django.conf import settings

from maillage.core.navigation import menu_for, navigation_for


def maillage(request):
    user = getattr(request, "user", None)
    return {
        "TERRITOIRE_NOM": settings.MAILLAGE_TERRITOIRE_NOM,
        "OPERATEUR": settings.MAILLAGE_OPERATEUR,
        "MAILLAGE_DEMO": settings.MAILLAGE_DEMO,
        # Plan du site et tableau de bord : toutes les entrées à plat ; en-tête : le menu par rubriques.
        "navigation": navigation_for(user) if user is not None else [],
        "menu": menu_for(user) if user is not None else [],
    }
