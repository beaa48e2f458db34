"""Label « Tous aidants » : niveaux Pix des aidants, référentiel versionné d'un territoire (profils de référence,
grille de posture), pairs fondateurs, demandes, entretiens entre pairs, journal.

Une colonne par compétence (`n1_1` … `n5_2`) plutôt qu'une ligne : « cet aidant atteint-il le profil ? » se lit
dans une seule ligne, et la carte des compétences d'un hub de 100 000 aidants tient en une requête groupée
(décision 0012).
"""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from maillage.aidants.enums import Niveau
from maillage.aidants.models import ProfilAidant
from maillage.comptes.models import Territoire
from maillage.core.models import BaseModel, JournalModel
from maillage.label.enums import (
    CHAMPS,
    NIVEAU_MAX,
    STATUTS_OUVERTS,
    Avis,
    LabelEvent,
    StatutDemande,
)

VALIDITE_MOIS = 24
#: Une évaluation plus vieille que cela est « à actualiser ».
FRAICHEUR_MOIS = 24
LICENCE = "Licence Ouverte 2.0 (Etalab)"


def _niveau(code: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(code, null=True, blank=True)


class NiveauxParCompetence(models.Model):
    """Seize colonnes, une par compétence Pix. Vide : non évalué (ou, dans un profil, non exigé) — distinct de 0."""

    n1_1 = _niveau("1.1")
    n1_2 = _niveau("1.2")
    n1_3 = _niveau("1.3")
    n2_1 = _niveau("2.1")
    n2_2 = _niveau("2.2")
    n2_3 = _niveau("2.3")
    n2_4 = _niveau("2.4")
    n3_1 = _niveau("3.1")
    n3_2 = _niveau("3.2")
    n3_3 = _niveau("3.3")
    n3_4 = _niveau("3.4")
    n4_1 = _niveau("4.1")
    n4_2 = _niveau("4.2")
    n4_3 = _niveau("4.3")
    n5_1 = _niveau("5.1")
    n5_2 = _niveau("5.2")

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                name=f"%(class)s_{champ}_0_8",
                condition=Q(**{f"{champ}__isnull": True}) | Q(**{f"{champ}__lte": NIVEAU_MAX}),
                violation_error_message=f"Le niveau de la compétence {code} va de 0 à {NIVEAU_MAX}.",
            )
            for code, champ in CHAMPS.items()
        ]

    def niveaux(self) -> dict[str, int | None]:
        return {code: getattr(self, champ) for code, champ in CHAMPS.items()}


class CompetencesAidant(NiveauxParCompetence, BaseModel):
    """Les niveaux d'un aidant. `details` garde, par compétence évaluée, la source, la date de l'évaluation et la
    référence de la preuve (certification) : {"4.2": {"source": "PIX_PROFIL", "le": "2025-03-01", "preuve": ""}}."""

    # PROTECT : un profil ne se supprime pas (il s'anonymise) ; ses niveaux suivent son effacement.
    profil = models.OneToOneField(ProfilAidant, on_delete=models.PROTECT, related_name="competences")
    details = models.JSONField(default=dict, blank=True)

    class Meta(NiveauxParCompetence.Meta):
        verbose_name = "compétences d'un aidant"
        verbose_name_plural = "compétences des aidants"

    def __str__(self):
        return f"Compétences de {self.profil}"

    def detail(self, code: str) -> dict:
        return self.details.get(code) or {}

    def evalue_le(self, code: str) -> date | None:
        le = self.detail(code).get("le")
        return date.fromisoformat(le) if le else None


