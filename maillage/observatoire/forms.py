"""Saisies de l'observatoire : dépôt d'un indicateur (le fichier est vérifié par le service), réglages de la liste
des communes éloignées de l'offre, observation de terrain."""

from django import forms

from maillage.observatoire.models import OBSERVATION_MAX

#: Un indicateur communal tient en moins de 2 Mo (35 000 lignes courtes).
TAILLE_MAX = 5 * 1024 * 1024


class DepotForm(forms.Form):
    libelle = forms.CharField(label="Nom de l'indicateur", max_length=200,
                              help_text="En mots simples, par exemple « Part des allocataires sans accès internet ».")  # fmt: skip
    unite = forms.CharField(
        label="Unité", max_length=80, initial="%", help_text="Par exemple « % » ou « pour 1 000 habitants »."
    )
    methode = forms.CharField(label="Méthode", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="Comment le chiffre est calculé, ce qu'il compte.")  # fmt: skip
    sens = forms.ChoiceField(
        label="Comment se lit-il ?", widget=forms.RadioSelect, initial="haut",
        choices=[("haut", "Plus la valeur est haute, plus la fragilité est grande"),
                 ("bas", "Plus la valeur est haute, moins la fragilité est grande")],
    )  # fmt: skip
    fichier = forms.FileField(
        label="Fichier CSV",
        help_text="Quatre colonnes nommées sur la première ligne : code_insee ; valeur ; annee ; source. "
        "Séparateur « ; » ou « , », virgule décimale acceptée. 5 Mo au plus.",
    )

    def clean_fichier(self):
        f = self.cleaned_data["fichier"]
        if f.size > TAILLE_MAX:
            raise forms.ValidationError("Le fichier dépasse 5 Mo : un indicateur par commune est bien plus petit.")
        return f


class EloignementForm(forms.Form):
    """La liste des communes éloignées de l'offre : distance (bornée) et indicateur lisible par le territoire."""

    distance = forms.IntegerField(
        label="Distance au lieu ouvert le plus proche (km)", min_value=1, max_value=100, required=False,
        help_text="Entre 1 et 100 km, à vol d'oiseau depuis le centre de la commune. 10 km si vide.",
        error_messages={"min_value": "La distance est d'au moins 1 km.",
                        "max_value": "La distance est de 100 km au plus.",
                        "invalid": "Indiquez un nombre entier de kilomètres, par exemple 10."},
    )  # fmt: skip
    indicateur = forms.ModelChoiceField(
        label="Indicateur", queryset=None, required=False, empty_label=None,
        help_text="La commune est retenue si sa valeur est du côté fragile de la médiane des communes du territoire.",
        error_messages={"invalid_choice": "Cet indicateur n'est pas disponible pour ce territoire."},
    )  # fmt: skip

    def __init__(self, *args, indicateurs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicateur"].queryset = indicateurs


class ObservationForm(forms.Form):
    """Une observation de terrain : sur quoi (commune ou intercommunalité du territoire), au nom de quelle structure,
    et le texte (sans donnée personnelle : vérifié par le service)."""

    sujet = forms.ChoiceField(label="Sur quelle commune ou intercommunalité ?")
    structure = forms.TypedChoiceField(label="Au nom de quelle structure ?", coerce=int)
    texte = forms.CharField(
        label="Ce que vous voyez sur le terrain", max_length=OBSERVATION_MAX,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": OBSERVATION_MAX}),
        help_text=f"{OBSERVATION_MAX} caractères au plus. Décrivez une situation, un besoin, un changement — jamais "
        "une personne : ni nom, ni adresse électronique, ni numéro de téléphone, rien qui permette de reconnaître "
        "quelqu'un. La coordination du territoire relit chaque observation avant de la publier.",
        error_messages={"required": "Écrivez ce que vous observez sur le terrain.",
                        "max_length": f"{OBSERVATION_MAX} caractères au plus."},
    )  # fmt: skip

    def __init__(self, *args, sujets: list, structures: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sujet"].choices = [("", "Choisissez")] + sujets
        self.fields["structure"].choices = [(s.pk, s.nom) for s in structures]
