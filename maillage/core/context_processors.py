from django.conf import settings
from django.utils.functional import SimpleLazyObject

from maillage.core.navigation import menu_for, navigation_for


def maillage(request):
    user = getattr(request, "user", None)
    return {
        "TERRITOIRE_NOM": settings.MAILLAGE_TERRITOIRE_NOM,
        "OPERATEUR": settings.MAILLAGE_OPERATEUR,
        "MAILLAGE_DEMO": settings.MAILLAGE_DEMO,
        # Plan du site et tableau de bord : toutes les entrées à plat ; en-tête : le menu par rubriques. Calculés
        # seulement si la page s'en sert (chaque entrée passe par les prédicats de son app).
        "navigation": SimpleLazyObject(lambda: navigation_for(user)) if user is not None else [],
        "menu": SimpleLazyObject(lambda: menu_for(user)) if user is not None else [],
    }