class ReferentielLabel(BaseModel):
    """La « règle du jeu » d'un territoire, par version : grille de posture, pairs d'une autre structure ou non,
    durée de validité, sources de niveau acceptées, et un profil de référence par niveau d'intervention.

    Une version ne change plus : toute modification en publie une nouvelle (l'ancienne reste, `superseded_at`) ;
    les écarts se recalculent à la lecture sur la version en vigueur."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territoire = models.ForeignKey(Territoire, on_delete=models.PROTECT, related_name="referentiels_label")
    version = models.PositiveIntegerField()
    grille_posture = models.JSONField("grille de posture", default=list)
    pairs_autre_structure = models.BooleanField("pairs d'une autre structure que la personne", default=True)
    validite_mois = models.PositiveSmallIntegerField("durée de validité du label (mois)", default=VALIDITE_MOIS)
    sources_acceptees = models.JSONField("sources de niveau acceptées", default=list)
    est_exemple = models.BooleanField("exemple à adapter", default=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    superseded_at = models.DateTimeField("remplacé le", null=True, blank=True)

    class Meta:
        verbose_name = "référentiel du label"
        verbose_name_plural = "référentiels du label"
        ordering = ["territoire", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["territoire", "version"],
                name="referentiel_label_version_unique",
                violation_error_message="Cette version du référentiel existe déjà pour ce territoire.",
            ),
            models.UniqueConstraint(
                fields=["territoire"],
                condition=Q(superseded_at__isnull=True),
                name="referentiel_label_un_en_vigueur",
                violation_error_message="Un territoire n'a qu'une version en vigueur de son référentiel.",
            ),
            models.CheckConstraint(
                name="referentiel_label_validite",
                condition=Q(validite_mois__gte=1) & Q(validite_mois__lte=60),
                violation_error_message="La validité du label va de 1 à 60 mois.",
            ),
        ]

    def __str__(self):
        return f"Référentiel du label v{self.version} — {self.territoire}"

    @property
    def licence(self) -> str:
        return LICENCE


class ProfilReference(NiveauxParCompetence):
    """Le niveau exigé par compétence pour un niveau d'intervention (vide : non exigé)."""

    referentiel = models.ForeignKey(ReferentielLabel, on_delete=models.CASCADE, related_name="profils")
    niveau = models.CharField("niveau d'intervention", max_length=30, choices=Niveau.choices)

    class Meta(NiveauxParCompetence.Meta):
        verbose_name = "profil de référence"
        verbose_name_plural = "profils de référence"
        constraints = [
            *NiveauxParCompetence.Meta.constraints,
            models.UniqueConstraint(
                fields=["referentiel", "niveau"],
                name="profil_reference_unique",
                violation_error_message="Ce niveau a déjà un profil dans cette version.",
            ),
        ]

    def __str__(self):
        return f"{self.get_niveau_display()} — {self.referentiel}"

    def exigences(self) -> dict[str, int]:
        """{code: niveau exigé} des compétences exigées (au moins 1)."""
        return {code: n for code, n in self.niveaux().items() if n}


class PairFondateur(BaseModel):
    """Pour le premier tour, avant qu'il y ait des aidants labellisés : la coordination désigne des pairs."""

    territoire = models.ForeignKey(Territoire, on_delete=models.PROTECT, related_name="pairs_fondateurs")
    profil = models.ForeignKey(ProfilAidant, on_delete=models.PROTECT, related_name="+")
    designe_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "pair fondateur"
        verbose_name_plural = "pairs fondateurs"
        constraints = [
            models.UniqueConstraint(
                fields=["territoire", "profil"],
                name="pair_fondateur_unique",
                violation_error_message="Cette personne est déjà pair fondateur de ce territoire.",
            ),
        ]


class DemandeLabelQuerySet(models.QuerySet):
    def valides(self, today: date):
        """Labels qui valent aujourd'hui : accordés et non échus (même si le cron n'est pas encore passé)."""
        return self.filter(statut=StatutDemande.ACCORDE, expire_le__gte=today)


