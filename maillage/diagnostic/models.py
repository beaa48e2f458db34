"""Modèles du diagnostic : des comptes anonymes et, seulement si la personne imprime, une fiche à code.

Rien d'autre n'est gardé : les réponses en cours vivent dans un jeton signé (`etat.py`).
"""

from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone

from maillage.core.models import Commune
from maillage.diagnostic.enums import Source
from maillage.lieux.enums import Service

#: Une fiche imprimée avec un code est gardée 30 jours, puis effacée (commande effacer_fiches_diagnostic).
CONSERVATION_FICHE = timedelta(days=30)


class Reperage(models.Model):
    """Un besoin repéré : commune, besoin (service des lieux), jour, d'où. Rien sur la personne, pas d'heure."""

    # Un repérage n'est pas une preuve : une commune ne disparaît pas du référentiel, PROTECT par prudence.
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    besoin = models.CharField("besoin", max_length=30, choices=Service.choices)
    source = models.CharField(max_length=20, choices=Source.choices)
    jour = models.DateField(default=timezone.localdate, db_index=True)

    class Meta:
        verbose_name = "repérage anonyme"
        verbose_name_plural = "repérages anonymes"
        indexes = [models.Index(fields=["commune", "jour"], name="diag_reperage_commune_idx")]

    def __str__(self):
        return f"{self.get_besoin_display()} — {self.jour:%d/%m/%Y}"


class FicheQuerySet(models.QuerySet):
    def valides(self, now=None):
        return self.filter(expires_at__gt=now or timezone.now())


def _expiration():
    return timezone.now() + CONSERVATION_FICHE


class FicheDiagnostic(models.Model):
    """Une fiche imprimée : le code permet de la retrouver (chez un aidant ou une aidante) pendant 30 jours.

    Elle ne contient que des codes de réponses et la commune : aucun nom, aucun contact."""

    code = models.CharField(max_length=12, unique=True)
    version = models.CharField("version des questions", max_length=20)
    reponses = models.JSONField(default=dict)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(default=_expiration)

    objects = FicheQuerySet.as_manager()

    class Meta:
        verbose_name = "fiche de diagnostic imprimée"
        constraints = [
            models.CheckConstraint(
                name="diag_fiche_expire_apres_creation",
                condition=Q(expires_at__gt=models.F("created_at")),
                violation_error_message="La date d'effacement doit suivre la date de création.",
            )
        ]

    def __str__(self):
        return f"Fiche {self.code}"
