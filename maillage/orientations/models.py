"""Orientations : une structure envoie une personne vers un lieu, le lieu répond, la chaîne est gardée."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from maillage.comptes.enums import Role
from maillage.comptes.models import Structure
from maillage.comptes.permissions import structure_ids_for
from maillage.core.models import (
    AppendOnlyModel,
    AppendOnlyQuerySet,
    BaseModel,
    Commune,
    JournalModel,
    TexteConsentement,
)
from maillage.lieux.models import Lieu
from maillage.orientations.enums import (
    Besoin,
    MotifRefus,
    OrientationEvent,
    Resultat,
    StatutOrientation,
)

#: Rôles d'une structure qui voient et traitent les orientations reçues par ses lieux.
ROLES_RECEPTION = (Role.MEDIATEUR, Role.AIDANT, Role.GESTIONNAIRE)
#: Rôles d'une structure qui voient les orientations envoyées par elle.
ROLES_ENVOI = (Role.PRESCRIPTEUR, Role.MEDIATEUR, Role.AIDANT, Role.COORDINATEUR, Role.GESTIONNAIRE)
#: Rôles qui orientent au nom d'une structure (la gestion voit les orientations envoyées, sans orienter).
ROLES_ORIENTATION = (Role.PRESCRIPTEUR, Role.MEDIATEUR, Role.AIDANT, Role.COORDINATEUR)


class OrientationQuerySet(models.QuerySet):
    def visible_by(self, user):
        """Les orientations envoyées par une structure de la personne ou reçues par une de ses structures.

        L'équipe Maillage (is_staff) n'y a pas accès : prénom, commune et contact ne concernent que ces deux
        structures (comme les personnes suivies).
        """
        if not (user and user.is_authenticated):
            return self.none()
        return self.filter(
            Q(structure_prescriptrice_id__in=structure_ids_for(user, *ROLES_ENVOI))
            | Q(structure_destinataire_id__in=structure_ids_for(user, *ROLES_RECEPTION))
        )

    def received_by(self, user):
        return self.filter(structure_destinataire_id__in=structure_ids_for(user, *ROLES_RECEPTION))

    def sent_by(self, user):
        return self.filter(structure_prescriptrice_id__in=structure_ids_for(user, *ROLES_ENVOI))


class Orientation(BaseModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Preuve du parcours : on ne supprime ni la personne qui oriente, ni les structures, ni le lieu.
    prescripteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orientations_envoyees"
    )
    structure_prescriptrice = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="orientations_envoyees"
    )
    lieu = models.ForeignKey(Lieu, on_delete=models.PROTECT, related_name="orientations")
    structure_destinataire = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="orientations_recues")
    besoins = models.JSONField("besoins", default=list)
    echeance = models.DateField("échéance", null=True, blank=True)
    echeance_motif = models.CharField("démarche à faire avant l'échéance", max_length=200, blank=True)
    message = models.TextField("message au lieu", blank=True)
    # Le minimum sur la personne : effacé 6 mois après la clôture (commande anonymiser_orientations).
    personne_prenom = models.CharField("prénom ou initiales", max_length=50, blank=True)
    personne_commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="+", null=True, blank=True, verbose_name="commune"
    )
    personne_contact = models.CharField("téléphone ou adresse électronique", max_length=150, blank=True)
    contact_consenti = models.BooleanField("accepte d'être contactée", default=False)
    consentement = models.ForeignKey(
        TexteConsentement, on_delete=models.PROTECT, related_name="orientations", verbose_name="texte lu"
    )
    consentement_at = models.DateTimeField("consentement recueilli le")
    statut = models.CharField(max_length=20, choices=StatutOrientation.choices, default=StatutOrientation.ENVOYEE)
    answered_at = models.DateTimeField("répondu le", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    rendez_vous_at = models.DateTimeField("rendez-vous le", null=True, blank=True)
    motif_refus = models.CharField("motif du refus", max_length=20, choices=MotifRefus.choices, blank=True)
    motif_refus_precision = models.CharField("précision", max_length=300, blank=True)
    # Chaîne des redirections : chaque maillon pointe vers celle qui l'a précédé.
    precedente = models.OneToOneField("self", on_delete=models.PROTECT, related_name="suivante", null=True, blank=True)
    closed_at = models.DateTimeField("close le", null=True, blank=True)
    personne_venue = models.BooleanField("la personne est venue", null=True, blank=True)
    besoin_resultat = models.CharField("le besoin est-il réglé ?", max_length=20, choices=Resultat.choices, blank=True)
    relance_at = models.DateTimeField("relancée (sans réponse) le", null=True, blank=True)
    echeance_signalee_at = models.DateTimeField("échéance dépassée signalée le", null=True, blank=True)
    anonymized_at = models.DateTimeField("données personnelles effacées le", null=True, blank=True)

    objects = OrientationQuerySet.as_manager()

    class Meta:
        verbose_name = "orientation"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["structure_destinataire", "statut", "-created_at"], name="orient_boite_idx"),
            models.Index(fields=["structure_prescriptrice", "-created_at"], name="orient_envoi_idx"),
            models.Index(fields=["statut", "created_at"], name="orient_statut_idx"),
            # Observatoire : orientations d'une commune (de la personne) sur 12 mois, états, motifs et délais lus
            # sans la table (issue 15).
            models.Index(
                fields=["personne_commune", "created_at"],
                include=["statut", "motif_refus", "answered_at", "closed_at"],
                name="orient_commune_date_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="orientation_contact_si_consenti",
                condition=Q(contact_consenti=True) | Q(personne_contact=""),
                violation_error_message="Le contact de la personne n'est gardé que si elle l'accepte.",
            ),
            models.CheckConstraint(
                name="orientation_refus_motive",
                condition=~Q(statut=StatutOrientation.REFUSEE) | ~Q(motif_refus=""),
                violation_error_message="Un refus doit dire pourquoi.",
            ),
        ]

    def __str__(self):
        return f"Orientation vers {self.lieu.nom} ({self.get_statut_display()})"

    @property
    def besoins_labels(self) -> list[str]:
        labels = dict(Besoin.choices)
        return [labels.get(b, b) for b in self.besoins]

    @property
    def is_open(self) -> bool:
        return self.statut in (StatutOrientation.ENVOYEE, StatutOrientation.ACCEPTEE)

    def chaine(self) -> list["Orientation"]:
        """Toute la chaîne des redirections, de la première orientation à la dernière."""
        first = self
        while first.precedente_id:
            first = first.precedente
        items = [first]
        while True:
            try:
                items.append(items[-1].suivante)
            except Orientation.DoesNotExist:
                return items


class OrientationJournal(JournalModel):
    """Chaque changement d'état d'une orientation, écrit une fois (auteur, détails : `JournalModel`)."""

    orientation = models.ForeignKey(Orientation, on_delete=models.PROTECT, related_name="journal")
    event = models.CharField(max_length=20, choices=OrientationEvent)

    class Meta(JournalModel.Meta):
        verbose_name = "journal des orientations"
        verbose_name_plural = "journal des orientations"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_event_display()} — {self.created_at:%d/%m/%Y %H:%M}"


class OrientationSimpleQuerySet(AppendOnlyQuerySet):
    def visible_by(self, user):
        """Les orientations simples envoyées par une structure de la personne (personne d'autre : pas de suivi)."""
        if not (user and user.is_authenticated):
            return self.none()
        return self.filter(structure_prescriptrice_id__in=structure_ids_for(user, *ROLES_ENVOI))


class OrientationSimple(AppendOnlyModel):
    """Une personne envoyée vers un lieu publié dont la structure n'est pas sur Maillage : une fiche à imprimer
    pour elle, comptée sans rien garder sur elle (ni prénom, ni commune, ni contact), sans suivi (le lieu ne reçoit
    rien, il n'y a pas de réponse à attendre). Une pièce écrite une fois (ajout seul, chaîne d'empreintes) : elle
    est aussi sa propre ligne de journal (qui, quand, vers quel lieu, pour quels besoins)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # PROTECT : preuve du compte des orientations (qui a orienté, au nom de quelle structure, vers quel lieu).
    prescripteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    structure_prescriptrice = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="orientations_simples"
    )
    lieu = models.ForeignKey(Lieu, on_delete=models.PROTECT, related_name="orientations_simples")
    besoins = models.JSONField("besoins", default=list)
    echeance = models.DateField("démarche à faire avant le", null=True, blank=True)

    objects = OrientationSimpleQuerySet.as_manager()

    class Meta(AppendOnlyModel.Meta):
        verbose_name = "orientation simple (sans suivi)"
        verbose_name_plural = "orientations simples (sans suivi)"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Orientation simple vers {self.lieu.nom}"

    @property
    def besoins_labels(self) -> list[str]:
        labels = dict(Besoin.choices)
        return [labels.get(b, b) for b in self.besoins]
