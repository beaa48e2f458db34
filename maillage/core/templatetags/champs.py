"""Listes déroulantes DSFR écrites en Python.

Le rendu d'un `<select>` par les gabarits de widgets de Django (un gabarit par option, puis celui de django-dsfr)
coûte 1 à 3 ms par liste : la page « Mes compétences » en a 16, la recherche de lieux et l'annuaire plusieurs, et
ces pages sont servies des milliers de fois (bench/). `components/champ.html` passe donc les listes simples par
`components/select.html`, qui produit le même balisage DSFR (libellé, aide, erreurs reliées par aria-describedby).
"""

from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Attributs que django-dsfr pose lui-même sur le widget : une liste qui n'a que ceux-là est « simple ».
ATTRIBUTS_DSFR = {"class", "aria-invalid", "aria-describedby"}


@register.filter
def select_simple(field: forms.BoundField) -> bool:
    """Une liste à choix unique sans attribut propre (ni script, ni HTMX) : le chemin rapide lui convient."""
    widget = field.field.widget
    return type(widget) is forms.Select and set(widget.attrs) <= ATTRIBUTS_DSFR


@register.filter
def requis(field: forms.BoundField) -> bool:
    """L'attribut `required` comme Django le poserait (liste obligatoire dont le premier choix est vide)."""
    return bool(field.build_widget_attrs({}).get("required"))


@register.simple_tag
def options_de(field: forms.BoundField) -> SafeString:
    """Les `<option>` (et `<optgroup>`) de la liste, la valeur courante sélectionnée."""
    valeur = field.value()
    courante = "" if valeur is None else str(valeur)

    def options(choix) -> SafeString:
        return format_html_join(
            "", '<option value="{}"{}>{}</option>',
            ((v := "" if c is None else str(c), mark_safe(" selected") if v == courante else "", libelle)
             for c, libelle in choix),
        )  # fmt: skip

    morceaux = []
    for code, libelle in field.field.widget.choices:
        if isinstance(libelle, list | tuple):
            morceaux.append(format_html('<optgroup label="{}">{}</optgroup>', code, options(libelle)))
        else:
            morceaux.append(options([(code, libelle)]))
    return mark_safe("".join(morceaux))  # noqa: S308 (chaque morceau est échappé par format_html)
