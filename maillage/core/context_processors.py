from django.conf import settings
from django.urls import NoReverseMatch, reverse

from maillage.comptes.enums import Role

# Navigation par rôle : (libellé, nom d'URL, rôles qui la voient ; None = tout le monde connecté).
# Les applications ajoutent leurs entrées ici ; une URL absente est ignorée (app pas encore livrée).
NAVIGATION = [
    ("Trouver un lieu", "lieux:recherche", "public"),
    (
        "Orienter une personne",
        "orientations:nouvelle",
        {Role.PRESCRIPTEUR, Role.MEDIATEUR, Role.AIDANT, Role.COORDINATEUR},
    ),
    (
        "Mes orientations",
        "orientations:mes_orientations",
        {Role.PRESCRIPTEUR, Role.MEDIATEUR, Role.AIDANT, Role.COORDINATEUR},
    ),
    ("Orientations reçues", "orientations:boite", {Role.MEDIATEUR, Role.AIDANT, Role.GESTIONNAIRE}),
    ("Enregistrer un accompagnement", "accompagnements:nouveau", {Role.MEDIATEUR, Role.AIDANT}),
    ("Personnes suivies", "accompagnements:beneficiaires", {Role.MEDIATEUR, Role.AIDANT}),
    (
        "Pass numérique",
        "pass_numerique:accueil",
        {Role.COMMANDITAIRE, Role.PRESCRIPTEUR, Role.MEDIATEUR, Role.GESTIONNAIRE, Role.COORDINATEUR},
    ),
    ("Mes lieux", "lieux:gestion", {Role.GESTIONNAIRE, Role.COORDINATEUR}),
    ("Statistiques", "accompagnements:statistiques", None),
    ("Mes structures", "comptes:mes_structures", None),
]


def _url(name):
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def navigation_for(user) -> list[dict]:
    items = []
    roles = user.roles if user.is_authenticated else set()
    for label, name, allowed in NAVIGATION:
        if allowed == "public":
            pass
        elif not user.is_authenticated:
            continue
        elif allowed is not None and not (roles & allowed) and not user.is_staff:
            continue
        url = _url(name)
        if url:
            items.append({"label": label, "url": url})
    return items


def maillage(request):
    user = getattr(request, "user", None)
    return {
        "TERRITOIRE_NOM": settings.MAILLAGE_TERRITOIRE_NOM,
        "OPERATEUR": settings.MAILLAGE_OPERATEUR,
        "MAILLAGE_DEMO": settings.MAILLAGE_DEMO,
        "navigation": navigation_for(user) if user is not None else [],
    }
