"""Observatoire : indicateurs publics par commune (et ceux qu'une coordination dépose), leurs valeurs, et le journal
des chargements et des dépôts. L'offre et l'activité ne sont pas recopiées ici : les panneaux les lisent là où elles
vivent (lieux, accompagnements, orientations)."""

from django.db import models

from maillage.comptes.models import Territoire
from maillage.core.models import BaseModel, Commune, JournalModel


class IndicateurQuerySet(models.QuerySet):
    def lisibles(self, territoire: Territoire):
        """Les indicateurs publics et ceux que la coordination de ce territoire a déposés."""
        return self.filter(models.Q(territoire__isnull=True) | models.Q(territoire=territoire))


class Indicateur(BaseModel):
    """La définition d'un indicateur : ce qu'il mesure, en mots simples, d'où il vient et comment il se lit."""

    code = models.SlugField("code", max_length=60)
    libelle = models.CharField("libellé", max_length=200)
    source = models.CharField("source", max_length=300)
    annee = models.PositiveSmallIntegerField("année des données")
    methode = models.TextField("méthode", blank=True)
    unite = models.CharField("unité", max_length=80, default="%")
    plus_haut_plus_fragile = models.BooleanField(
        "plus haut = plus fragile", default=True,
        help_text="Vrai si une valeur plus haute signale une fragilité plus grande (part des 65 ans et plus).",
    )  # fmt: skip
    # Vide : indicateur public (fichiers nationaux) ; sinon déposé par la coordination de ce territoire.
    territoire = models.ForeignKey(
        Territoire, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="déposé pour"
    )
    ordre = models.PositiveSmallIntegerField(default=100)

    objects = IndicateurQuerySet.as_manager()

    class Meta:
        verbose_name = "indicateur"
        ordering = ["ordre", "libelle"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(territoire__isnull=True), name="indicateur_public_code_unique",
                violation_error_message="Un indicateur public porte déjà ce code.",
            ),
            models.UniqueConstraint(
                fields=["territoire", "code"], name="indicateur_territoire_code_unique",
                violation_error_message="Ce territoire a déjà un indicateur de ce nom.",
            ),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.libelle} ({self.annee})"


class ValeurIndicateur(models.Model):
    """La valeur d'un indicateur pour une commune, une année."""

    indicateur = models.ForeignKey(Indicateur, on_delete=models.CASCADE, related_name="valeurs")
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+")
    annee = models.PositiveSmallIntegerField("année")
    valeur = models.DecimalField(max_digits=14, decimal_places=4)

    class Meta:
        verbose_name = "valeur d'indicateur"
        verbose_name_plural = "valeurs d'indicateurs"
        constraints = [
            models.UniqueConstraint(
                fields=["indicateur", "commune", "annee"], name="valeur_indicateur_commune_annee_unique",
                violation_error_message="Cette commune a déjà une valeur pour cet indicateur et cette année.",
            )
        ]  # fmt: skip
        indexes = [models.Index(fields=["commune", "indicateur"], name="valeur_commune_indicateur_idx")]

    def __str__(self):
        return f"{self.indicateur.code} {self.commune_id} {self.annee} = {self.valeur}"


class EvenementObservatoire(models.TextChoices):
    CHARGEMENT = "CHARGEMENT", "Chargement des indicateurs publics"
    DEPOT = "DEPOT", "Dépôt d'un indicateur par une coordination"


class JournalObservatoire(JournalModel):
    """Chaque chargement de fichier public et chaque dépôt d'une coordination (comptes et drapeaux, pas de texte)."""

    # PROTECT : la preuve garde son sujet.
    indicateur = models.ForeignKey(Indicateur, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    territoire = models.ForeignKey(Territoire, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta(JournalModel.Meta):
        verbose_name = "journal de l'observatoire"
        verbose_name_plural = "journaux de l'observatoire"