class DemandeLabel(BaseModel):
    """Une demande de label d'un aidant pour un niveau, dans un territoire ; une fois accordée, c'est le label."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    profil = models.ForeignKey(ProfilAidant, on_delete=models.PROTECT, related_name="demandes_label")
    territoire = models.ForeignKey(Territoire, on_delete=models.PROTECT, related_name="demandes_label")
    niveau = models.CharField("niveau demandé", max_length=30, choices=Niveau.choices)
    statut = models.CharField(max_length=20, choices=StatutDemande.choices, default=StatutDemande.EN_COURS)
    # La version du référentiel appliquée à la dernière décision.
    referentiel = models.ForeignKey(
        ReferentielLabel, on_delete=models.PROTECT, null=True, blank=True, related_name="demandes"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)
    motif = models.TextField("motifs de la décision", blank=True)
    accorde_le = models.DateField("accordé le", null=True, blank=True)
    expire_le = models.DateField("valable jusqu'au", null=True, blank=True)
    relance_60_le = models.DateField(null=True, blank=True)
    relance_30_le = models.DateField(null=True, blank=True)
    withdrawn_at = models.DateTimeField("retiré le", null=True, blank=True)
    motif_retrait = models.TextField("motif du retrait", blank=True)

    objects = DemandeLabelQuerySet.as_manager()

    class Meta:
        verbose_name = "demande de label"
        verbose_name_plural = "demandes de label"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["profil", "territoire", "niveau"],
                condition=Q(statut__in=STATUTS_OUVERTS),
                name="demande_label_une_ouverte",
                violation_error_message="Une demande pour ce niveau est déjà ouverte.",
            ),
            models.CheckConstraint(
                name="demande_label_accordee_datee",
                condition=~Q(statut=StatutDemande.ACCORDE) | Q(expire_le__isnull=False),
                violation_error_message="Un label accordé a une date de fin.",
            ),
        ]

    def __str__(self):
        return f"{self.profil} — {self.get_niveau_display()} ({self.get_statut_display()})"


class EntretienPairs(BaseModel):
    """L'entretien de posture mené par deux pairs : chaque critère de la grille (copiée de la version en vigueur,
    pour que l'entretien reste lisible quand la grille change), et un avis d'ensemble."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    demande = models.ForeignKey(DemandeLabel, on_delete=models.PROTECT, related_name="entretiens")
    referentiel = models.ForeignKey(ReferentielLabel, on_delete=models.PROTECT, related_name="entretiens")
    pair_1 = models.ForeignKey(ProfilAidant, on_delete=models.PROTECT, related_name="+")
    pair_2 = models.ForeignKey(ProfilAidant, on_delete=models.PROTECT, related_name="+")
    mene_le = models.DateField("mené le")
    resultats = models.JSONField("critère par critère", default=list)  # [{"critere": …, "resultat": ACQUIS|…}]
    avis = models.CharField("avis d'ensemble", max_length=12, choices=Avis.choices)
    commentaire = models.TextField(blank=True)
    enregistre_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "entretien entre pairs"
        verbose_name_plural = "entretiens entre pairs"
        ordering = ["-mene_le", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="entretien_deux_pairs_distincts",
                condition=~Q(pair_1=models.F("pair_2")),
                violation_error_message="L'entretien se mène à deux pairs différents.",
            ),
        ]


class JournalLabel(JournalModel):
    """Chaque décision, entretien et version du référentiel (codes et drapeaux, jamais les motifs écrits)."""

    event = models.CharField("événement", max_length=30, choices=LabelEvent.choices)
    # PROTECT : le journal est une preuve.
    profil = models.ForeignKey(ProfilAidant, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    demande = models.ForeignKey(DemandeLabel, on_delete=models.PROTECT, null=True, blank=True, related_name="journal")
    entretien = models.ForeignKey(EntretienPairs, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    referentiel = models.ForeignKey(
        ReferentielLabel, on_delete=models.PROTECT, null=True, blank=True, related_name="journal"
    )

    class Meta(JournalModel.Meta):
        verbose_name = "journal du label"
        verbose_name_plural = "journal du label"


def pairs_eligibles(territoire: Territoire, today: date) -> models.QuerySet:
    """Les profils qui peuvent mener un entretien dans ce territoire : labellisés (label valable aujourd'hui) ou
    désignés pairs fondateurs par la coordination ; jamais un profil archivé."""
    labellises = DemandeLabel.objects.valides(today).filter(territoire=territoire).values("profil_id")
    fondateurs = PairFondateur.objects.filter(territoire=territoire).values("profil_id")
    return ProfilAidant.objects.filter(Q(pk__in=labellises) | Q(pk__in=fondateurs), archived_at__isnull=True)
