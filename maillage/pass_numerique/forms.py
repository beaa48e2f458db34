"""Formulaires du Pass numérique : validation des saisies seulement ; les règles vivent dans services.py."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from maillage.accompagnements.enums import TypeAccompagnement
from maillage.accompagnements.models import Accompagnement
from maillage.comptes.models import Structure, Territoire
from maillage.core.forms import CommuneField
from maillage.lieux.models import Lieu
from maillage.orientations.models import Orientation
from maillage.pass_numerique.enums import Besoin, Situation, StatutQualification, TrancheAge
from maillage.pass_numerique.models import QualificationPass, ServicePass


class QualificationForm(DsfrBaseForm):
    lieu = forms.ModelChoiceField(queryset=Lieu.objects.none(), label="Lieu à qualifier")
    territoire = forms.ModelChoiceField(queryset=Territoire.objects.all(), label="Territoire du Pass numérique")
    siret = forms.CharField(label="SIRET de la structure", max_length=20, help_text="14 chiffres, sans espace.")
    titulaire_compte = forms.CharField(label="Titulaire du compte bancaire", max_length=200)
    iban = forms.CharField(label="IBAN", max_length=42, help_text="Exemple : FR76 3000 6000 0112 3456 7890 189")
    bic = forms.CharField(label="BIC (facultatif)", max_length=11, required=False)
    charte_acceptee = forms.BooleanField(
        label="J'ai lu la charte ci-dessus et je l'accepte au nom du lieu", required=False
    )

    def __init__(self, *args, lieux=None, services=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lieu"].queryset = lieux if lieux is not None else Lieu.objects.none()
        self.services = list(services if services is not None else ServicePass.objects.filter(is_active=True))
        for s in self.services:
            self.fields[f"prix_{s.code}"] = forms.IntegerField(
                label=f"{s.libelle} — prix en chèques (laisser vide si non proposé)",
                min_value=1, max_value=20, required=False,
            )  # fmt: skip
            self.fields[f"reste_{s.code}"] = forms.DecimalField(
                label=f"{s.libelle} — reste à payer par la personne, en euros (facultatif, vide = rien à payer)",
                min_value=Decimal("0"), max_digits=7, decimal_places=2, required=False,
            )  # fmt: skip
            self.fields[f"raison_{s.code}"] = forms.CharField(
                label=f"{s.libelle} — ce que paie ce reste (facultatif, à remplir s'il y a un reste)",
                max_length=200, required=False,
            )  # fmt: skip

    def offres(self) -> dict[ServicePass, int]:
        return {
            s: self.cleaned_data[f"prix_{s.code}"] for s in self.services if self.cleaned_data.get(f"prix_{s.code}")
        }

    def restes(self) -> dict[ServicePass, tuple[Decimal, str]]:
        """Pour chaque service proposé avec un reste à payer : (montant, ce qu'il paie)."""
        return {
            s: (self.cleaned_data[f"reste_{s.code}"], self.cleaned_data.get(f"raison_{s.code}", ""))
            for s in self.offres()
            if self.cleaned_data.get(f"reste_{s.code}")
        }


class DecisionForm(DsfrBaseForm):
    statut = forms.ChoiceField(
        choices=[(s, s.label) for s in StatutQualification if s != StatutQualification.EN_ATTENTE], label="Décision"
    )
    motif = forms.CharField(label="Motif (obligatoire pour suspendre ou retirer)", required=False, max_length=500)


class CampagneForm(DsfrBaseForm):
    nom = forms.CharField(label="Nom de la campagne", max_length=200)
    territoire = forms.ModelChoiceField(queryset=Territoire.objects.none(), label="Territoire")
    valeur_cheque = forms.DecimalField(
        label="Valeur d'un chèque (€)", min_value=Decimal("0.01"), max_digits=7, decimal_places=2, initial=10
    )
    cheques_par_carnet = forms.IntegerField(label="Chèques par carnet", min_value=1, max_value=50, initial=10)
    nombre_carnets = forms.IntegerField(label="Nombre de carnets", min_value=1, max_value=200_000)
    starts_on = forms.DateField(label="Valable du", widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label="Valable jusqu'au", widget=forms.DateInput(attrs={"type": "date"}))
    tolerance_jours = forms.IntegerField(label="Tolérance après la fin (jours)", min_value=0, max_value=90, initial=30)
    budget = forms.DecimalField(label="Budget (€)", min_value=Decimal("0"), max_digits=14, decimal_places=2)
    services = forms.ModelMultipleChoiceField(
        queryset=ServicePass.objects.filter(is_active=True), label="Services payables avec les chèques",
        widget=forms.CheckboxSelectMultiple, required=False,
    )  # fmt: skip
    reste_a_charge_autorise = forms.BooleanField(
        required=False, label="Un lieu peut laisser un reste à payer à la personne, s'il le dit avant (sinon, "
        "le Pass paie le service entier)",
    )  # fmt: skip
    lieux = forms.ModelMultipleChoiceField(
        queryset=Lieu.objects.none(), label="Lieux où les chèques sont acceptés (aucun coché = tous les lieux qualifiés)",
        widget=forms.CheckboxSelectMultiple, required=False,
    )  # fmt: skip
    financeur_1 = forms.ModelChoiceField(queryset=Structure.objects.none(), label="Financeur principal")
    part_1 = forms.DecimalField(
        label="Part du financeur principal (%)", min_value=Decimal("0.01"), max_value=100, initial=100
    )
    financeur_2 = forms.ModelChoiceField(
        queryset=Structure.objects.none(), label="Cofinanceur (facultatif)", required=False
    )
    part_2 = forms.DecimalField(
        label="Part du cofinanceur (%)", min_value=Decimal("0.01"), max_value=100, required=False
    )

    def __init__(self, *args, territoires=None, financeurs=None, lieux=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territoire"].queryset = territoires if territoires is not None else Territoire.objects.none()
        qs = financeurs if financeurs is not None else Structure.objects.none()
        self.fields["financeur_1"].queryset = qs
        self.fields["financeur_2"].queryset = qs
        self.fields["lieux"].queryset = lieux if lieux is not None else Lieu.objects.none()

    def cofinancements(self):
        out = [(self.cleaned_data["financeur_1"], self.cleaned_data["part_1"])]
        if self.cleaned_data.get("financeur_2"):
            out.append((self.cleaned_data["financeur_2"], self.cleaned_data.get("part_2") or Decimal(0)))
        return out


class AllocationForm(DsfrBaseForm):
    structure = forms.ModelChoiceField(queryset=Structure.objects.none(), label="Structure qui distribue")
    nombre = forms.IntegerField(label="Nombre de carnets", min_value=1)

    def __init__(self, *args, structures=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = structures if structures is not None else Structure.objects.none()


class _DateLieuChoiceField(forms.ModelChoiceField):
    """Libellé sans donnée personnelle : date et lieu seulement."""

    def label_from_instance(self, obj):
        lieu = getattr(obj, "lieu", None)
        return f"{timezone.localtime(obj.created_at):%d/%m/%Y %H:%M}" + (f" — {lieu.nom}" if lieu else "")


class RemiseForm(DsfrBaseForm):
    """Aucune donnée nominative : tranche d'âge, commune, situation, besoin ; lien facultatif vers une orientation."""

    tranche_age = forms.ChoiceField(label="Tranche d'âge", choices=TrancheAge.choices)
    commune = CommuneField(label="Commune de la personne (nom ou code postal)", required=False)
    situation = forms.ChoiceField(label="Situation", choices=Situation.choices)
    besoin = forms.ChoiceField(label="Besoin principal", choices=Besoin.choices)
    orientation = _DateLieuChoiceField(
        queryset=Orientation.objects.none(), required=False,
        label="Orientation faite pour cette personne (facultatif)",
    )  # fmt: skip

    def __init__(self, *args, orientations=None, territoire=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["orientation"].queryset = orientations if orientations is not None else Orientation.objects.none()
        # Homonymes : la commune du territoire de la campagne passe devant (règle commune à tout le projet).
        self.fields["commune"].territoire = territoire


class AnnulationForm(DsfrBaseForm):
    motif = forms.CharField(label="Motif (perte, vol…)", max_length=200)


class _SeanceChoiceField(forms.ModelChoiceField):
    """« 12/03/2026 — J. D. — Démarches en ligne, Courriel » ou « 12/03/2026 — atelier — … » : de quoi reconnaître
    la séance sans écrire le nom de la personne (initiales seulement, pour une personne suivie)."""

    def label_from_instance(self, obj):
        if obj.type == TypeAccompagnement.COLLECTIF:
            qui = f"atelier « {obj.titre_atelier} »" if obj.titre_atelier else "atelier"
        elif obj.beneficiaire_id and not obj.beneficiaire.anonymized_at:
            b = obj.beneficiaire
            qui = " ".join(f"{part[0].upper()}." for part in (b.prenom, b.nom) if part)
        else:
            qui = "personne non suivie"
        besoins = ", ".join(b.label for b in obj.besoins.all())
        lieu = f" — {obj.lieu.nom}" if obj.lieu_id else ""
        return f"{obj.date:%d/%m/%Y} — {qui}" + (f" — {besoins}" if besoins else "") + lieu


class EncaissementForm(DsfrBaseForm):
    code = forms.CharField(
        label="Code du chèque", max_length=60, help_text="15 caractères, par exemple ABCDE-FGHJK-MNPQR. Les tirets sont facultatifs.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )  # fmt: skip
    lieu = forms.ModelChoiceField(
        queryset=Lieu.objects.none(), label="Lieu où le service a été rendu", empty_label="Choisissez le lieu"
    )
    service = forms.ModelChoiceField(
        queryset=ServicePass.objects.filter(is_active=True), label="Service rendu", empty_label="Choisissez le service"
    )
    accompagnement = _SeanceChoiceField(
        queryset=Accompagnement.objects.none(), required=False, label="Séance enregistrée correspondante (facultatif)",
        empty_label="Aucune séance enregistrée", help_text="Séances des 30 derniers jours : date, personne (initiales) "
        "ou atelier, besoins traités.",
    )  # fmt: skip
    reste_annonce = forms.BooleanField(
        required=False, label="J'ai dit à la personne ce qui lui reste à payer pour ce service dans ce lieu"
    )

    def __init__(self, *args, lieux=None, accompagnements=None, offres=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lieu"].queryset = lieux if lieux is not None else Lieu.objects.none()
        self.fields["accompagnement"].queryset = (
            accompagnements if accompagnements is not None else Accompagnement.objects.none()
        )
        # (lieu, service) -> offre avec un reste à charge ; la case n'apparaît que s'il en existe une. La case est
        # exigée par le service d'encaissement (`check_cheque`, le même pour l'API), pas par ce formulaire.
        self.restes = {(o.qualification.lieu_id, o.service_id): o for o in (offres or []) if o.a_reste_a_charge}
        if not self.restes:
            del self.fields["reste_annonce"]
        if lieux is not None:
            # Seuls les services que ces lieux proposent au titre d'une qualification approuvée.
            self.fields["service"].queryset = (
                ServicePass.objects.filter(
                    offres__qualification__lieu__in=lieux, offres__qualification__statut=StatutQualification.APPROUVEE
                )
                .distinct()
                .order_by("libelle")
            )


class PointDistributionForm(DsfrBaseForm):
    visible = forms.BooleanField(
        required=False, label="Nommer ma structure sur la page publique « Le Pass numérique dans mon territoire »"
    )
    precisions = forms.CharField(
        label="Comment obtenir un carnet chez vous (facultatif)", max_length=300, required=False,
        help_text="Par exemple : sur rendez-vous, au guichet du CCAS, le mardi matin.",
    )  # fmt: skip


class CorrectionForm(DsfrBaseForm):
    code = forms.CharField(label="Code du chèque encaissé par erreur", max_length=60)
    motif = forms.CharField(label="Motif de la correction", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ReleveMoisForm(DsfrBaseForm):
    mois = forms.DateField(label="Mois (n'importe quel jour du mois)", widget=forms.DateInput(attrs={"type": "date"}))


class PaiementForm(DsfrBaseForm):
    payment_reference = forms.CharField(label="Référence du paiement (mandat, virement)", max_length=100)


def qualifications_for_choice():
    return QualificationPass.objects.select_related("lieu")
