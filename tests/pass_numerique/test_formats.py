"""Écritures françaises des montants et distances (core/formats.py), utilisées par les pages et le PDF du Pass."""

from decimal import Decimal

from django.template import Context, Template

from maillage.core.formats import euros, km


def test_euros_virgule_et_espace_insecable():
    assert euros(Decimal("10")) == "10,00\u00a0€"
    assert euros("1250.5") == "1\u202f250,50\u00a0€"
    assert euros(Decimal("0.005")) == "0,01\u00a0€"
    assert euros(None) == ""


def test_km_une_decimale():
    assert km(0.64) == "0,6\u00a0km"
    assert km(12) == "12,0\u00a0km"


def test_filtre_de_gabarit():
    rendu = Template("{% load formats %}{{ v|euros }} à {{ d|km }}").render(Context({"v": Decimal("10"), "d": 0.6}))
    assert rendu == "10,00\u00a0€ à 0,6\u00a0km"
