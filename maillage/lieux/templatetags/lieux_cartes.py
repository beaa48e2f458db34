"""`{{ rows|cartes }}` : les cartes de résultats de la recherche de lieux (lieux/cartes.py)."""

from django import template

from maillage.lieux.cartes import cartes as _cartes

register = template.Library()
register.filter("cartes", _cartes)
