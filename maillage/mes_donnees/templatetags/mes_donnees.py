"""`{% load mes_donnees %}{% code_personnel orientation %}` (fiche d'une orientation) ou
`{% code_personnel accompagnement %}` (page d'une séance) : le code personnel remis à la personne.

Le code n'est connu qu'au moment où il est tiré (seule son empreinte est gardée). La fiche d'orientation est faite
pour être imprimée et remise : le code y est tiré à l'affichage. La page d'une séance, elle, est ouverte souvent
(relire, corriger) : elle ne montre qu'un bouton « Remettre un code personnel », qui tire le code sur une feuille à
imprimer (`mes_donnees:remettre_seance`) ; ouvrir la séance ne crée rien. Rien n'est affiché si la personne qui
affiche la page ne peut pas remettre de code (atelier, données déjà effacées, autre structure).
"""

from django import template
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from maillage.accompagnements.models import Accompagnement
from maillage.mes_donnees import codes, permissions, services
from maillage.orientations.models import Orientation

register = template.Library()


@register.inclusion_tag("mes_donnees/includes/_code_personnel.html", takes_context=True)
def code_personnel(context, objet) -> dict:
    request = context.get("request")
    if request is None or not isinstance(objet, Orientation | Accompagnement):
        return {"code": None}
    if isinstance(objet, Accompagnement):
        if not permissions.can_issue_code_accompagnement(request.user, objet):
            return {"code": None}
        return {"code": None, "remettre": reverse("mes_donnees:remettre_seance", args=[objet.public_id])}
    try:
        code, plain = services.issue_code(by=request.user, orientation=objet)
    except PermissionDenied:
        return {"code": None}
    return code_context(code, plain)


def code_context(code, plain: str) -> dict:
    """Ce que `_code_personnel.html` affiche d'un code qui vient d'être tiré."""
    return {
        "code": codes.format_code(plain),
        "expires_at": code.expires_at,
        "adresse": settings.SITE_URL.rstrip("/") + reverse("mes_donnees:accueil"),
    }
