"""Modifier un lieu (gestionnaires, coordination) : ses champs, ses arrêts s'il est itinérant, son statut, la
fusion de deux fiches. Ces formulaires ne valident que la saisie : les règles du lieu sont celles du service
(`services.validate_lieu`), les mêmes que pour un import, et ses erreurs reviennent sous les champs."""

import re

from django import forms
from django.core.exceptions import ValidationError
from dsfr.forms import DsfrBaseForm

from maillage.core.forms import CommuneField
from maillage.lieux.enums import StatutLieu
from maillage.lieux.forms.horaires import JOURS, horaires_error, osm_to_grid
from maillage.lieux.schema import LIST_ENUMS


def _lines(value: str) -> list[str]:
    """Une valeur par ligne (ou séparées par des virgules / points-virgules), sans doublon ni vide."""
    out = []
    for part in re.split(r"[\n,;]+", value or ""):
        part = part.strip()
        if part and part not in out:
            out.append(part)
    return out


class ListeTexteField(forms.CharField):
    """Liste de textes saisie une valeur par ligne (courriels, sites web)."""

    widget = forms.Textarea(attrs={"rows": 2})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        return _lines(super().to_python(value))


def _choix_multiples(field: str, label: str, help_text: str = ""):
    """Cases à cocher d'une liste fermée du standard (valeurs et libellés : `schema.LIST_ENUMS`)."""
    return forms.MultipleChoiceField(
        label=label,
        choices=LIST_ENUMS[field].choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


class LieuForm(DsfrBaseForm):
    """Ce qu'une ou un gestionnaire tient à jour. Formulaire simple (pas ModelForm) : la validation métier et
    l'historique sont faits par `services.create_lieu` / `update_lieu`, qui reçoivent `service_data()`."""

    #: Champ du modèle nommé par un refus du service -> champ du formulaire qui le saisit (`core.refus.form_errors`).
    SERVICE_FIELDS = {"commune": "commune_choisie", "code_insee": "commune_choisie", "commune_ref": "commune_choisie"}

    structure = forms.ModelChoiceField(
        label="Structure qui tient ce lieu", queryset=None, empty_label="Choisissez une structure"
    )
    nom = forms.CharField(label="Nom du lieu", max_length=250)
    presentation_resume = forms.CharField(
        label="Présentation en une phrase",
        help_text="Ce que la personne y trouve, en mots simples (280 caractères au plus).",
        max_length=280,
        required=False,
    )
    presentation_detail = forms.CharField(
        label="Présentation détaillée", required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 4})
    )
    pivot = forms.CharField(
        label="SIRET ou RNA", required=False, max_length=14, help_text="14 chiffres (SIRET) ou W suivi de 9 chiffres."
    )
    adresse = forms.CharField(label="Adresse (numéro et rue)", max_length=255)
    complement_adresse = forms.CharField(
        label="Complément d'adresse", required=False, max_length=255, help_text="Bâtiment, étage, salle…"
    )
    commune_choisie = CommuneField(label="Commune")
    code_postal = forms.RegexField(
        label="Code postal",
        regex=r"^\d{5}$",
        required=False,
        help_text="Laissez vide pour prendre celui de la commune.",
        error_messages={"invalid": "Le code postal a 5 chiffres."},
    )
    latitude = forms.FloatField(
        label="Latitude",
        required=False,
        min_value=-90,
        max_value=90,
        help_text="Facultatif : sans position, le lieu est placé au centre de la commune (position approximative).",
    )
    longitude = forms.FloatField(label="Longitude", required=False, min_value=-180, max_value=180)
    telephone = forms.CharField(label="Téléphone", required=False, max_length=20)
    courriels = ListeTexteField(label="Adresses électroniques", required=False, help_text="Une par ligne.")
    site_web = ListeTexteField(label="Sites web", required=False, help_text="Une adresse par ligne (https://…).")
    prise_rdv = forms.URLField(
        label="Lien de prise de rendez-vous en ligne", required=False, max_length=500, assume_scheme="https"
    )
    fiche_acces_libre = forms.URLField(
        label="Fiche Accès libre (accessibilité)", required=False, max_length=500, assume_scheme="https"
    )
    services = _choix_multiples("services", "Ce qu'on peut y faire")
    publics_specifiquement_adresses = _choix_multiples(
        "publics_specifiquement_adresses",
        "Publics surtout accueillis",
        "Ne cochez rien si le lieu s'adresse à tout le monde.",
    )
    prise_en_charge_specifique = _choix_multiples(
        "prise_en_charge_specifique", "Le lieu sait accueillir les personnes…"
    )
    frais_a_charge = _choix_multiples("frais_a_charge", "Coût pour la personne")
    modalites_acces = _choix_multiples("modalites_acces", "Comment être accueilli")
    modalites_accompagnement = _choix_multiples("modalites_accompagnement", "Comment se passe l'accompagnement")
    dispositif_programmes_nationaux = _choix_multiples("dispositif_programmes_nationaux", "Dispositifs nationaux")
    formations_labels = _choix_multiples("formations_labels", "Formations et labels")
    itinerance = _choix_multiples(
        "itinerance", "Fixe ou itinérant", "Itinérant : le lieu se déplace (bus, permanences) ; indiquez ses arrêts."
    )

    GROUPES = [
        ("Le lieu", ["structure", "nom", "presentation_resume", "presentation_detail", "pivot"]),
        ("Adresse", ["adresse", "complement_adresse", "commune_choisie", "code_postal", "latitude", "longitude"]),
        ("Contact", ["telephone", "courriels", "site_web", "prise_rdv", "fiche_acces_libre"]),
        (
            "Ce que le lieu propose",
            [
                "services",
                "publics_specifiquement_adresses",
                "prise_en_charge_specifique",
                "frais_a_charge",
                "modalites_acces",
                "modalites_accompagnement",
                "dispositif_programmes_nationaux",
                "formations_labels",
                "itinerance",
            ],
        ),
    ]
    MULTIPLES = {name for _t, names in GROUPES[3:] for name in names}

    def __init__(self, *args, structures=None, lieu=None, **kwargs):
        self.lieu = lieu
        if lieu is not None:
            initial = kwargs.setdefault("initial", {})
            for name in self.base_fields:
                if name == "commune_choisie":
                    initial.setdefault(name, lieu.commune_ref or lieu.commune)
                elif name == "structure":
                    initial.setdefault(name, lieu.structure_id)
                elif hasattr(lieu, name):
                    initial.setdefault(name, getattr(lieu, name))
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = structures
        if lieu is not None and lieu.structure_id is None:
            self.fields["structure"].required = False
            self.fields["structure"].empty_label = "Aucune structure"

    @property
    def groupes(self):
        return [(titre, [self[name] for name in names]) for titre, names in self.GROUPES]

    def service_data(self) -> dict:
        """Les champs pour `create_lieu`/`update_lieu` (noms de `services.EDITABLE_FIELDS`)."""
        d = dict(self.cleaned_data)
        commune = d.pop("commune_choisie")
        data = {
            name: d[name] for name in d if name not in ("latitude", "longitude", "code_postal") and name in self.fields
        }
        data["commune_ref"] = commune
        data["commune"] = commune.nom
        data["code_insee"] = commune.code_insee
        data["code_postal"] = d.get("code_postal") or commune.code_postal
        if d.get("latitude") is not None and d.get("longitude") is not None:
            data["latitude"], data["longitude"] = d["latitude"], d["longitude"]
            data["position_approximative"] = False
        elif d.get("latitude") is None and d.get("longitude") is None:
            moved = self.lieu is None or self.lieu.commune_ref_id != commune.pk or self.lieu.latitude is None
            if moved and commune.latitude is not None:
                data["latitude"], data["longitude"] = commune.latitude, commune.longitude
                data["position_approximative"] = True
            elif self.lieu is not None:
                data["latitude"], data["longitude"] = self.lieu.latitude, self.lieu.longitude
        if self.lieu is not None and self.lieu.structure_id is None and data.get("structure") is None:
            data.pop("structure", None)
        if self.lieu is None and data.get("structure"):
            data["structure_parente"] = data["structure"].nom  # création : la structure porteuse, modifiable ensuite
        return data

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None) and not (
            self.has_error("latitude") or self.has_error("longitude")
        ):
            self.add_error("latitude", "Indiquez la latitude et la longitude, ou aucune des deux.")
        return cleaned


