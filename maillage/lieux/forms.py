"""Formulaires des lieux : recherche publique, édition par les gestionnaires, grille d'horaires, import.

La grille d'horaires (jours × deux plages) est convertie côté serveur en syntaxe OpenStreetMap
`opening_hours`, celle du standard national ; un champ « expert » permet d'écrire cette syntaxe directement.
"""

import re
from datetime import time

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from dsfr.forms import DsfrBaseForm

from maillage.core.forms import CommuneField
from maillage.lieux import enums as _e
from maillage.lieux.enums import BESOIN_DESCRIPTIONS, Besoin, Public
from maillage.lieux.horaires import validate_horaires

# — Grille d'horaires ⇄ syntaxe OpenStreetMap —

JOURS = [
    ("Mo", "lundi"),
    ("Tu", "mardi"),
    ("We", "mercredi"),
    ("Th", "jeudi"),
    ("Fr", "vendredi"),
    ("Sa", "samedi"),
    ("Su", "dimanche"),
]
JOUR_CODES = [code for code, _ in JOURS]
PLAGES = (1, 2)  # matin / après-midi : couvre la très grande majorité des lieux ; le reste passe par le mode expert
PLAGE_LIBELLES = {1: "première plage", 2: "deuxième plage"}

_RANGE = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")
_DAY_SPEC = re.compile(r"^(Mo|Tu|We|Th|Fr|Sa|Su)(?:-(Mo|Tu|We|Th|Fr|Sa|Su))?$")

Grille = dict[str, list[tuple[time, time]]]


def grid_to_osm(grille: Grille, *, feries_fermes: bool = False) -> str:
    """{"Mo": [(9h, 12h), (14h, 17h)], …} → « Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off ».

    Les jours qui ont exactement les mêmes plages sont regroupés (« Mo-We,Fr ») ; un jour sans plage est fermé
    (c'est la valeur par défaut d'OpenStreetMap). Grille vide → "" (horaires inconnus, jamais « toujours fermé »).
    """
    par_plages: dict[str, list[int]] = {}
    for index, code in enumerate(JOUR_CODES):
        plages = sorted(grille.get(code) or [])
        if not plages:
            continue
        texte = ",".join(f"{debut:%H:%M}-{fin:%H:%M}" for debut, fin in plages)
        par_plages.setdefault(texte, []).append(index)
    if not par_plages:
        return ""
    regles = []
    for texte, jours in sorted(par_plages.items(), key=lambda item: item[1][0]):
        regles.append(f"{_days_selector(jours)} {texte}")
    if feries_fermes:
        regles.append("PH off")
    return "; ".join(regles)


def _days_selector(indexes: list[int]) -> str:
    """[0, 1, 2, 4] → « Mo-We,Fr » ; deux jours consécutifs restent listés (« Sa,Su »)."""
    runs: list[list[int]] = []
    for index in indexes:
        if runs and index == runs[-1][-1] + 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{JOUR_CODES[run[0]]}-{JOUR_CODES[run[-1]]}")
        else:
            parts.extend(JOUR_CODES[i] for i in run)
    return ",".join(parts)


def osm_to_grid(value: str) -> tuple[Grille, bool] | None:
    """Relit une valeur simple (« Mo-Fr 09:00-12:00,14:00-17:00; We off; PH off ») en grille.

    Renvoie None si la valeur sort de ce que la grille sait montrer (24/7, semaines, dates, plus de deux plages,
    heures après minuit…) : le formulaire garde alors la valeur telle quelle et invite au mode expert.
    """
    grille: Grille = {code: [] for code in JOUR_CODES}
    feries_fermes = False
    value = (value or "").strip()
    if not value:
        return grille, False
    for regle in (r.strip() for r in value.split(";")):
        if not regle:
            continue
        if regle in ("PH off", "PH closed"):
            feries_fermes = True
            continue
        parts = regle.split(None, 1)
        if len(parts) != 2:
            return None
        days = _parse_days(parts[0])
        if days is None:
            return None
        if parts[1] in ("off", "closed"):
            plages = []
        else:
            plages = []
            for plage in parts[1].split(","):
                match = _RANGE.match(plage.strip())
                if not match:
                    return None
                h1, m1, h2, m2 = (int(g) for g in match.groups())
                if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59 or (h2, m2) <= (h1, m1):
                    return None
                plages.append((time(h1, m1), time(h2, m2)))
            if len(plages) > len(PLAGES):
                return None
        for day in days:  # sémantique OSM : une règle ultérieure remplace les plages du jour
            grille[day] = sorted(plages)
    return grille, feries_fermes


def _parse_days(spec: str) -> list[str] | None:
    days: list[str] = []
    for part in spec.split(","):
        match = _DAY_SPEC.match(part)
        if not match:
            return None
        start = JOUR_CODES.index(match.group(1))
        end = JOUR_CODES.index(match.group(2)) if match.group(2) else start
        if end < start:  # « Sa-Mo » : valide en OSM, mais rare ; mode expert
            return None
        days.extend(JOUR_CODES[start : end + 1])
    return days


