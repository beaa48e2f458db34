"""Saisies du diagnostic : une réponse, une commune, le formulaire du premier accueil."""

from django import forms
from dsfr.forms import DsfrBaseForm

from maillage.diagnostic.enums import Contrainte
from maillage.diagnostic.questions import Question
from maillage.orientations.enums import Besoin

MESSAGE_SANS_REPONSE = "Choisissez une réponse. Si vous hésitez, choisissez « Je ne sais pas »."


class ReponseForm(DsfrBaseForm):
    """Une question, ses réponses en boutons radio (« Je ne sais pas » en dernier)."""

    def __init__(self, *args, question: Question, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reponse"] = forms.ChoiceField(
            label=question.texte,
            help_text=question.aide_lecture,
            choices=[(c.code, c.libelle) for c in question.tous_les_choix],
            widget=forms.RadioSelect,
            error_messages={"required": MESSAGE_SANS_REPONSE, "invalid_choice": MESSAGE_SANS_REPONSE},
        )


class CommuneForm(DsfrBaseForm):
    ou = forms.CharField(
        label="Votre commune",
        help_text="Son nom ou son code postal, par exemple Angers ou 49000.",
        max_length=100,
        required=False,
    )
    # Remplis par « Autour de moi » (JavaScript, avec l'accord du navigateur) : jamais gardés.
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)


class PremierAccueilForm(DsfrBaseForm):
    besoin = forms.ChoiceField(label="Besoin de la personne", choices=[("", "Choisir")] + Besoin.choices)
    ou = forms.CharField(label="Commune de la personne", help_text="Son nom ou son code postal.", max_length=100)
    contraintes = forms.MultipleChoiceField(
        label="Ce qui compte pour elle",
        choices=Contrainte.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class ContactForm(DsfrBaseForm):
    prenom = forms.CharField(label="Votre prénom", help_text="Ou vos initiales.", max_length=50)
    contact = forms.CharField(
        label="Votre téléphone ou votre adresse électronique",
        help_text="Pour que le lieu puisse vous rappeler.",
        max_length=150,
    )
    consenti = forms.BooleanField(label="Je suis d'accord", required=False)
