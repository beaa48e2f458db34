"""Saisies des formations et du service civique (validation seulement ; les règles sont dans les services)."""

from django import forms

from maillage.formations.enums import Critere, Theme
from maillage.formations.models import Cohorte


class PointEtapeForm(forms.Form):
    ressenti = forms.CharField(
        label="Comment se passe votre mission ?",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    activites = forms.CharField(
        label="Ce que vous avez fait ces dernières semaines", required=False, max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip
    alerte_derive = forms.BooleanField(
        label="Ma mission s'éloigne de la médiation numérique (par exemple : des tâches de bureau ou d'informatique "
        "pour la structure au lieu d'accompagner des personnes)",
        required=False,
    )
    partage_structure = forms.BooleanField(
        label="J'accepte que ma structure d'accueil lise ce point d'étape (sinon, seule la coordination le lit)",
        required=False,
    )


class MissionForm(forms.Form):
    cohorte = forms.ModelChoiceField(label="Cohorte", queryset=Cohorte.objects.none(), empty_label=None)
    intitule = forms.CharField(label="Intitulé de la mission", max_length=200)
    description = forms.CharField(label="Description", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    tuteur = forms.CharField(label="Tuteur ou tutrice (nom et fonction)", max_length=200, required=False)

    def __init__(self, *args, cohortes=None, avec_entete: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if avec_entete:
            self.fields["cohorte"].queryset = cohortes if cohortes is not None else Cohorte.objects.none()
        else:
            for nom in ("cohorte", "intitule"):
                del self.fields[nom]
        for c in Critere:
            self.fields[f"critere_{c.value}"] = forms.CharField(
                label=f"{c.label} : comment la structure s'y engage", required=False, max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )  # fmt: skip

    def criteres(self) -> dict[str, str]:
        return {c.value: self.cleaned_data.get(f"critere_{c.value}", "") for c in Critere}


class DecisionMissionForm(forms.Form):
    motif = forms.CharField(
        label="Ce que la structure doit revoir (si vous ne validez pas)", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


class BesoinForm(forms.Form):
    theme = forms.ChoiceField(label="Thème", choices=Theme.choices)
    personnes = forms.IntegerField(label="Nombre de personnes à former", min_value=1, max_value=500)
    precision = forms.CharField(label="Précision (facultatif)", required=False, max_length=300)
