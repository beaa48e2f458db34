"""Saisies des formations et du service civique (validation seulement ; les règles sont dans les services)."""

from datetime import datetime
from decimal import Decimal

from django import forms
from django.utils import timezone

from maillage.aidants.enums import Niveau
from maillage.aidants.models import ProfilAidant
from maillage.comptes.models import Structure, Territoire
from maillage.core.forms import CommuneField
from maillage.formations.enums import Critere, Financement, Format, Theme, TypeRencontre
from maillage.formations.models import Cohorte
from maillage.label.enums import NIVEAUX_PIX, Competence, SourceNiveau


class PointEtapeForm(forms.Form):
    ressenti = forms.CharField(
        label="Comment se passe votre mission ?",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    activites = forms.CharField(
        label="Ce que vous avez fait ces dernières semaines", required=False, max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip
    alerte_derive = forms.BooleanField(
        label="Ma mission s'éloigne de la médiation numérique (par exemple : des tâches de bureau ou d'informatique "
        "pour la structure au lieu d'accompagner des personnes)",
        required=False,
    )
    partage_structure = forms.BooleanField(
        label="J'accepte que ma structure d'accueil lise ce point d'étape (sinon, seule la coordination le lit)",
        required=False,
    )


class MissionForm(forms.Form):
    cohorte = forms.ModelChoiceField(label="Cohorte", queryset=Cohorte.objects.none(), empty_label=None)
    intitule = forms.CharField(label="Intitulé de la mission", max_length=200)
    description = forms.CharField(label="Description", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    tuteur = forms.CharField(label="Tuteur ou tutrice (nom et fonction)", max_length=200, required=False)

    def __init__(self, *args, cohortes=None, avec_entete: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if avec_entete:
            self.fields["cohorte"].queryset = cohortes if cohortes is not None else Cohorte.objects.none()
        else:
            for nom in ("cohorte", "intitule"):
                del self.fields[nom]
        for c in Critere:
            self.fields[f"critere_{c.value}"] = forms.CharField(
                label=f"{c.label} : comment la structure s'y engage", required=False, max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )  # fmt: skip

    def criteres(self) -> dict[str, str]:
        return {c.value: self.cleaned_data.get(f"critere_{c.value}", "") for c in Critere}


class DecisionMissionForm(forms.Form):
    motif = forms.CharField(
        label="Ce que la structure doit revoir (si vous ne validez pas)", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


class BesoinForm(forms.Form):
    theme = forms.ChoiceField(label="Thème", choices=Theme.choices)
    personnes = forms.IntegerField(label="Nombre de personnes à former", min_value=1, max_value=500)
    precision = forms.CharField(label="Précision (facultatif)", required=False, max_length=300)


# — Offre de formation : créer une formation, programmer une session —

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_HEURE = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class FormationForm(forms.Form):
    territoire = forms.ModelChoiceField(label="Territoire", queryset=Territoire.objects.none(), empty_label=None)
    structure_formatrice = forms.ModelChoiceField(
        label="Structure qui forme", queryset=Structure.objects.none(), empty_label=None
    )
    titre = forms.CharField(label="Titre de la formation", max_length=200)
    theme = forms.ChoiceField(label="Thème", choices=Theme.choices)
    description = forms.CharField(
        label="Description", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    competences = forms.MultipleChoiceField(
        label="Compétences numériques travaillées", required=False,
        choices=[(c.value, f"{c.value} — {c.label}") for c in Competence],
        widget=forms.CheckboxSelectMultiple,
        help_text="Les aidants à qui manque l'une d'elles verront la formation dans « Formations pour mes besoins ».",
    )  # fmt: skip
    niveaux = forms.MultipleChoiceField(
        label="Niveaux d'intervention visés", required=False, choices=Niveau.choices,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    duree_heures = forms.DecimalField(
        label="Durée (en heures)", min_value=Decimal("0.5"), max_value=999, decimal_places=1,
        help_text="Par exemple 3 ou 3.5",
    )  # fmt: skip
    format = forms.ChoiceField(label="Format", choices=Format.choices)
    financement = forms.ChoiceField(label="Financement", choices=Financement.choices)
    cout_euros = forms.DecimalField(
        label="Coût par personne (en euros)", min_value=0, max_value=99999, decimal_places=2, initial=0,
        help_text="0 si la formation est gratuite",
    )  # fmt: skip
    source_niveaux = forms.ChoiceField(
        label="Évaluation en fin de formation", required=False, choices=[("", "Aucune")] + SourceNiveau.choices,
        help_text="Avec une évaluation, les niveaux des personnes présentes montent au niveau atteint.",
    )  # fmt: skip
    niveau_vise = forms.TypedChoiceField(
        label="Niveau atteint en fin de formation", required=False, coerce=int, empty_value=None,
        choices=[("", "Sans objet")] + NIVEAUX_PIX,
    )  # fmt: skip

    def __init__(self, *args, territoires=None, structures=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territoire"].queryset = territoires if territoires is not None else Territoire.objects.none()
        self.fields["structure_formatrice"].queryset = (
            structures if structures is not None else Structure.objects.none()
        )

    def clean(self):
        data = super().clean()
        if data.get("source_niveaux") and data.get("niveau_vise") is None:
            self.add_error("niveau_vise", "Avec une évaluation de fin de formation, dites le niveau atteint.")
        return data


class SessionForm(forms.Form):
    jour = forms.DateField(label="Date", widget=_DATE, help_text="Format : JJ/MM/AAAA")
    heure_debut = forms.TimeField(label="Heure de début", widget=_HEURE, help_text="Format : HH:MM, par exemple 09:30")
    heure_fin = forms.TimeField(label="Heure de fin", widget=_HEURE, help_text="Format : HH:MM, par exemple 12:30")
    jour_fin = forms.DateField(
        label="Date de fin (si la session dure plusieurs jours)", required=False, widget=_DATE,
        help_text="Format : JJ/MM/AAAA",
    )  # fmt: skip
    capacite = forms.IntegerField(label="Nombre de places", min_value=1, max_value=500)
    a_distance = forms.BooleanField(label="La session a lieu à distance", required=False)
    lieu = forms.CharField(
        label="Adresse, ou lien de connexion pour une session à distance", max_length=255, required=False
    )
    commune = CommuneField(
        label="Commune de la session", required=False,
        help_text="Nom ou code postal. Laissez vide : la commune de la structure qui forme (ou aucune, à distance).",
    )  # fmt: skip

    def __init__(self, *args, territoire=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].territoire = territoire  # les communes du territoire d'abord

    def clean(self):
        data = super().clean()
        jour, debut, fin = data.get("jour"), data.get("heure_debut"), data.get("heure_fin")
        if jour and debut and fin:
            data["debut"] = timezone.make_aware(datetime.combine(jour, debut))
            data["fin"] = timezone.make_aware(datetime.combine(data.get("jour_fin") or jour, fin))
            if data["debut"] <= timezone.now():
                self.add_error("jour", "Une nouvelle session se programme dans le futur.")
        return data


# — Service civique : cohortes, volontaires, journées et regroupements, fin anticipée —


class CohorteForm(forms.Form):
    territoire = forms.ModelChoiceField(label="Territoire", queryset=Territoire.objects.none(), empty_label=None)
    nom = forms.CharField(label="Nom de la cohorte", max_length=150, help_text="Par exemple « Cohorte 2026-2027 »")
    debut = forms.DateField(label="Début", widget=_DATE, help_text="Format : JJ/MM/AAAA")
    fin = forms.DateField(label="Fin", widget=_DATE, help_text="Format : JJ/MM/AAAA")

    def __init__(self, *args, territoires=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territoire"].queryset = territoires if territoires is not None else Territoire.objects.none()


class VolontaireForm(forms.Form):
    profil = forms.ModelChoiceField(
        label="Aidant ou aidante de la structure", queryset=ProfilAidant.objects.none(), empty_label=None,
        to_field_name="public_id",
        help_text="Le profil doit être rattaché à la structure avec le statut « Volontaire en service civique ».",
    )  # fmt: skip
    debut = forms.DateField(label="Début de la mission", widget=_DATE, help_text="Format : JJ/MM/AAAA")
    fin = forms.DateField(label="Fin prévue", widget=_DATE, help_text="Format : JJ/MM/AAAA")

    def __init__(self, *args, rattachements=None, **kwargs):
        super().__init__(*args, **kwargs)
        rattachements = list(rattachements or [])
        statuts = {r.profil_id: r.get_statut_display() for r in rattachements}
        field = self.fields["profil"]
        field.queryset = ProfilAidant.objects.filter(pk__in=statuts).order_by("nom", "prenom")
        field.label_from_instance = lambda p: f"{p.prenom} {p.nom} ({statuts.get(p.pk, '').lower()})"


class RencontreForm(forms.Form):
    type = forms.ChoiceField(label="Type", choices=TypeRencontre.choices)
    date = forms.DateField(label="Date", widget=_DATE, help_text="Format : JJ/MM/AAAA")
    theme = forms.CharField(
        label="Thème", max_length=200, help_text="Par exemple « Accueillir sans faire à la place »"
    )


class FinAnticipeeForm(forms.Form):
    le = forms.DateField(label="Dernier jour de la mission", widget=_DATE, help_text="Format : JJ/MM/AAAA")
