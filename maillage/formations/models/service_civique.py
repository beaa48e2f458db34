"""Service civique : cohortes (coordination), missions proposées par les structures d'accueil (quatre critères,
tuteur ou tutrice), volontaires (un profil d'aidant au statut « service civique »), journées de formation et
regroupements avec présences, points d'étape (alerte de dérive vue par la coordination seule, sauf accord)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from maillage.aidants.models import ProfilAidant
from maillage.comptes.models import Structure, Territoire
from maillage.core.models import BaseModel
from maillage.formations.enums import EtatMission, EtatVolontaire, TypeRencontre

AGE_MINIMUM_VOLONTAIRE = 16


class Cohorte(BaseModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territoire = models.ForeignKey(Territoire, on_delete=models.PROTECT, related_name="cohortes_service_civique")
    nom = models.CharField(max_length=150)
    debut = models.DateField("début")
    fin = models.DateField()
    coordinateur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="coordinatrice ou coordinateur",
    )

    class Meta:
        verbose_name = "cohorte de service civique"
        verbose_name_plural = "cohortes de service civique"
        ordering = ["-debut"]
        constraints = [
            models.CheckConstraint(
                name="cohorte_fin_apres_debut",
                condition=Q(fin__gt=models.F("debut")),
                violation_error_message="La fin de la cohorte vient après son début.",
            ),
        ]

    def __str__(self):
        return self.nom


class Mission(BaseModel):
    """`criteres` : {code du critère: comment la structure s'y engage} ; un critère vide n'est pas rempli."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="missions_service_civique")
    cohorte = models.ForeignKey(Cohorte, on_delete=models.PROTECT, related_name="missions")
    intitule = models.CharField("intitulé", max_length=200)
    description = models.TextField()
    tuteur = models.CharField("tuteur ou tutrice (nom et fonction)", max_length=200, blank=True)
    criteres = models.JSONField("engagements sur les quatre critères", default=dict, blank=True)
    etat = models.CharField(max_length=20, choices=EtatMission.choices, default=EtatMission.PROPOSEE)
    decidee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decidee_at = models.DateTimeField(null=True, blank=True)
    motif = models.TextField("motif de la décision", blank=True)

    class Meta:
        verbose_name = "mission de service civique"
        verbose_name_plural = "missions de service civique"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.intitule


class Volontaire(BaseModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    profil = models.ForeignKey(ProfilAidant, on_delete=models.PROTECT, related_name="volontariats")
    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="volontaires")
    debut = models.DateField("début")
    fin = models.DateField("fin prévue")
    etat = models.CharField(max_length=20, choices=EtatVolontaire.choices, default=EtatVolontaire.EN_MISSION)
    fin_anticipee_le = models.DateField("fin anticipée le", null=True, blank=True)

    class Meta:
        verbose_name = "volontaire en service civique"
        verbose_name_plural = "volontaires en service civique"
        ordering = ["-debut", "pk"]
        constraints = [
            models.CheckConstraint(
                name="volontaire_fin_apres_debut",
                condition=Q(fin__gt=models.F("debut")),
                violation_error_message="La fin de la mission vient après son début.",
            ),
        ]

    def __str__(self):
        return f"{self.profil} — {self.mission}"


class Rencontre(BaseModel):
    """Une journée de formation (au-delà des trois jours réglementaires) ou un regroupement de la cohorte."""

    cohorte = models.ForeignKey(Cohorte, on_delete=models.PROTECT, related_name="rencontres")
    type = models.CharField(max_length=20, choices=TypeRencontre.choices)
    date = models.DateField()
    theme = models.CharField("thème", max_length=200)

    class Meta:
        verbose_name = "journée ou regroupement"
        verbose_name_plural = "journées et regroupements"
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.get_type_display()} du {self.date:%d/%m/%Y}"


class Presence(models.Model):
    rencontre = models.ForeignKey(Rencontre, on_delete=models.CASCADE, related_name="presences")
    volontaire = models.ForeignKey(Volontaire, on_delete=models.PROTECT, related_name="presences")
    present = models.BooleanField(default=True)

    class Meta:
        verbose_name = "présence à une journée"
        verbose_name_plural = "présences aux journées"
        constraints = [
            models.UniqueConstraint(
                fields=["rencontre", "volontaire"],
                name="presence_unique",
                violation_error_message="La présence de cette personne est déjà pointée.",
            ),
        ]

    def __str__(self):
        return f"{self.volontaire} — {self.rencontre.date}"


class PointEtape(BaseModel):
    """Ce que vit la ou le volontaire. Lu par la coordination ; par la structure d'accueil seulement si
    `partage_structure` (accord de la ou du volontaire)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    volontaire = models.ForeignKey(Volontaire, on_delete=models.PROTECT, related_name="points_etape")
    date = models.DateField()
    ressenti = models.TextField(blank=True)
    activites = models.TextField("activités", blank=True)
    alerte_derive = models.BooleanField("la mission s'éloigne de la médiation numérique", default=False)
    partage_structure = models.BooleanField("la structure d'accueil peut lire ce point", default=False)
    vu_par_coordination_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "point d'étape"
        verbose_name_plural = "points d'étape"
        ordering = ["-date", "-pk"]
