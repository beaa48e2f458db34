from django import forms
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from maillage.core.forms import CommuneField
from maillage.orientations.enums import Besoin, MotifRefus, Resultat


class OrientationForm(DsfrBaseForm):
    structure = forms.ModelChoiceField(label="Vous orientez au nom de", queryset=None, empty_label=None)
    besoins = forms.MultipleChoiceField(
        label="De quoi la personne a-t-elle besoin ?",
        choices=Besoin.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Cochez au moins un besoin."},
    )
    personne_commune = CommuneField(
        label="Commune de la personne",
        help_text="Nom ou code postal. Sert à proposer les lieux les plus proches.",
        max_length=100,
        required=False,
    )
    aidants_connect = forms.BooleanField(
        label="Seulement les lieux avec des aidants habilités Aidants Connect",
        help_text="Pour une personne qui a besoin qu'on fasse une démarche à sa place, en toute sécurité.",
        required=False,
    )
    lieu = forms.ChoiceField(
        label="Lieu choisi",
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez le lieu où envoyer la personne."},
    )
    personne_prenom = forms.CharField(
        label="Prénom ou initiales de la personne",
        help_text="Juste de quoi l'accueillir par son nom. Pas de nom de famille.",
        max_length=50,
        required=False,
    )
    echeance = forms.DateField(
        label="Démarche à faire avant le (facultatif)",
        help_text="Par exemple la date limite d'une déclaration. Format : jj/mm/aaaa.",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    echeance_motif = forms.CharField(
        label="Quelle démarche ? (facultatif)",
        help_text="Par exemple : déclaration trimestrielle RSA.",
        max_length=200,
        required=False,
    )
    message = forms.CharField(
        label="Message au lieu (facultatif)",
        help_text="Ce qui aidera le lieu à accueillir la personne. Pas d'information de santé.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    # Demandé pour une orientation suivie (vérifié à l'envoi) ; une orientation simple (lieu hors Maillage) ne
    # garde rien sur la personne.
    consentement = forms.BooleanField(
        label="J'ai lu ce texte à la personne et elle est d'accord",
        help_text="Pas nécessaire pour un lieu hors Maillage : rien n'est gardé sur la personne.",
        required=False,
    )
    contact_consenti = forms.BooleanField(label="La personne accepte que le lieu la contacte", required=False)
    personne_contact = forms.CharField(
        label="Téléphone ou adresse électronique de la personne (facultatif)", max_length=150, required=False
    )

    def __init__(self, *args, structures, lieux_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = structures
        if len(structures) == 1:  # la requête est évaluée une fois (cache du QuerySet)
            self.fields["structure"].widget = forms.HiddenInput()
            self.fields["structure"].initial = structures[0].pk
            self.fields["structure"].required = False
            self._only_structure = structures[0]
        self.fields["lieu"].choices = list(lieux_choices)

    def clean(self):
        data = super().clean()
        if not data.get("structure") and getattr(self, "_only_structure", None) is not None:
            data["structure"] = self._only_structure
        if data.get("personne_contact") and not data.get("contact_consenti"):
            self.add_error("contact_consenti", "Cochez cette case si la personne accepte d'être contactée.")
        echeance = data.get("echeance")
        if echeance and echeance < timezone.localdate():
            self.add_error("echeance", "Cette date est déjà passée : indiquez une date à venir.")
        return data


class AcceptForm(DsfrBaseForm):
    rendez_vous_at = forms.DateTimeField(
        label="Rendez-vous donné (facultatif)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
    )


class DeclineForm(DsfrBaseForm):
    motif = forms.ChoiceField(label="Pourquoi refusez-vous ?", choices=[("", "Choisir")] + MotifRefus.choices)
    precision = forms.CharField(label="Précision", max_length=300, required=False)


class RedirectForm(DsfrBaseForm):
    lieu = forms.ChoiceField(label="Vers quel lieu ?", widget=forms.RadioSelect)
    message = forms.CharField(
        label="Message au nouveau lieu (facultatif)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, lieux_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lieu"].choices = list(lieux_choices)


class CloseForm(DsfrBaseForm):
    personne_venue = forms.TypedChoiceField(
        label="La personne est-elle venue ?",
        choices=[("oui", "Oui"), ("non", "Non")],
        coerce=lambda v: v == "oui",
        widget=forms.RadioSelect,
    )
    besoin_resultat = forms.ChoiceField(
        label="Son besoin est-il réglé ?", choices=[("", "Choisir")] + Resultat.choices, required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("personne_venue") and not data.get("besoin_resultat"):
            self.add_error("besoin_resultat", "Dites si le besoin de la personne est réglé.")
        return data
