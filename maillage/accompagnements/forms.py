from django import forms
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from maillage.accompagnements.enums import (
    DUREES_MINUTES,
    FACONS_A_LA_PLACE,
    REPARTITIONS,
    FaconDeFaire,
    Materiel,
    MotifSuppression,
    NiveauAtelier,
    RaisonALaPlace,
    ReponseCapable,
    ReponseVoix,
    TypeAccompagnement,
    TypeLieu,
    besoin_traite_choices,
    duree_label,
)
from maillage.accompagnements.services import place_errors
from maillage.core.forms import CommuneField
from maillage.lieux.models import Arret
from maillage.orientations.enums import Besoin, Resultat


def facon_field_name(code: str) -> str:
    return f"facon_{code}"


def raison_field_name(code: str) -> str:
    return f"raison_{code}"


class AccompagnementForm(DsfrBaseForm):
    """Saisie en moins de 30 secondes : tout a une valeur par défaut sauf les thématiques."""

    structure = forms.ModelChoiceField(label="Structure", queryset=None, empty_label=None)
    type = forms.ChoiceField(
        label="Type",
        choices=TypeAccompagnement.choices,
        widget=forms.RadioSelect,
        initial=TypeAccompagnement.INDIVIDUEL,
    )
    date = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    duree = forms.TypedChoiceField(
        label="Durée",
        choices=[(str(m), duree_label(m)) for m in DUREES_MINUTES] + [("autre", "Autre durée")],
        widget=forms.RadioSelect,
        initial="30",
    )
    duree_autre = forms.IntegerField(label="Autre durée, en minutes", required=False)
    type_lieu = forms.ChoiceField(
        label="Où ?", choices=TypeLieu.choices, widget=forms.RadioSelect, initial=TypeLieu.LIEU
    )
    lieu = forms.ModelChoiceField(label="Lieu", queryset=None, required=False, empty_label="Choisir un lieu")
    arret = forms.ModelChoiceField(
        label="Arrêt itinérant", queryset=None, required=False, empty_label="Choisir un arrêt"
    )
    commune = CommuneField(label="Commune (à domicile)", max_length=100, required=False)
    besoins = forms.MultipleChoiceField(
        label="Thématiques et démarches",
        choices=besoin_traite_choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Cochez au moins une thématique ou une démarche."},
    )
    facon = forms.ChoiceField(
        label="Comment cela a été fait",
        help_text="Pour tous les besoins cochés ; vous pouvez préciser besoin par besoin plus bas.",
        choices=FaconDeFaire.choices,
        widget=forms.RadioSelect,
        initial=FaconDeFaire.FAIRE_AVEC,
    )
    raison = forms.ChoiceField(
        label="Si c'était à la place de la personne, pourquoi ?",
        help_text="Une seule touche, si vous le souhaitez. Aucune raison n'est une faute.",
        choices=RaisonALaPlace.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    resultat = forms.ChoiceField(
        label="Pour la personne, le problème est…", choices=Resultat.choices, widget=forms.RadioSelect, required=False
    )
    materiel = forms.MultipleChoiceField(
        label="Matériel utilisé", choices=Materiel.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    precisions_demarche = forms.CharField(label="Nom de la démarche", max_length=200, required=False)
    participants = forms.IntegerField(label="Nombre de participants (atelier)", required=False, min_value=0)
    titre_atelier = forms.CharField(label="Titre de l'atelier", max_length=200, required=False)
    niveau = forms.ChoiceField(
        label="Niveau de l'atelier", choices=[("", "Non précisé")] + NiveauAtelier.choices, required=False
    )
    notes = forms.CharField(
        label="Notes",
        help_text="Aucune information sensible : ni santé, ni mot de passe.",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    # Orientation à la suite de la séance (facultatif).
    suite_lieu = forms.ChoiceField(label="Orienter ensuite vers le lieu", required=False)
    suite_besoin = forms.ChoiceField(label="Pour quel besoin ?", required=False)
    suite_consentement = forms.BooleanField(label="La personne est d'accord (texte lu)", required=False)

    def __init__(self, *args, structures, lieux, suite_lieux=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = structures
        if len(structures) == 1:
            self.fields["structure"].widget = forms.HiddenInput()
            self.fields["structure"].initial = structures[0].pk
            self.fields["structure"].required = False
            self._only_structure = structures[0]
        self.fields["lieu"].queryset = lieux
        self.fields["arret"].queryset = (
            Arret.objects.filter(lieu__in=lieux).select_related("lieu").order_by("lieu__nom", "ordre", "pk")
        )
        self.fields["suite_lieu"].choices = [("", "Pas d'orientation")] + list(suite_lieux)
        self.fields["suite_besoin"].choices = [("", "Choisir")] + Besoin.choices
        for group, enum in REPARTITIONS.items():
            for value, label in enum.choices:
                self.fields[f"rep_{group}_{value}"] = forms.IntegerField(label=label, required=False, min_value=0)
        for code, label in besoin_traite_choices():
            self.fields[facon_field_name(code)] = forms.ChoiceField(
                label=label, choices=[("", "Comme indiqué au-dessus")] + FaconDeFaire.choices, required=False
            )
            self.fields[raison_field_name(code)] = forms.ChoiceField(
                label=f"{label} : pourquoi à la place ?",
                choices=[("", "Comme indiqué au-dessus")] + RaisonALaPlace.choices,
                required=False,
            )

    def repartition_fields(self):
        return [
            (group, [self[f"rep_{group}_{value}"] for value in enum.values]) for group, enum in REPARTITIONS.items()
        ]

    def facon_fields(self):
        return [(self[facon_field_name(code)], self[raison_field_name(code)]) for code, _ in besoin_traite_choices()]

    def clean(self):
        data = super().clean()
        if not data.get("structure") and getattr(self, "_only_structure", None) is not None:
            data["structure"] = self._only_structure
        if data.get("duree") == "autre":
            data["duree_minutes"] = data.get("duree_autre")
            if not data["duree_minutes"]:
                self.add_error("duree_autre", "Indiquez la durée en minutes.")
        elif data.get("duree"):
            data["duree_minutes"] = int(data["duree"])
        data["besoins_facons"] = {
            code: data.get(facon_field_name(code)) or data.get("facon") for code in data.get("besoins", [])
        }
        # La raison ne vaut que pour les besoins faits « à la place » ; ailleurs, elle est ignorée.
        data["raisons"] = {
            code: raison
            for code, facon in data["besoins_facons"].items()
            if facon in FACONS_A_LA_PLACE and (raison := data.get(raison_field_name(code)) or data.get("raison"))
        }
        data["repartitions"] = {
            group: {v: data[f"rep_{group}_{v}"] for v in enum.values if data.get(f"rep_{group}_{v}")}
            for group, enum in REPARTITIONS.items()
        }
        # La règle du service, vérifiée dès le formulaire : toutes les erreurs dans un seul résumé.
        if data.get("type_lieu") and "commune" not in self.errors:
            for name, message in place_errors(
                type_lieu=data["type_lieu"],
                lieu=data.get("lieu"),
                arret=data.get("arret"),
                commune=data.get("commune"),
            ).items():
                self.add_error(name, message)
        if data.get("suite_lieu") and not data.get("suite_consentement"):
            self.add_error("suite_consentement", "L'accord de la personne est nécessaire pour l'orienter.")
        if data.get("suite_lieu") and not data.get("suite_besoin"):
            self.add_error("suite_besoin", "Choisissez le besoin pour lequel vous orientez.")
        return data

    @staticmethod
    def initial_from(last) -> dict:
        """« Refaire la même » : tout sauf la date (aujourd'hui), la personne et les notes."""
        initial = {
            "structure": last.structure_id,
            "type": last.type,
            "date": timezone.localdate(),
            "type_lieu": last.type_lieu,
            "lieu": last.lieu_id,
            "arret": last.arret_id,
            "materiel": last.materiel,
            "resultat": last.resultat,
            "participants": last.participants if last.type == TypeAccompagnement.COLLECTIF else None,
            "titre_atelier": last.titre_atelier,
            "niveau": last.niveau,
            "precisions_demarche": last.precisions_demarche,
        }
        if last.duree in DUREES_MINUTES:
            initial["duree"] = str(last.duree)
        else:
            initial.update(duree="autre", duree_autre=last.duree)
        besoins = list(last.besoins.all())
        initial["besoins"] = [b.besoin for b in besoins]
        facons = {b.facon for b in besoins}
        if len(facons) == 1:
            initial["facon"] = facons.pop()
        else:
            initial.update({facon_field_name(b.besoin): b.facon for b in besoins})
        return initial

    @classmethod
    def initial_for_correction(cls, accompagnement) -> dict:
        """Corriger : tout ce qui a été saisi, y compris la date, les notes, les répartitions et les raisons."""
        initial = cls.initial_from(accompagnement)
        initial.update(
            date=accompagnement.date,
            notes=accompagnement.notes,
            commune=accompagnement.commune.label if accompagnement.commune_id else "",
        )
        for group, values in (accompagnement.repartitions or {}).items():
            initial.update({f"rep_{group}_{value}": n for value, n in values.items()})
        initial.update({raison_field_name(b.besoin): b.raison for b in accompagnement.besoins.all() if b.raison})
        return initial


class SuppressionForm(DsfrBaseForm):
    motif = forms.ChoiceField(
        label="Pourquoi supprimer cette séance ?",
        choices=MotifSuppression.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez pourquoi la séance est supprimée."},
    )


class FiltreSeancesForm(DsfrBaseForm):
    """Filtres de « Mes accompagnements » (GET : aucun nom dans l'adresse, la personne y est un identifiant)."""

    qui = forms.ChoiceField(
        label="Quelles séances ?",
        choices=[("moi", "Les miennes"), ("structure", "Toutes celles de ma structure")],
        widget=forms.RadioSelect,
        required=False,
    )
    du = forms.DateField(label="Du", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    au = forms.DateField(label="Au", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    lieu = forms.ModelChoiceField(
        label="Lieu", queryset=None, required=False, empty_label="Tous les lieux", to_field_name="public_id"
    )
    besoin = forms.ChoiceField(label="Thématique ou démarche", required=False)
    personne = forms.ModelChoiceField(
        label="Personne suivie",
        queryset=None,
        required=False,
        empty_label="Toutes les personnes",
        to_field_name="public_id",
    )

    def __init__(self, *args, lieux, personnes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lieu"].queryset = lieux
        self.fields["personne"].queryset = personnes
        self.fields["besoin"].choices = [("", "Toutes")] + besoin_traite_choices()

    def clean(self):
        data = super().clean()
        if data.get("du") and data.get("au") and data["au"] < data["du"]:
            self.add_error("au", "La date de fin doit suivre la date de début.")
        return data


class QuestionnaireForm(forms.Form):
    """Les trois questions, dans l'ordre de la page et de la version papier (la même source)."""

    regle = forms.ChoiceField(
        label="Votre problème est-il réglé ?", choices=ReponseVoix.choices, widget=forms.RadioSelect
    )
    capable = forms.ChoiceField(
        label="Vous sentez-vous capable de le refaire seul ou seule ?",
        choices=ReponseCapable.choices,
        widget=forms.RadioSelect,
    )
    aise = forms.ChoiceField(
        label="Vous sentez-vous plus à l'aise avec le numérique ?",
        choices=ReponseVoix.choices,
        widget=forms.RadioSelect,
    )


class BeneficiaireForm(DsfrBaseForm):
    structure = forms.ModelChoiceField(label="Structure qui suit la personne", queryset=None, empty_label=None)
    prenom = forms.CharField(label="Prénom", max_length=100)
    nom = forms.CharField(label="Nom (facultatif)", max_length=100, required=False)
    annee_naissance = forms.IntegerField(label="Année de naissance (facultatif)", required=False)
    commune = CommuneField(label="Commune (facultatif)", max_length=100, required=False)
    telephone = forms.CharField(label="Téléphone (facultatif)", max_length=20, required=False)
    consentement = forms.BooleanField(
        label="J'ai lu ce texte à la personne et elle est d'accord",
        error_messages={"required": "Sans l'accord de la personne, l'accompagnement reste anonyme."},
    )

    def __init__(self, *args, structures, **kwargs):
        super().__init__(*args, **kwargs)
        # La personne donne son accord à une structure précise : on la demande dès qu'il y a le choix.
        self.fields["structure"].queryset = structures
        self.fields["structure"].initial = structures[0].pk
        if len(structures) == 1:
            self.fields["structure"].widget = forms.HiddenInput()