class HorairesForm(DsfrBaseForm):
    """Grille de la semaine (deux plages par jour) + jours fériés + champ expert.

    Règle : si le champ expert a été modifié, c'est lui qui compte ; sinon la grille est convertie. Modifier les
    deux à la fois est refusé (on ne devine pas lequel garder). `cleaned_data["horaires"]` est la valeur finale.
    """

    feries_fermes = forms.BooleanField(label="Fermé les jours fériés", required=False)
    horaires_expert = forms.CharField(
        label="Horaires au format OpenStreetMap (mode expert)",
        help_text="Par exemple : Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off. "
        "Laissez tel quel pour utiliser la grille ci-dessus.",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "spellcheck": "false", "autocomplete": "off"}),
    )

    def __init__(self, *args, horaires: str = "", **kwargs):
        self.horaires_initiaux = horaires or ""
        lue = osm_to_grid(self.horaires_initiaux)
        self.grille_possible = lue is not None
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("horaires_expert", self.horaires_initiaux)
        if lue is not None:
            grille, feries = lue
            initial.setdefault("feries_fermes", feries)
            for code, _nom in JOURS:
                for n, (debut, fin) in zip(PLAGES, grille[code], strict=False):
                    initial.setdefault(f"{code}_debut_{n}", debut)
                    initial.setdefault(f"{code}_fin_{n}", fin)
        super().__init__(*args, **kwargs)
        for code, nom in JOURS:
            for n in PLAGES:
                for bout, libelle in (("debut", "ouverture"), ("fin", "fermeture")):
                    self.fields[f"{code}_{bout}_{n}"] = forms.TimeField(
                        label=f"{nom.capitalize()}, {PLAGE_LIBELLES[n]} : {libelle}",
                        required=False,
                        input_formats=["%H:%M", "%Hh%M", "%Hh", "%H"],
                        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time", "class": "fr-input"}),
                        error_messages={"invalid": "Heure invalide : écrivez-la comme 09:30."},
                    )
        # DsfrBaseForm a posé ses classes avant la création des champs de la grille.
        for name in ("feries_fermes", "horaires_expert"):
            self.fields[name] = self.fields.pop(name)

    @property
    def lignes(self):
        """Pour le gabarit : une ligne par jour, avec ses champs (tableau accessible)."""
        rows = []
        for code, nom in JOURS:
            rows.append(
                {
                    "nom": nom.capitalize(),
                    "champs": [(self[f"{code}_debut_{n}"], self[f"{code}_fin_{n}"]) for n in PLAGES],
                }
            )
        return rows

    def _grille(self) -> Grille:
        grille: Grille = {}
        for code, nom in JOURS:
            plages = []
            for n in PLAGES:
                debut = self.cleaned_data.get(f"{code}_debut_{n}")
                fin = self.cleaned_data.get(f"{code}_fin_{n}")
                if debut is None and fin is None:
                    continue
                if debut is None or fin is None:
                    raise ValidationError(
                        f"{nom.capitalize()}, {PLAGE_LIBELLES[n]} : indiquez l'heure d'ouverture ET l'heure de "
                        "fermeture (ou aucune des deux)."
                    )
                if fin <= debut:
                    raise ValidationError(
                        f"{nom.capitalize()}, {PLAGE_LIBELLES[n]} : l'heure de fermeture doit suivre l'heure "
                        "d'ouverture. Pour une ouverture après minuit, utilisez le mode expert."
                    )
                plages.append((debut, fin))
            plages.sort()
            if len(plages) == 2 and plages[1][0] < plages[0][1]:
                raise ValidationError(f"{nom.capitalize()} : les deux plages se chevauchent.")
            grille[code] = plages
        return grille

    def grid_changed(self) -> bool:
        names = [name for name in self.changed_data if name != "horaires_expert"]
        return bool(names)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        expert = " ".join((cleaned.get("horaires_expert") or "").split())
        expert_modifie = expert != " ".join(self.horaires_initiaux.split())
        if expert_modifie and self.grid_changed():
            raise ValidationError(
                "Vous avez modifié à la fois la grille et le champ expert : gardez une seule des deux modifications."
            )
        if expert_modifie:
            horaires = expert
        elif self.grille_possible:
            horaires = grid_to_osm(self._grille(), feries_fermes=bool(cleaned.get("feries_fermes")))
        else:
            horaires = self.horaires_initiaux  # trop complexe pour la grille : rien n'a changé
        if horaires:
            message = _validate_horaires(horaires)
            if message:
                self.add_error("horaires_expert", message)
        cleaned["horaires"] = horaires
        return cleaned


def _validate_horaires(value: str) -> str | None:
    """Message d'erreur en français si la valeur ne se lit pas, None sinon (validateur des données : horaires.py)."""
    try:
        validate_horaires(value)
    except ValidationError as error:
        return " ".join(error.messages)
    return None


