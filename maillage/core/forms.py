"""Champs de formulaire partagés."""

from django import forms
from django.core.exceptions import ValidationError

from maillage.core.models import Commune
from maillage.core.utils import normalize_text


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
    """Une commune saisie comme une personne la dit : « Angers », « angers 49100 », « 49100 » ou « Angers (49000) »."""

    widget = CommuneAutocompleteWidget
    default_error_messages = {
        "unknown": "Nous ne trouvons pas la commune « %(value)s ». Vérifiez l'orthographe ou tapez le code postal.",
        "ambiguous": "Plusieurs communes correspondent à « %(value)s » (%(choices)s) : ajoutez le code postal.",
    }

    def __init__(self, *, queryset=None, **kwargs):
        kwargs.setdefault("label", "Commune")
        kwargs.setdefault("help_text", "Nom de la commune ou code postal, par exemple : Angers ou 49100")
        self.queryset = queryset if queryset is not None else Commune.objects.all()
        super().__init__(**kwargs)

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        if isinstance(value, Commune):
            return value
        return resolve_commune(value, self.queryset, self.error_messages)


def resolve_commune(value: str, queryset=None, messages=None) -> Commune:
    """Retrouve une commune depuis une saisie libre ; plusieurs candidates → erreur qui les nomme."""
    messages = messages or CommuneField.default_error_messages
    candidates = queryset if queryset is not None else Commune.objects.all()
    digits = "".join(ch for ch in value if ch.isdigit())
    name = normalize_text("".join(ch for ch in value.split("(")[0] if not ch.isdigit()))
    if len(digits) == 5:
        by_cp = candidates.filter(codes_postaux_text__contains=f"|{digits}|")
        candidates = by_cp if by_cp.exists() else candidates.filter(pk=digits)
    elif not name:
        raise ValidationError(messages["unknown"], code="unknown", params={"value": value})
    if name:
        exact = candidates.filter(search_text=name)
        candidates = exact if exact.exists() else candidates.filter(search_text__startswith=name)
    found = list(candidates.select_related(None).order_by("-population")[:6])
    if not found:
        raise ValidationError(messages["unknown"], code="unknown", params={"value": value})
    if len(found) > 1:
        choices = ", ".join(c.label for c in found[:5])
        raise ValidationError(messages["ambiguous"], code="ambiguous", params={"value": value, "choices": choices})
    return found[0]
