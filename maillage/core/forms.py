"""Champs de formulaire partagés."""

from django import forms
from django.core.exceptions import ValidationError

from maillage.core.communes import resolve_commune
from maillage.core.models import Commune


class CommuneAutocompleteWidget(forms.TextInput):
    """Champ texte + liste de suggestions (datalist) remplie par /api/v1/communes.

    Sans JavaScript, on tape le nom ou le code postal : le serveur retrouve la commune.
    """

    template_name = "core/widgets/commune_autocomplete.html"

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "data-commune-autocomplete": "", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Commune):
            return value.label
        if value and not isinstance(value, str):
            commune = Commune.objects.filter(pk=value).first()
            return commune.label if commune else ""
        if isinstance(value, str) and value.isdigit() and len(value) == 5:
            commune = Commune.objects.filter(pk=value).first()
            return commune.label if commune else value
        return value


class CommuneField(forms.Field):
    """Une commune saisie comme une personne la dit : « Angers », « angers 49100 », « 49100 » ou « Angers (49000) ».

    La règle (homonymes, code postal, code INSEE) est celle de `maillage.core.communes.resolve_commune`."""

    widget = CommuneAutocompleteWidget

    def __init__(self, *, territoire=None, max_length=None, **kwargs):
        kwargs.setdefault("label", "Commune")
        kwargs.setdefault("help_text", "Nom de la commune ou code postal, par exemple : Angers ou 49100")
        self.territoire = territoire
        self.max_length = max_length or 100
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": str(self.max_length)}

    def to_python(self, value):
        if isinstance(value, Commune):
            return value
        value = (value or "").strip()
        if not value:
            return None
        if len(value) > self.max_length:
            raise ValidationError(f"Tapez au plus {self.max_length} caractères.", code="max_length")
        return resolve_commune(value, territoire=self.territoire)
