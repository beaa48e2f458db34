"""Saisies de l'annuaire : validation seulement ; les règles (territoire, périmètre) sont dans les services."""

from django import forms
from dsfr.forms import DsfrBaseForm

from maillage.annuaire.enums import Canal, Dispositif, Operateur, Public, RoleReseau, StatutAction, ZoneADistance
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
    debut_financement = forms.DateField(
        label="Début du financement", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    fin_financement = forms.DateField(
        label="Fin du financement", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
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


class PerimetreLieuForm(PerimetreMixin, DsfrBaseForm):
    def __init__(self, *args, territoire, epcis, **kwargs):
        super().__init__(*args, **kwargs)
        self._perimetre(territoire, epcis)
        choix = [(v, f"Tout le territoire {territoire.nom}" if v == ZoneADistance.TERRITOIRE else libelle)
                 for v, libelle in ZoneADistance.choices]  # fmt: skip
        self.fields["zone_a_distance"] = forms.ChoiceField(
            label="S'il aide à distance (téléphone, visio), pour qui ?", choices=choix, widget=forms.RadioSelect,
            initial=ZoneADistance.PERIMETRE, required=False,
            help_text="Seulement pour un lieu qui accompagne « À distance ». La recherche le propose alors aux "
            "personnes de cette zone, marqué « à distance ».",
        )  # fmt: skip

    def clean_zone_a_distance(self):
        return self.cleaned_data.get("zone_a_distance") or ZoneADistance.PERIMETRE


class ContactForm(DsfrBaseForm):
    operateur = forms.ChoiceField(label="Opérateur", choices=Operateur.choices)
    theme = forms.CharField(label="Thème", max_length=120, help_text="Par exemple : RSA, dossier bloqué")
    canal = forms.ChoiceField(label="Canal", choices=Canal.choices)
    coordonnees = forms.CharField(label="Adresse, numéro ou lien", max_length=255,
                                  help_text="Par exemple : Espace partenaires CAF, ou 01 23 45 67 89")  # fmt: skip
    service = forms.CharField(label="Service ou fonction du contact", required=False, max_length=200)
    consignes = forms.CharField(label="Ce qu'il faut joindre ou préciser", required=False, max_length=1000,
                                widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip


class AxeForm(DsfrBaseForm):
    prefix = "axe"
    titre = forms.CharField(label="Titre du nouvel axe", max_length=200)


class ActionForm(DsfrBaseForm):
    prefix = "action"
    axe = forms.ModelChoiceField(label="Axe", queryset=None, empty_label="Choisir un axe")
    titre = forms.CharField(label="Titre de l'action", max_length=300)
    pilote = forms.ModelChoiceField(label="Structure pilote", queryset=None, required=False,
                                    empty_label="À désigner plus tard",
                                    help_text="Parmi les structures de l'annuaire du territoire")  # fmt: skip
    partenaires = forms.ModelMultipleChoiceField(label="Structures partenaires", queryset=None, required=False,
                                                 widget=forms.CheckboxSelectMultiple)  # fmt: skip
    statut = forms.ChoiceField(label="État de départ", choices=StatutAction.choices, initial=StatutAction.A_LANCER)
    debut = forms.DateField(
        label="Début", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    fin = forms.DateField(
        label="Fin", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, axes, structures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["axe"].queryset = axes
        self.fields["pilote"].queryset = structures
        self.fields["partenaires"].queryset = structures

    def clean(self):
        data = super().clean()
        debut, fin = data.get("debut"), data.get("fin")
        if debut and fin and fin < debut:
            self.add_error("fin", "La fin de l'action ne peut pas précéder son début.")
        return data


class IndicateurForm(DsfrBaseForm):
    prefix = "indicateur"
    action = forms.ModelChoiceField(label="Action suivie", queryset=None, empty_label="Choisir une action")
    chiffre = forms.ChoiceField(label="Chiffre de Maillage", help_text="Recalculé à chaque lecture de la page")
    libelle = forms.CharField(label="Libellé affiché", required=False, max_length=200,
                              help_text="Laissez vide pour reprendre le nom du chiffre")  # fmt: skip
    cible = forms.IntegerField(label="Cible", required=False, min_value=0, max_value=10_000_000)

    def __init__(self, *args, actions, **kwargs):
        from maillage.annuaire.indicateurs import choix

        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = actions
        self.fields["chiffre"].choices = [("", "Choisir un chiffre"), *choix()]
