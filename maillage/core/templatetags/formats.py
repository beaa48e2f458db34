"""Filtres de gabarit des écritures françaises (`core/formats.py`) : {% load formats %} puis {{ montant|euros }}."""

from django import template

from maillage.core import formats

register = template.Library()
register.filter("euros", formats.euros)
register.filter("km", formats.km)
