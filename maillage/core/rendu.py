"""Rendu rapide des champs de saisie simples (`<input>`), au même balisage que Django.

Pourquoi : Django rend chaque `<input>` par trois gabarits (text.html → input.html → attrs.html), ~0,3 ms par
champ ; la page de recherche des lieux, servie des milliers de fois, en a cinq (bench/bench_recherche.py). Un
formulaire DSFR qui déclare `bound_field_class = ChampRapide` écrit ces balises (et leur groupe DSFR) en Python, à
l'identique ; tout autre widget (liste, cases, zone de texte, gabarit propre), ou un champ en erreur, garde le
rendu des gabarits. `tests/core/test_rendu.py` compare
les deux rendus.
"""

from django import forms
from django.forms.widgets import Input
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from dsfr.forms import DsfrBoundField
from dsfr.templatetags.dsfr_tags import dsfr_mark_optionnal_fields
from dsfr.utils import dsfr_input_class_attr


def _attrs(attrs: dict) -> SafeString:
    """Comme django/forms/widgets/attrs.html : `False` omis, `True` sans valeur."""
    return mark_safe(  # noqa: S308 (chaque morceau passe par format_html)
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


def rapide(widget: forms.Widget) -> bool:
    """Un `<input>` rendu par le gabarit standard de Django (pas de gabarit propre, pas de case à cocher)."""
    return (
        isinstance(widget, Input)
        and not isinstance(widget, forms.CheckboxInput | forms.FileInput)
        and widget.template_name == f"django/forms/widgets/{widget.input_type}.html"
    )


SAISIE_DSFR = "dsfr/form_field_snippets/input_snippet.html"


class ChampRapide(DsfrBoundField):
    """Le champ DSFR (django-dsfr) dont les `<input>` simples s'écrivent en Python."""

    def as_widget(self, widget=None, attrs=None, only_initial=False) -> SafeString:
        widget = widget or self.field.widget
        if only_initial or not rapide(widget):
            return super().as_widget(widget, attrs, only_initial)
        if self.field.localize:
            widget.is_localized = True
        attrs = self.build_widget_attrs(attrs or {}, widget)
        if self.auto_id and "id" not in widget.attrs:
            attrs.setdefault("id", self.auto_id)
        ctx = widget.get_context(self.html_name, self.value(), attrs)["widget"]
        value = ctx["value"]
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            ctx["type"],
            ctx["name"],
            format_html(' value="{}"', value) if value is not None else "",
            _attrs(ctx["attrs"]),
        )

    def as_field_group(self) -> SafeString:
        """Le groupe DSFR (libellé, aide, champ) comme dsfr/form_field_snippets/input_snippet.html, sans erreur
        ni champ désactivé (sinon le gabarit)."""
        if self.errors or self.field.disabled or not rapide(self.field.widget) or self.template_name != SAISIE_DSFR:
            return super().as_field_group()
        aide = (
            format_html('<span class="fr-hint-text" id="{}_helptext">{}</span>', self.id_for_label,
                        mark_safe(self.help_text))  # noqa: S308 (comme |safe dans le gabarit)
            if self.help_text
            else ""
        )  # fmt: skip
        champ = dsfr_input_class_attr(self)  # pose les classes DSFR du widget, comme le gabarit
        return format_html(
            '<div class="{}"><label for="{}" class="fr-label">{}{}{}</label>{}</div>',
            getattr(self.field.widget, "group_class", None) or "fr-input-group",
            self.id_for_label,
            self.label,
            dsfr_mark_optionnal_fields(self),
            aide,
            champ,
        )


class _ChoixFixes:
    """Des choix écrits une fois dans la classe du formulaire, jamais modifiés : chaque formulaire les partage au
    lieu d'en recevoir une copie profonde (Django copie toute la liste, libellés compris, à chaque formulaire ; sur
    la recherche des lieux, servie des milliers de fois, c'était le quart de la construction du formulaire). Pour
    changer les choix d'un formulaire, on affecte une nouvelle liste (`field.choices = …`), comme avec Django."""

    def __deepcopy__(self, memo):
        result = forms.Field.__deepcopy__(self, memo)
        result._choices = self._choices
        return result


class ChoixFixe(_ChoixFixes, forms.ChoiceField):
    """`forms.ChoiceField` dont la liste de choix est partagée entre les formulaires (voir `_ChoixFixes`)."""


class ChoixMultiplesFixes(_ChoixFixes, forms.MultipleChoiceField):
    """`forms.MultipleChoiceField` dont la liste de choix est partagée entre les formulaires."""
