"""`{% load mes_donnees %}{% code_personnel orientation %}` (fiche d'une orientation) ou
`{% code_personnel accompagnement %}` (récapitulatif d'une séance) : remet un nouveau code personnel à la personne.

Le code n'est connu qu'au moment où il est tiré (seule son empreinte est gardée) : il est donc remis quand la fiche
ou le récapitulatif est affiché pour être imprimé ou montré. Rien n'est affiché si la personne qui affiche la page
ne peut pas remettre de code (atelier, données déjà effacées, autre structure).
"""

from django import template
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from maillage.accompagnements.models import Accompagnement
from maillage.mes_donnees import codes, services
from maillage.orientations.models import Orientation

register = template.Library()


@register.inclusion_tag("mes_donnees/includes/_code_personnel.html", takes_context=True)
def code_personnel(context, objet) -> dict:
    request = context.get("request")
    if request is None or not isinstance(objet, Orientation | Accompagnement):
        return {"code": None}
    kwargs = {"orientation": objet} if isinstance(objet, Orientation) else {"accompagnement": objet}
    try:
        code, plain = services.issue_code(by=request.user, **kwargs)
    except PermissionDenied:
        return {"code": None}
    return {
        "code": codes.format_code(plain),
        "expires_at": code.expires_at,
        "adresse": settings.SITE_URL.rstrip("/") + reverse("mes_donnees:accueil"),
    }
