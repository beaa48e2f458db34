"""Offre de formation : formations (thème, niveaux et compétences visés, format, coût), sessions (dates, lieu ou
distance, places), inscriptions (liste d'attente, présence), besoins exprimés par les structures, journal."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from maillage.aidants.models import ProfilAidant
from maillage.comptes.models import Structure, Territoire
from maillage.core.models import BaseModel, Commune, JournalModel
from maillage.formations.enums import ETATS_OUVERTS, EtatInscription, Financement, Format, FormationEvent, Theme
from maillage.label.enums import SourceNiveau


def competences_text(codes: list[str]) -> str:
    """« |4.2|5.1| » : « cette formation vise-t-elle 4.2 ? » en `__contains`, portable SQLite/PostgreSQL."""
    return "|" + "|".join(sorted(codes)) + "|" if codes else ""


class Formation(BaseModel):
    """Une formation proposée aux aidants d'un territoire. `source_niveaux` : la source de son évaluation de fin de
    formation ; remplie, elle inscrit `niveau_vise` sur les compétences visées de chaque personne présente."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territoire = models.ForeignKey(Territoire, on_delete=models.PROTECT, related_name="formations")
    titre = models.CharField(max_length=200)
    theme = models.CharField("thème", max_length=30, choices=Theme.choices)
    description = models.TextField(blank=True)
    niveaux = models.JSONField("niveaux d'intervention visés", default=list, blank=True)
    competences = models.JSONField("compétences visées", default=list, blank=True)
    competences_text = models.CharField(max_length=120, blank=True, editable=False, db_index=True)
    duree_heures = models.DecimalField("durée (heures)", max_digits=5, decimal_places=1)
    format = models.CharField(max_length=20, choices=Format.choices)
    structure_formatrice = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="formations_donnees", verbose_name="structure qui forme"
    )
    cout_euros = models.DecimalField("coût par personne (€)", max_digits=8, decimal_places=2, default=0)
    financement = models.CharField(max_length=20, choices=Financement.choices, default=Financement.GRATUIT)
    # La source de l'évaluation de fin de formation (vide : pas d'évaluation, les niveaux ne changent pas).
    source_niveaux = models.CharField(
        "évaluation en fin de formation", max_length=30, choices=SourceNiveau.choices, blank=True
    )
    niveau_vise = models.PositiveSmallIntegerField("niveau atteint en fin de formation", null=True, blank=True)

    class Meta:
        verbose_name = "formation"
        ordering = ["titre"]
        constraints = [
            models.CheckConstraint(
                name="formation_duree_positive",
                condition=Q(duree_heures__gt=0),
                violation_error_message="La durée d'une formation est d'au moins une demi-heure.",
            ),
            models.CheckConstraint(
                name="formation_cout_positif",
                condition=Q(cout_euros__gte=0),
                violation_error_message="Le coût ne peut pas être négatif.",
            ),
            models.CheckConstraint(
                name="formation_niveau_si_mise_a_jour",
                condition=Q(source_niveaux="") | Q(niveau_vise__isnull=False, niveau_vise__lte=8),
                violation_error_message="Une formation qui met à jour les niveaux dit le niveau atteint (0 à 8).",
            ),
        ]

    def __str__(self):
        return self.titre

    def save(self, *args, **kwargs):
        self.competences_text = competences_text(self.competences)
        super().save(*args, **kwargs)


class Session(BaseModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    formation = models.ForeignKey(Formation, on_delete=models.PROTECT, related_name="sessions")
    debut = models.DateTimeField("début", db_index=True)
    fin = models.DateTimeField()
    a_distance = models.BooleanField("à distance", default=False)
    lieu = models.CharField("adresse ou lien de connexion", max_length=255, blank=True)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    capacite = models.PositiveSmallIntegerField("nombre de places")
    annulee_at = models.DateTimeField("annulée le", null=True, blank=True)

    class Meta:
        verbose_name = "session de formation"
        verbose_name_plural = "sessions de formation"
        ordering = ["debut", "pk"]
        constraints = [
            models.CheckConstraint(
                name="session_fin_apres_debut",
                condition=Q(fin__gt=models.F("debut")),
                violation_error_message="La fin de la session vient après son début.",
            ),
            models.CheckConstraint(
                name="session_capacite",
                condition=Q(capacite__gte=1),
                violation_error_message="Une session a au moins une place.",
            ),
        ]

    def __str__(self):
        return f"{self.formation} — {self.debut:%d/%m/%Y}"


class Inscription(BaseModel):
    """Une personne dans une session : inscrite, en attente, annulée, présente ou absente. `ecarts_vises` garde les
    compétences de son écart que la session couvrait à l'inscription (chiffre « écarts couverts »)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="inscriptions")
    profil = models.ForeignKey(ProfilAidant, on_delete=models.PROTECT, related_name="inscriptions_formation")
    etat = models.CharField(max_length=20, choices=EtatInscription.choices)
    inscrit_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    ecarts_vises = models.JSONField(default=list, blank=True)
    pointee_at = models.DateTimeField("présence pointée le", null=True, blank=True)

    class Meta:
        verbose_name = "inscription à une session"
        verbose_name_plural = "inscriptions aux sessions"
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["session", "etat"])]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "profil"],
                condition=Q(etat__in=ETATS_OUVERTS),
                name="inscription_une_par_session",
                violation_error_message="Cette personne est déjà inscrite à cette session.",
            ),
        ]

    def __str__(self):
        return f"{self.profil} — {self.session} ({self.get_etat_display()})"


class DemandeFormation(BaseModel):
    """Un besoin de formation exprimé par une structure (« trois agents d'accueil sur les démarches CAF »)."""

    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="demandes_formation")
    theme = models.CharField("thème", max_length=30, choices=Theme.choices)
    competences = models.JSONField("compétences", default=list, blank=True)
    personnes = models.PositiveSmallIntegerField("nombre de personnes à former", default=1)
    precision = models.CharField("précision", max_length=300, blank=True)
    demandee_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "besoin de formation d'une structure"
        verbose_name_plural = "besoins de formation des structures"


class JournalFormation(JournalModel):
    """Qui a fait quoi sur une formation ou une mission (drapeaux seulement, jamais le texte d'un point d'étape)."""

    event = models.CharField("événement", max_length=30, choices=FormationEvent.choices)
    formation = models.ForeignKey(Formation, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    inscription = models.ForeignKey(Inscription, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    mission = models.ForeignKey(
        "formations.Mission", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    volontaire = models.ForeignKey(
        "formations.Volontaire", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta(JournalModel.Meta):
        verbose_name = "journal des formations"
        verbose_name_plural = "journal des formations"
