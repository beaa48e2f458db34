"""Déposer un fichier de lieux à importer (page d'import de la coordination)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from dsfr.forms import DsfrBaseForm


class ImportForm(DsfrBaseForm):
    fichier = forms.FileField(
        label="Fichier à importer",
        help_text="CSV (séparé par des virgules ou des points-virgules) ou JSON, au standard national des lieux "
        "de médiation numérique (v1.0.2 ou v0). 20 Mo au plus.",
    )
    source = forms.CharField(
        label="Nom de la source",
        max_length=100,
        help_text="Par exemple : conseiller-numerique, departement-49. Réimporter la même source met à jour les "
        "mêmes lieux.",
    )

    correspondance = forms.FileField(
        label="Fichier de correspondance des colonnes (facultatif)",
        required=False,
        help_text="Seulement pour un export brut qui ne suit pas le standard : fichier JSON qui dit quelle colonne "
        "correspond à quel champ.",
    )
    tout_ou_rien = forms.BooleanField(
        label="Tout ou rien",
        required=False,
        help_text="Si une seule ligne est en erreur, rien n'est importé. Sinon, les lignes correctes sont importées "
        "et les lignes en erreur sont écartées.",
    )
    publier = forms.BooleanField(
        label="Publier tout de suite les nouveaux lieux",
        required=False,
        initial=True,
        help_text="Décochez pour les créer en brouillon et les relire avant publication.",
    )

    MAX_SIZE = 20 * 1024 * 1024

    def clean_fichier(self):
        fichier = self.cleaned_data["fichier"]
        if fichier.size > self.MAX_SIZE:
            raise ValidationError("Ce fichier est trop gros (20 Mo au plus).")
        return fichier

    def clean_source(self):
        source = self.cleaned_data["source"].strip()
        if not re.fullmatch(r"[A-Za-z0-9_.\- ]{1,100}", source):
            raise ValidationError("Le nom de la source : lettres sans accents, chiffres, tirets, points ou espaces.")
        return source

    def clean_correspondance(self):
        fichier = self.cleaned_data.get("correspondance")
        if fichier and fichier.size > 1024 * 1024:
            raise ValidationError("Le fichier de correspondance est trop gros (1 Mo au plus).")
        return fichier
