"""Formulaires du label : validation des saisies seulement (les règles vivent dans les services)."""

from django import forms
from dsfr.forms import DsfrBaseForm

from maillage.aidants.enums import Niveau
from maillage.label.enums import (
    CHAMPS,
    DOMAINES,
    EXPLICATIONS_COMPETENCES,
    NIVEAUX_PIX,
    Avis,
    Competence,
    ResultatCritere,
    SourceNiveau,
    domaine_de,
)

NON_EVALUE = "Non évalué"
DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def _niveau_field(choices, *, label: str, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, help_text=help_text, choices=choices, coerce=int, empty_value=None, required=False,
        error_messages={"invalid_choice": "Choisissez un niveau de 0 à 8, ou « non évalué »."},
    )  # fmt: skip


class NiveauxParDomaineMixin:
    """Un champ par compétence (`n4_2`), et leur groupement par domaine pour les fieldsets du gabarit."""

    vide = NON_EVALUE

    def add_niveaux(self, initial: dict[str, int | None]) -> None:
        choices = [("", self.vide), *NIVEAUX_PIX]
        for c in Competence:
            self.fields[CHAMPS[c.value]] = _niveau_field(
                choices, label=f"{c.value} {c.label}", help_text=EXPLICATIONS_COMPETENCES[c.value]
            )
            self.initial.setdefault(CHAMPS[c.value], initial.get(c.value))

    def domaines(self) -> list[dict]:
        groupes = {num: {"code": num, "titre": titre, "champs": []} for num, titre in DOMAINES.items()}
        for c in Competence:
            groupes[domaine_de(c.value)]["champs"].append(self[CHAMPS[c.value]])
        return list(groupes.values())

    def niveaux_saisis(self) -> dict[str, int | None]:
        return {code: self.cleaned_data.get(champ) for code, champ in CHAMPS.items()}


class CompetencesForm(NiveauxParDomaineMixin, DsfrBaseForm):
    source = forms.ChoiceField(
        label="D'où viennent ces niveaux ?", choices=SourceNiveau.choices, widget=forms.RadioSelect,
        initial=SourceNiveau.AUTO_DECLARE,
        help_text="Sans compte Pix (il demande une adresse électronique), estimez vous-même vos niveaux.",
    )  # fmt: skip
    evalue_le = forms.DateField(
        label="Date de l'évaluation ou de la certification", required=False, widget=DATE,
        help_text="Au format JJ/MM/AAAA. Sans date : aujourd'hui.",
    )  # fmt: skip
    preuve = forms.CharField(
        label="Référence de la certification", required=False, max_length=200,
        help_text="Pour une certification Pix : le code de vérification de votre certificat.",
    )  # fmt: skip
    field_order = ["source", "evalue_le", "preuve"]

    def __init__(self, *args, niveaux: dict[str, int | None] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_niveaux(niveaux or {})


class ProfilReferenceForm(NiveauxParDomaineMixin, DsfrBaseForm):
    vide = "Non exigé"

    def __init__(self, *args, niveaux: dict[str, int | None] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_niveaux(niveaux or {})


class ReglagesForm(DsfrBaseForm):
    grille = forms.CharField(
        label="Grille de posture", widget=forms.Textarea(attrs={"rows": 8}), max_length=6000,
        help_text="Un critère par ligne. Les pairs donnent « acquis » ou « à travailler » pour chacun.",
    )  # fmt: skip
    pairs_autre_structure = forms.BooleanField(
        label="Les deux pairs viennent d'une autre structure que la personne", required=False
    )
    validite_mois = forms.IntegerField(label="Durée de validité du label (mois)", min_value=1, max_value=60)
    sources_acceptees = forms.MultipleChoiceField(
        label="Niveaux acceptés pour le pilier « compétences »", choices=SourceNiveau.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Cochez au moins une source de niveau acceptée."},
    )  # fmt: skip

    def clean_grille(self):
        return [ligne.strip() for ligne in self.cleaned_data["grille"].splitlines() if ligne.strip()]


class DemandeForm(DsfrBaseForm):
    niveau = forms.ChoiceField(label="Niveau demandé", choices=Niveau.choices)

    def __init__(self, *args, niveaux: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["niveau"].choices = [(n, Niveau(n).label) for n in Niveau.values if n in niveaux]


class PairFondateurForm(DsfrBaseForm):
    profil = forms.ModelChoiceField(label="Aidant ou aidante", queryset=None, empty_label="Choisir")

    def __init__(self, *args, profils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profil"].queryset = profils


class EntretienForm(DsfrBaseForm):
    pair_1 = forms.ModelChoiceField(label="Premier pair", queryset=None, empty_label="Choisir")
    pair_2 = forms.ModelChoiceField(label="Second pair", queryset=None, empty_label="Choisir")
    mene_le = forms.DateField(label="Mené le", widget=DATE)

    def __init__(self, *args, pairs, grille: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pair_1"].queryset = self.fields["pair_2"].queryset = pairs
        for i, critere in enumerate(grille):
            self.fields[f"critere_{i}"] = forms.ChoiceField(
                label=critere, choices=ResultatCritere.choices, widget=forms.RadioSelect,
                error_messages={"required": f"Donnez un résultat pour « {critere} »."},
            )  # fmt: skip
        self.fields["avis"] = forms.ChoiceField(
            label="Avis d'ensemble", choices=Avis.choices, widget=forms.RadioSelect
        )
        self.fields["commentaire"] = forms.CharField(
            label="Commentaire (facultatif)", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
        )
        self.nb_criteres = len(grille)

    def resultats(self) -> list[str]:
        return [self.cleaned_data[f"critere_{i}"] for i in range(self.nb_criteres)]


class DecisionForm(DsfrBaseForm):
    decision = forms.ChoiceField(
        label="Décision", choices=[("accorder", "Accorder le label"), ("refuser", "Refuser")], widget=forms.RadioSelect
    )
    motif = forms.CharField(
        label="Motifs de la décision", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000,
        error_messages={"required": "Écrivez les motifs de la décision."},
    )  # fmt: skip


class RetraitForm(DsfrBaseForm):
    motif_retrait = forms.CharField(
        label="Motif du retrait", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000,
        error_messages={"required": "Écrivez le motif du retrait."},
    )  # fmt: skip


class ImportReferentielForm(DsfrBaseForm):
    fichier = forms.FileField(
        label="Fichier du référentiel (JSON)",
        help_text="Le fichier « Télécharger (JSON) » d'un référentiel, de votre territoire ou d'un autre.",
        error_messages={"required": "Choisissez le fichier JSON du référentiel.", "empty": "Le fichier est vide."},
    )