class ArretForm(DsfrBaseForm):
    """Un arrêt d'un lieu itinérant : où (commune, adresse) et quand (un jour et une plage, ou le mode expert)."""

    nom = forms.CharField(label="Nom de l'arrêt", max_length=200, help_text="Par exemple : Place du marché")
    commune_choisie = CommuneField(label="Commune")
    adresse = forms.CharField(label="Adresse", max_length=255, required=False)
    jour = forms.ChoiceField(
        label="Jour", choices=[("", "—")] + [(c, n.capitalize()) for c, n in JOURS], required=False
    )
    debut = forms.TimeField(
        label="Arrivée", required=False, widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"})
    )
    fin = forms.TimeField(
        label="Départ", required=False, widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"})
    )
    horaires_expert = forms.CharField(
        label="Ou horaires au format OpenStreetMap",
        required=False,
        max_length=1000,
        help_text="Pour plusieurs passages : « Tu 09:00-12:00; Th 14:00-17:00 ».",
    )

    @classmethod
    def initial_for(cls, arret) -> dict:
        initial = {
            "nom": arret.nom,
            "commune_choisie": arret.commune,
            "adresse": arret.adresse,
            "horaires_expert": arret.horaires,
        }
        lue = osm_to_grid(arret.horaires)
        if lue is not None and not lue[1]:
            jours = [(code, plages) for code, plages in lue[0].items() if plages]
            if len(jours) == 1 and len(jours[0][1]) == 1:
                code, [(debut, fin)] = jours[0]
                initial.update(jour=code, debut=debut, fin=fin, horaires_expert="")
        return initial

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        expert = " ".join((cleaned.get("horaires_expert") or "").split())
        jour, debut, fin = cleaned.get("jour"), cleaned.get("debut"), cleaned.get("fin")
        if expert:
            horaires = expert
        elif jour or debut or fin:
            if not (jour and debut and fin):
                raise ValidationError("Indiquez le jour, l'heure d'arrivée et l'heure de départ de l'arrêt.")
            if fin <= debut:
                raise ValidationError("L'heure de départ doit suivre l'heure d'arrivée.")
            horaires = f"{jour} {debut:%H:%M}-{fin:%H:%M}"
        else:
            horaires = ""
        message = horaires_error(horaires) if horaires else None
        if message:
            self.add_error("horaires_expert", message)
        cleaned["horaires"] = horaires
        return cleaned

    def service_data(self) -> dict:
        commune = self.cleaned_data["commune_choisie"]
        return {
            "nom": self.cleaned_data["nom"],
            "commune": commune,
            "adresse": self.cleaned_data.get("adresse") or "",
            "horaires": self.cleaned_data["horaires"],
            "latitude": commune.latitude,
            "longitude": commune.longitude,
        }


ArretFormSet = forms.formset_factory(ArretForm, extra=1, can_delete=True, max_num=60, validate_max=True)


class StatutForm(forms.Form):
    statut = forms.ChoiceField(choices=StatutLieu.choices)


class FusionForm(forms.Form):
    garder = forms.UUIDField()
    retirer = forms.UUIDField()
