"""Rendu rapide des champs de saisie simples (`<input>`), au même balisage que Django.

Pourquoi : Django rend chaque `<input>` par trois gabarits (text.html → input.html → attrs.html), ~0,3 ms par
champ ; la page de recherche des lieux, servie des milliers de fois, en a cinq (bench/bench_recherche.py). Un
formulaire qui déclare `bound_field_class = ChampRapide` écrit ces balises en Python, à l'identique ; tout autre
widget (liste, cases, zone de texte, gabarit propre) garde le rendu de Django. `tests/core/test_rendu.py` compare
les deux rendus.
"""

from django import forms
from django.forms.boundfield import BoundField
from django.forms.widgets import Input
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


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


class ChampRapide(BoundField):
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
        """Libellé, aide, erreurs et champ, comme django/forms/field.html (sans erreur ; sinon le gabarit)."""
        widget = self.field.widget
        if (
            self.errors
            or self.use_fieldset
            or not rapide(widget)
            or self.field.template_name
            or self.form.renderer.field_template_name != "django/forms/field.html"
            or (self.field.required and hasattr(self.form, "required_css_class"))
        ):
            return super().as_field_group()
        return format_html("{}{}{}", self._libelle(), self._aide(), self.as_widget())

    def _libelle(self) -> SafeString:
        if not self.label:
            return mark_safe("")
        contents = format_html("{}", self.label)
        suffix = self.field.label_suffix if self.field.label_suffix is not None else self.form.label_suffix
        if suffix and contents[-1] not in ":?.!":
            contents = format_html("{}{}", contents, suffix)
        id_ = self.field.widget.attrs.get("id") or self.auto_id
        if not id_:
            return contents
        return format_html('<label for="{}">{}</label>', self.field.widget.id_for_label(id_), contents)

    def _aide(self) -> SafeString:
        if not self.help_text:
            return mark_safe("")
        if self.auto_id:
            return format_html(
                '<div class="helptext" id="{}_helptext">{}</div>', self.auto_id, mark_safe(self.help_text)
            )
        return format_html('<div class="helptext">{}</div>', mark_safe(self.help_text))
