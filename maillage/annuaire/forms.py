"""Saisies de l'annuaire : validation seulement ; les règles (territoire, périmètre) sont dans les services."""

from django import forms
from dsfr.forms import DsfrBaseForm

from maillage.annuaire.enums import Dispositif, Public, RoleReseau, StatutAction
from maillage.core.communes import resolve_commune
from maillage.core.forms import CommuneField

AIDE_COMMUNES = "Une commune par ligne (nom ou code postal), par exemple : Chalonnes-sur-Loire"


class FiltreAnnuaireForm(DsfrBaseForm):
    q = forms.CharField(label="Nom de la structure", required=False, max_length=100)
    role = forms.ChoiceField(label="Rôle dans le réseau", required=False, choices=[("", "Tous les rôles"),
                             *RoleReseau.choices])  # fmt: skip
    dispositif = forms.ChoiceField(label="Dispositif porté", required=False,
                                   choices=[("", "Tous les dispositifs"), *Dispositif.choices])  # fmt: skip
    commune = CommuneField(label="Commune servie", required=False,
                           help_text="Les acteurs qui interviennent dans cette commune, par exemple : Baugé-en-Anjou")  # fmt: skip


class CommunesTexteField(forms.CharField):
    """Des communes, une par ligne, chacune résolue comme partout (`core.communes.resolve_commune`)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, *, territoire=None, **kwargs):
        self.territoire = territoire
        super().__init__(required=False, help_text=AIDE_COMMUNES, max_length=3000, **kwargs)

    def clean(self, value):
        lignes = [ligne.strip() for ligne in (super().clean(value) or "").splitlines() if ligne.strip()]
        erreurs, communes = [], []
        for numero, ligne in enumerate(lignes, start=1):
            try:
                communes.append(resolve_commune(ligne, territoire=self.territoire))
            except forms.ValidationError as e:
                erreurs.append(f"Ligne {numero} (« {ligne} ») : {' '.join(e.messages)}")
        if erreurs:
            raise forms.ValidationError(erreurs)
        return communes


class PerimetreMixin(forms.Form):
    def _perimetre(self, territoire, epcis):
        self.fields["communes"] = CommunesTexteField(territoire=territoire, label="Communes servies")
        self.fields["epcis"] = forms.MultipleChoiceField(
            label="Intercommunalités (EPCI) servies", required=False, choices=epcis,
            widget=forms.CheckboxSelectMultiple,
        )  # fmt: skip


class ActeurForm(PerimetreMixin, DsfrBaseForm):
    structure = forms.ModelChoiceField(label="Structure", queryset=None, empty_label="Choisir une structure")
    roles = forms.MultipleChoiceField(label="Rôles dans le réseau", choices=RoleReseau.choices,
                                      widget=forms.CheckboxSelectMultiple)  # fmt: skip
    dispositifs = forms.MultipleChoiceField(label="Dispositifs portés", choices=Dispositif.choices, required=False,
                                            widget=forms.CheckboxSelectMultiple)  # fmt: skip
    description = forms.CharField(label="Présentation", required=False, max_length=1000,
                                  widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip

    def __init__(self, *args, territoire, structures, epcis, edition=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = structures
        if edition:
            del self.fields["structure"]
        self._perimetre(territoire, epcis)


class PosteForm(PerimetreMixin, DsfrBaseForm):
    employeur = forms.ModelChoiceField(label="Employeur", queryset=None, empty_label="Choisir une structure")
    financeur = forms.CharField(label="Financeur", max_length=200, help_text="Par exemple : État (ANCT), Département")
    dispositif = forms.ChoiceField(label="Dispositif", choices=Dispositif.choices)
    debut_financement = forms.DateField(label="Début du financement", widget=forms.DateInput(attrs={"type": "date"}))
    fin_financement = forms.DateField(label="Fin du financement", widget=forms.DateInput(attrs={"type": "date"}))
    temps_travail = forms.IntegerField(label="Temps de travail (en %)", min_value=1, max_value=100, initial=100)
    publics = forms.MultipleChoiceField(label="Publics servis", choices=Public.choices,
                                        widget=forms.CheckboxSelectMultiple)  # fmt: skip
    personne_nom = forms.CharField(label="Nom de la personne qui occupe le poste", required=False, max_length=150,
                                   help_text="Seulement si elle ou il accepte qu'il figure ici")  # fmt: skip
    personne_accord = forms.BooleanField(label="La personne accepte que son nom figure", required=False)

    def __init__(self, *args, territoire, structures, epcis, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employeur"].queryset = structures
        self._perimetre(territoire, epcis)

    def clean(self):
        data = super().clean()
        debut, fin = data.get("debut_financement"), data.get("fin_financement")
        if debut and fin and fin <= debut:
            self.add_error("fin_financement", "La fin du financement doit suivre son début.")
        if data.get("personne_nom") and not data.get("personne_accord"):
            self.add_error("personne_accord", "Le nom ne figure qu'avec l'accord de la personne : cochez la case ou "
                           "laissez le nom vide.")  # fmt: skip
        return data


class StatutActionForm(DsfrBaseForm):
    statut = forms.ChoiceField(label="Nouvel état", choices=StatutAction.choices)
