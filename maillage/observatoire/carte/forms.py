"""Le choix de la carte (formulaire GET) : un indicateur lisible par le territoire, un département du territoire.
Sans choix : le premier de chaque liste."""

from django import forms

from maillage.comptes.models import Territoire
from maillage.core.models import Departement
from maillage.observatoire.models import Indicateur


class CarteForm(forms.Form):
    indicateur = forms.TypedChoiceField(label="Indicateur", required=False, coerce=int, empty_value=None)
    departement = forms.ChoiceField(label="Département", required=False)

    def __init__(
        self, data, *, territoire: Territoire, indicateurs: list[Indicateur], departements: list[Departement]
    ):
        super().__init__(data)
        self.territoire = territoire
        self.indicateurs = {i.pk: i for i in indicateurs}
        self.departements = {d.code: d for d in departements}
        self.fields["indicateur"].choices = [(i.pk, f"{i.libelle} ({i.annee})") for i in indicateurs]
        self.fields["departement"].choices = [(d.code, f"{d.nom} ({d.code})") for d in departements]
        self.fields["indicateur"].error_messages["invalid_choice"] = (
            "Cet indicateur n'est pas lisible pour ce territoire : choisissez-en un dans la liste."
        )
        self.fields["departement"].error_messages["invalid_choice"] = (
            "Ce département n'a aucune commune dans le territoire : choisissez-en un dans la liste."
        )

    def clean(self):
        d = super().clean()
        if self.errors:
            return d
        if not self.indicateurs:
            raise forms.ValidationError(
                "Aucun indicateur n'est chargé pour ce territoire : la carte n'a rien à montrer."
            )
        if not self.departements:
            raise forms.ValidationError("Ce territoire n'a aucune commune : la carte n'a rien à montrer.")
        d["indicateur"] = self.indicateurs[d.get("indicateur") or next(iter(self.indicateurs))]
        d["departement"] = self.departements[d.get("departement") or next(iter(self.departements))]
        return d