# — Recherche publique —

RAYONS = [("5", "5 km"), ("10", "10 km"), ("20", "20 km"), ("50", "50 km"), ("commune", "Dans la commune seulement")]
RAYON_DEFAUT = "20"


class RechercheForm(DsfrBaseForm):
    """Paramètres de la page publique « Trouver un lieu » (GET). Tout est facultatif.

    Sans JavaScript : `ou` est un texte (nom de commune ou code postal) résolu côté serveur. Avec JavaScript :
    l'autocomplétion remplit aussi `commune` (code INSEE) et « Autour de moi » remplit `lat`/`lon`.
    """

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
    rayon_km = forms.ChoiceField(
        label="Distance",
        choices=RAYONS,
        required=False,
        initial=RAYON_DEFAUT,
        error_messages={"invalid_choice": "Choisissez une distance dans la liste (5, 10, 20 ou 50 km)."},
    )
    besoin = forms.ChoiceField(label="De quoi avez-vous besoin ?", required=False, widget=forms.RadioSelect)
    publics = forms.MultipleChoiceField(
        label="Pour qui ?",
        help_text="Tous les lieux accueillent tout le monde ; certains s'adressent surtout à ces personnes.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    gratuit = forms.BooleanField(label="Gratuit", required=False)
    pass_numerique = forms.BooleanField(label="Accepte le Pass numérique", required=False)
    accessible = forms.BooleanField(
        label="Accessible aux personnes à mobilité réduite",
        help_text="Lieux qui le déclarent, ou dont l'accessibilité est décrite sur Accès libre.",
        required=False,
    )
    ouvert_maintenant = forms.BooleanField(label="Ouvert maintenant", required=False)
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["besoin"].choices = [("", "Tous les besoins")] + [
            (
                b.value,
                format_html('{}<span class="fr-hint-text">{}</span>', b.label, BESOIN_DESCRIPTIONS.get(b.value, "")),
            )
            for b in Besoin
        ]
        self.fields["besoin"].error_messages["invalid_choice"] = "Ce besoin n'existe pas : choisissez dans la liste."
        self.fields["publics"].choices = list(Public.choices)
        self.fields["publics"].error_messages["invalid_choice"] = "Choisissez les publics dans la liste."

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("lat") is None) != (cleaned.get("lon") is None) and not (
            self.has_error("lat") or self.has_error("lon")
        ):
            raise ValidationError("La position est incomplète : il faut la latitude et la longitude.")
        return cleaned


# — Édition d'un lieu (gestionnaires, coordination) —


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


def _choix_multiples(enum, label, help_text=""):
    return forms.MultipleChoiceField(
        label=label, choices=enum.choices, required=False, widget=forms.CheckboxSelectMultiple, help_text=help_text
    )


class LieuForm(DsfrBaseForm):
    """Ce qu'un·e gestionnaire tient à jour. Formulaire simple (pas ModelForm) : la validation métier et
    l'historique sont faits par `services.create_lieu` / `update_lieu`, qui reçoivent `service_data()`."""

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
    services = _choix_multiples(_e.Service, "Ce qu'on peut y faire")
    publics_specifiquement_adresses = _choix_multiples(
        _e.Public, "Publics surtout accueillis", "Ne cochez rien si le lieu s'adresse à tout le monde."
    )
    prise_en_charge_specifique = _choix_multiples(_e.PriseEnCharge, "Le lieu sait accueillir les personnes…")
    frais_a_charge = _choix_multiples(_e.Frais, "Coût pour la personne")
    modalites_acces = _choix_multiples(_e.ModaliteAcces, "Comment être accueilli")
    modalites_accompagnement = _choix_multiples(_e.ModaliteAccompagnement, "Comment se passe l'accompagnement")
    dispositif_programmes_nationaux = _choix_multiples(_e.Dispositif, "Dispositifs nationaux")
    formations_labels = _choix_multiples(_e.FormationLabel, "Formations et labels")
    itinerance = _choix_multiples(
        _e.Itinerance, "Fixe ou itinérant", "Itinérant : le lieu se déplace (bus, permanences) ; indiquez ses arrêts."
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

    def add_service_errors(self, error: ValidationError) -> None:
        """Range les erreurs du service (validation du modèle) sous les champs du formulaire."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, errors in error.error_dict.items():
            target = {"commune": "commune_choisie", "code_insee": "commune_choisie", "commune_ref": "commune_choisie"}
            name = target.get(field, field)
            for e in errors:
                self.add_error(name if name in self.fields else None, e)


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
        message = _validate_horaires(horaires) if horaires else None
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
    statut = forms.ChoiceField(choices=_e.StatutLieu.choices)


class FusionForm(forms.Form):
    garder = forms.UUIDField()
    retirer = forms.UUIDField()


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
