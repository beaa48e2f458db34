"""Modèles du diagnostic : des comptes anonymes et, seulement si la personne imprime, une fiche à code.

Rien d'autre n'est gardé : les réponses en cours vivent dans un jeton signé (`etat.py`).
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from maillage.core.models import Commune
from maillage.diagnostic.enums import Source
from maillage.lieux.enums import Service
from maillage.lieux.models import Lieu

#: Une fiche imprimée avec un code est gardée 30 jours, puis effacée (commande effacer_fiches_diagnostic).
CONSERVATION_FICHE = timedelta(days=30)


class Reperage(models.Model):
    """Un besoin repéré : commune, besoin (service des lieux), jour, d'où. Rien sur la personne, pas d'heure."""

    # Un repérage n'est pas une preuve : une commune ne disparaît pas du référentiel, PROTECT par prudence.
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    besoin = models.CharField("besoin", max_length=30, choices=Service.choices)
    source = models.CharField(max_length=20, choices=Source.choices)
    jour = models.DateField(default=timezone.localdate, db_index=True)
    # Empreinte (HMAC tronqué) du tirage du parcours : un même parcours ne compte qu'une fois par besoin, même si la
    # page du résultat est rechargée. Vide pour le premier accueil et le mode accompagné (une utilisation = un compte).
    parcours = models.CharField("empreinte du parcours", max_length=16, blank=True, default="")

    class Meta:
        verbose_name = "repérage anonyme"
        verbose_name_plural = "repérages anonymes"
        indexes = [models.Index(fields=["commune", "jour"], name="diag_reperage_commune_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["parcours", "besoin"], condition=~Q(parcours=""), name="diag_reperage_une_fois_par_parcours"
            )
        ]

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
        verbose_name_plural = "fiches de diagnostic imprimées"
        constraints = [
            models.CheckConstraint(
                name="diag_fiche_expire_apres_creation",
                condition=Q(expires_at__gt=models.F("created_at")),
                violation_error_message="La date d'effacement doit suivre la date de création.",
            )
        ]

    def __str__(self):
        return f"Fiche {self.code}"


class DemandeContactQuerySet(models.QuerySet):
    def visible_by(self, user):
        """Les demandes adressées aux lieux des structures où la personne reçoit les orientations."""
        from maillage.comptes.permissions import structure_ids_for
        from maillage.orientations.models import ROLES_RECEPTION

        return self.filter(lieu__structure_id__in=structure_ids_for(user, *ROLES_RECEPTION))


class DemandeContact(models.Model):
    """« Qu'un lieu me contacte » : la personne, sans compte, demande à un lieu de la rappeler.

    Le minimum, avec son accord (version du texte lu et heure) : prénom, téléphone ou adresse, besoins. Effacée
    30 jours après la demande, traitée ou non (commande effacer_fiches_diagnostic)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Le lieu n'est pas supprimé tant qu'une demande l'attend.
    lieu = models.ForeignKey(Lieu, on_delete=models.PROTECT, related_name="demandes_contact")
    services = models.JSONField("besoins", default=list)
    prenom = models.CharField("prénom ou initiales", max_length=50)
    contact = models.CharField("téléphone ou adresse électronique", max_length=150)
    consentement_version = models.CharField("texte d'accord lu", max_length=20)
    consentement_at = models.DateTimeField("accord donné le")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(default=_expiration)
    traitee_at = models.DateTimeField("traitée le", null=True, blank=True)
    traitee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = DemandeContactQuerySet.as_manager()

    class Meta:
        verbose_name = "demande de contact"
        verbose_name_plural = "demandes de contact"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="diag_demande_contact_renseigne",
                condition=~Q(contact="") & ~Q(prenom=""),
                violation_error_message="Indiquez un prénom et un moyen de vous joindre.",
            )
        ]

    def __str__(self):
        return f"Demande de contact pour {self.lieu.nom}"


class DiagnosticSeance(models.Model):
    """Un diagnostic fait avec un aidant ou une aidante pendant une séance, joint à cette séance.

    Seulement des codes de réponses (aucun texte libre) ; la séance dit qui était là."""

    # Preuve de l'activité : la séance et la personne qui a accompagné ne disparaissent pas.
    accompagnement = models.ForeignKey(
        "accompagnements.Accompagnement", on_delete=models.PROTECT, related_name="diagnostics_numeriques"
    )
    version = models.CharField("version des questions", max_length=20)
    reponses = models.JSONField(default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "diagnostic joint à une séance"
        verbose_name_plural = "diagnostics joints à des séances"
        ordering = ["-created_at"]

    def __str__(self):
        return f"Diagnostic du {self.created_at:%d/%m/%Y}"

    @property
    def resultat(self):
        from maillage.diagnostic.questions import QUESTIONNAIRES, resultat

        questionnaire = QUESTIONNAIRES.get(self.version)
        return resultat(questionnaire, self.reponses) if questionnaire else None


class DemandeEffacee(models.Model):
    """La trace d'une demande de contact effacée par la structure du lieu : qui, quand, pour quel lieu.

    Aucune donnée de la personne (ni prénom, ni contact, ni besoins) : seulement de quoi rendre compte."""

    lieu = models.ForeignKey(Lieu, on_delete=models.PROTECT, related_name="+")
    demandee_le = models.DateField("demande envoyée le")
    effacee_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    effacee_at = models.DateTimeField("effacée le", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "demande de contact effacée"
        verbose_name_plural = "demandes de contact effacées"
        ordering = ["-effacee_at"]

    def __str__(self):
        return f"Demande effacée le {self.effacee_at:%d/%m/%Y}"
