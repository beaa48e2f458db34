"""« Mes données » : le code personnel remis à une personne, ses demandes d'effacement, et leur journal."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q

from maillage.accompagnements.models import Accompagnement, Beneficiaire
from maillage.comptes.enums import Role
from maillage.comptes.models import Structure
from maillage.comptes.permissions import structure_ids_for
from maillage.core.models import BaseModel, JournalModel
from maillage.mes_donnees.enums import MesDonneesEvent, StatutDemande
from maillage.orientations.models import Orientation

#: Un code reste valable 24 mois : la plus longue durée de conservation de ce qu'il montre (suivi, notes).
VALIDITE_CODE = timedelta(days=730)
#: Sans action de la structure, l'effacement demandé se fait seul au bout de ce délai (commande du cron).
DELAI_EFFACEMENT = timedelta(days=30)
#: Rôles d'une structure qui voient et traitent les demandes d'effacement reçues.
ROLES_DEMANDES = (Role.GESTIONNAIRE, Role.MEDIATEUR, Role.AIDANT, Role.PRESCRIPTEUR)


class CodePersonnel(BaseModel):
    """Un code remis à une personne, pour une orientation ou pour une séance. Seule l'empreinte est gardée.

    Les objets montrés sont en SET_NULL : une séance supprimée par sa structure ne bloque rien, le code ne montre
    alors plus rien d'elle."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code_hash = models.CharField("empreinte du code", max_length=64, unique=True, editable=False)
    # La structure qui a remis le code et tient les données : preuve, jamais supprimée.
    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="codes_personnels")
    orientation = models.ForeignKey(
        Orientation, on_delete=models.SET_NULL, related_name="codes_personnels", null=True, blank=True
    )
    accompagnement = models.ForeignKey(
        Accompagnement, on_delete=models.SET_NULL, related_name="codes_personnels", null=True, blank=True
    )
    beneficiaire = models.ForeignKey(
        Beneficiaire, on_delete=models.SET_NULL, related_name="codes_personnels", null=True, blank=True
    )
    expires_at = models.DateTimeField("valable jusqu'au")

    class Meta:
        verbose_name = "code personnel"
        verbose_name_plural = "codes personnels"
        # Pas de contrainte « orientation ou séance » : SET_NULL la casserait ; le service la vérifie à la remise.

    def __str__(self):
        return f"Code personnel du {self.created_at:%d/%m/%Y}"


class DemandeQuerySet(models.QuerySet):
    def visible_by(self, user):
        """Les demandes reçues par une structure de la personne (celle qui a remis le code, ou le lieu qui a reçu
        l'orientation : il en garde une copie)."""
        if not (user and user.is_authenticated):
            return self.none()
        ids = structure_ids_for(user, *ROLES_DEMANDES)
        return self.filter(Q(code__structure_id__in=ids) | Q(code__orientation__structure_destinataire_id__in=ids))


class DemandeEffacement(BaseModel):
    """La personne a demandé, avec son code, l'effacement de ce qui est gardé sur elle."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.ForeignKey(CodePersonnel, on_delete=models.PROTECT, related_name="demandes")  # preuve
    statut = models.CharField(max_length=20, choices=StatutDemande.choices, default=StatutDemande.EN_ATTENTE)
    due_at = models.DateTimeField("effacement automatique le")
    done_at = models.DateTimeField("effacement fait le", null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    objects = DemandeQuerySet.as_manager()

    class Meta:
        verbose_name = "demande d'effacement"
        verbose_name_plural = "demandes d'effacement"
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(statut=StatutDemande.EN_ATTENTE),
                name="demande_effacement_une_en_attente",
                violation_error_message="Une demande d'effacement est déjà en attente pour ce code.",
            ),
            models.CheckConstraint(
                name="demande_effacement_faite_datee",
                condition=~Q(statut=StatutDemande.FAITE) | Q(done_at__isnull=False),
                violation_error_message="Une demande faite porte sa date.",
            ),
        ]

    def __str__(self):
        return f"Demande d'effacement du {self.created_at:%d/%m/%Y}"


class MesDonneesJournal(JournalModel):
    """Remise d'un code, consultation, copie, demande et effacement : des codes et des nombres, jamais un nom."""

    code = models.ForeignKey(CodePersonnel, on_delete=models.PROTECT, related_name="journal")
    event = models.CharField(max_length=20, choices=MesDonneesEvent)

    class Meta(JournalModel.Meta):
        verbose_name = "journal de « Mes données »"
        verbose_name_plural = "journal de « Mes données »"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_event_display()} — {self.created_at:%d/%m/%Y %H:%M}"
