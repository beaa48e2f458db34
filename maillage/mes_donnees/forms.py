"""Formulaires de « Mes données » : validation des saisies seulement."""

from django import forms
from dsfr.forms import DsfrBaseForm


class CodeForm(DsfrBaseForm):
    code = forms.CharField(
        label="Votre code personnel",
        help_text=(
            "10 lettres et chiffres, écrits sur votre fiche d'orientation ou sur le récapitulatif de votre rendez-vous "
            "(par exemple ABCDE-FGHJK). Les tirets et les espaces ne comptent pas."
        ),
        max_length=40,
        error_messages={"required": "Écrivez le code personnel qui est sur votre fiche."},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )


class EffacementForm(DsfrBaseForm):
    confirme = forms.BooleanField(
        label="Je demande l'effacement des données qui me concernent",
        help_text="Ce qui est effacé ne peut pas être retrouvé.",
        error_messages={"required": "Cochez la case pour confirmer votre demande d'effacement."},
    )


class EffectuerForm(DsfrBaseForm):
    confirme = forms.BooleanField(
        label="J'efface maintenant ces données, comme la personne l'a demandé",
        error_messages={"required": "Cochez la case pour confirmer l'effacement."},
    )
