"""Formulaire de la page publique « Trouver un lieu » (GET, tout facultatif)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from dsfr.forms import DsfrBaseForm

from maillage.core.rendu import ChampRapide, ChoixFixe, ChoixMultiplesFixes
from maillage.lieux.enums import BESOIN_DESCRIPTIONS, Besoin, PriseEnCharge, Public
from maillage.lieux.horaires import JOURS

RAYONS = [("5", "5 km"), ("10", "10 km"), ("20", "20 km"), ("50", "50 km"), ("commune", "Dans la commune seulement")]
RAYON_DEFAUT = "20"
# Besoins particuliers (`prise_en_charge_specifique` du standard), en mots de la personne. Les handicaps moteurs
# sont déjà le critère « Accessible aux personnes à mobilité réduite ».
PRISES_EN_CHARGE = [
    (PriseEnCharge.SURDITE.value, "Personnes sourdes ou malentendantes"),
    (PriseEnCharge.DEFICIENCE_VISUELLE.value, "Personnes aveugles ou malvoyantes"),
    (PriseEnCharge.ILLETTRISME.value, "Personnes qui ont du mal à lire ou à écrire"),
    (PriseEnCharge.HANDICAPS_MENTAUX.value, "Personnes en situation de handicap psychique ou mental"),
    (PriseEnCharge.LANGUES_ANGLAIS.value, "Personnes qui parlent anglais"),
    (PriseEnCharge.LANGUES_AUTRES.value, "Personnes qui parlent d'autres langues étrangères"),
]
JOURS_CHOIX = [("", "N'importe quel jour")] + [(str(i), jour.lower()) for i, jour in enumerate(JOURS)]
HEURES_CHOIX = [("", "N'importe quelle heure")] + [(f"{h:02d}:00", f"{h} h") for h in range(8, 21)]


class RechercheForm(DsfrBaseForm):
    """Paramètres de la page publique « Trouver un lieu » (GET). Tout est facultatif.

    Sans JavaScript : `ou` est un texte (nom de commune ou code postal) résolu côté serveur. Avec JavaScript :
    l'autocomplétion remplit aussi `commune` (code INSEE) et « Autour de moi » remplit `lat`/`lon`.
    """

    bound_field_class = ChampRapide  # `<input>` écrits en Python, à l'identique (page servie des milliers de fois)

    ou = forms.CharField(
        label="Commune ou code postal",
        help_text="Par exemple : Angers, ou 49100",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    commune = forms.RegexField(
        regex=r"^(\d{5}|2[AB]\d{3})$",
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": "Le code de commune n'est pas valide."},
    )
    lat = forms.FloatField(
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": "La position (latitude) n'est pas un nombre.",
            "min_value": "La latitude doit être comprise entre -90 et 90.",
            "max_value": "La latitude doit être comprise entre -90 et 90.",
        },
    )
    lon = forms.FloatField(
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": "La position (longitude) n'est pas un nombre.",
            "min_value": "La longitude doit être comprise entre -180 et 180.",
            "max_value": "La longitude doit être comprise entre -180 et 180.",
        },
    )
    rayon_km = ChoixFixe(
        label="Distance",
        choices=RAYONS,
        required=False,
        initial=RAYON_DEFAUT,
        error_messages={"invalid_choice": "Choisissez une distance dans la liste (5, 10, 20 ou 50 km)."},
    )
    # Choix calculés une fois (et non à chaque formulaire : la page est servie des milliers de fois).
    besoin = ChoixFixe(
        label="De quoi avez-vous besoin ?",
        required=False,
        widget=forms.RadioSelect,
        choices=[("", "Tous les besoins")]
        + [
            (
                b.value,
                format_html('{}<span class="fr-hint-text">{}</span>', b.label, BESOIN_DESCRIPTIONS.get(b.value, "")),
            )
            for b in Besoin
        ],
        error_messages={"invalid_choice": "Ce besoin n'existe pas : choisissez dans la liste."},
    )
    publics = ChoixMultiplesFixes(
        label="Pour qui ?",
        help_text="Tous les lieux accueillent tout le monde ; certains s'adressent surtout à ces personnes.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=Public.choices,
        error_messages={"invalid_choice": "Choisissez les publics dans la liste."},
    )
    gratuit = forms.BooleanField(label="Gratuit", required=False)
    pass_numerique = forms.BooleanField(label="Accepte le Pass numérique", required=False)
    accessible = forms.BooleanField(
        label="Accessible aux personnes à mobilité réduite",
        help_text="Lieux qui le déclarent, ou dont l'accessibilité est décrite sur Accès libre.",
        required=False,
    )
    ouvert_maintenant = forms.BooleanField(label="Ouvert maintenant", required=False)
    # Case « en moins » plutôt qu'« en plus » : un formulaire GET ne distingue pas une case décochée d'une première
    # visite, et l'aide à distance doit être proposée par défaut (décision 0022).
    sur_place = forms.BooleanField(
        label="Seulement les lieux où l'on se rend",
        help_text="Sans cette case, les lieux qui aident par téléphone ou en visio dans votre commune sont aussi "
        "proposés.",
        required=False,
    )
    prise_en_charge = ChoixMultiplesFixes(
        label="Besoins particuliers",
        help_text="Lieux qui déclarent savoir accueillir ces personnes.",
        choices=PRISES_EN_CHARGE,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choisissez les besoins particuliers dans la liste."},
    )
    soiree = forms.BooleanField(label="Ouvert en soirée (après 18 h)", required=False)
    samedi = forms.BooleanField(label="Ouvert le samedi", required=False)
    jour = ChoixFixe(
        label="Ouvert le",
        choices=JOURS_CHOIX,
        required=False,
        error_messages={"invalid_choice": "Choisissez un jour de la semaine dans la liste."},
    )
    heure = ChoixFixe(
        label="À",
        help_text="Le prochain jour choisi, à cette heure-là.",
        choices=HEURES_CHOIX,
        required=False,
        error_messages={"invalid_choice": "Choisissez une heure dans la liste."},
    )
    q = forms.CharField(label="Nom du lieu (facultatif)", required=False, max_length=100)
    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=10_000,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": "Le numéro de page doit être un nombre.",
            "min_value": "Le numéro de page commence à 1.",
            "max_value": "Ce numéro de page est trop grand.",
        },
    )

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("lat") is None) != (cleaned.get("lon") is None) and not (
            self.has_error("lat") or self.has_error("lon")
        ):
            raise ValidationError("La position est incomplète : il faut la latitude et la longitude.")
        if cleaned.get("heure") and not cleaned.get("jour"):
            self.add_error("jour", "Choisissez aussi le jour où la personne veut y aller.")
        return cleaned
