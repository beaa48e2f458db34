"""Formulaires des aidants : validation des saisies seulement (les règles vivent dans les services)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from maillage.aidants.enums import EXPLICATIONS_NIVEAUX, Niveau, StatutAidant
from maillage.core.communes import resolve_commune

MAX_COMMUNES = 30


def niveau_choices() -> list[tuple[str, str]]:
    """Chaque niveau avec sa ligne d'explication, lue à côté de la case."""
    return [(n.value, f"{n.label} — {EXPLICATIONS_NIVEAUX[n]}") for n in Niveau]


class NiveauxField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Comment aidez-vous les personnes ?")
        kwargs.setdefault("help_text", "Cochez un ou plusieurs niveaux.")
        super().__init__(
            choices=niveau_choices(),
            error_messages={"required": "Cochez au moins un niveau d'intervention."},
            **kwargs,
        )


class CommunesField(forms.CharField):
    """Une commune par ligne (nom ou code postal), résolue par la règle commune du projet."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, territoire=None, **kwargs):
        self.territoire = territoire
        kwargs.setdefault("label", "Communes où vous aidez")
        kwargs.setdefault("help_text", "Une commune par ligne : nom ou code postal, par exemple Angers ou 49100.")
        kwargs.setdefault("required", False)
        super().__init__(max_length=3000, **kwargs)

    def clean(self, value):
        text = super().clean(value)
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if len(lines) > MAX_COMMUNES:
            raise ValidationError(f"Au plus {MAX_COMMUNES} communes.")
        return [resolve_commune(line, territoire=self.territoire) for line in lines]


def annee_field() -> forms.IntegerField:
    return forms.IntegerField(
        label="Année de naissance",
        help_text="Sert seulement à vérifier l'âge (16 ans au moins) et à repérer un doublon.",
        required=False,
        min_value=1900,
        max_value=2100,
    )


class AjoutAidantForm(DsfrBaseForm):
    prenom = forms.CharField(label="Prénom", max_length=100)
    nom = forms.CharField(label="Nom", max_length=100)
    email = forms.EmailField(
        label="Adresse électronique",
        required=False,
        help_text="Facultatif. Sans adresse, votre structure est le contact de cette personne.",
    )
    annee_naissance = annee_field()
    mineur = forms.BooleanField(label="Cette personne a 16 ou 17 ans", required=False)
    statut = forms.ChoiceField(label="Statut dans votre structure", choices=StatutAidant.choices)
    niveaux = NiveauxField(label="Comment cette personne aide-t-elle ?")
    aidants_connect = forms.BooleanField(label="Habilitée Aidants Connect", required=False)


class ProfilForm(DsfrBaseForm):
    niveaux = NiveauxField()
    communes = CommunesField()
    aidants_connect = forms.BooleanField(label="Je suis habilité ou habilitée Aidants Connect", required=False)
    aidants_connect_depuis = forms.DateField(
        label="Habilitation depuis le",
        required=False,
        help_text="Format : jj/mm/aaaa.",
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )


class CreationProfilForm(DsfrBaseForm):
    structure = forms.ModelChoiceField(label="Dans quelle structure aidez-vous ?", queryset=None, empty_label=None)
    statut = forms.ChoiceField(label="Votre statut dans cette structure", choices=StatutAidant.choices)
    niveaux = NiveauxField()
    annee_naissance = annee_field()
    mineur = forms.BooleanField(label="J'ai 16 ou 17 ans", required=False)

    def __init__(self, *args, structures=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = structures


class SignaturePapierForm(DsfrBaseForm):
    signed_on = forms.DateField(
        label="Signée sur papier le",
        help_text="Format : jj/mm/aaaa.",
        initial=timezone.localdate,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )


class VerificationForm(DsfrBaseForm):
    prenom = forms.CharField(label="Prénom", max_length=100)
    nom = forms.CharField(label="Nom", max_length=100)
    structure = forms.CharField(
        label="Structure", max_length=200, help_text="Le nom exact de la structure, tel qu'écrit sur le badge."
    )


class BrouillonForm(DsfrBaseForm):
    titre = forms.CharField(label="Titre", max_length=200)
    preambule = forms.CharField(
        label="Préambule", required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Qui sont les aidants et les aidantes, à quoi sert la charte.",
    )  # fmt: skip


class EngagementForm(DsfrBaseForm):
    texte = forms.CharField(label="Engagement", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    niveaux = forms.MultipleChoiceField(
        label="Niveaux qu'il engage",
        choices=Niveau.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Ne cochez rien s'il engage tout le monde.",
    )


class ImportCharteForm(DsfrBaseForm):
    fichier = forms.FileField(label="Fichier de la charte", help_text="Export JSON ou Markdown d'une charte Maillage.")


class DelaiForm(DsfrBaseForm):
    jours = forms.IntegerField(label="Délai pour signer une nouvelle version (jours)", min_value=0, max_value=730)
