"""Les registres en ajout seul du Pass : mouvements, tentatives refusées, historique des qualifications."""

from decimal import Decimal

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from maillage.comptes.models import Structure
from maillage.core.models import AppendOnlyModel
from maillage.lieux.models import Lieu
from maillage.pass_numerique.enums import MotifRefus, StatutQualification, TypeMouvement
from maillage.pass_numerique.models.principal import Campagne, Carnet, Cheque, QualificationPass, Releve


class Mouvement(AppendOnlyModel):
    """Registre en ajout seul : une ligne par mouvement (émission, attribution, remise, encaissement…).

    Une erreur se corrige par une nouvelle ligne CORRECTION qui dit pourquoi, jamais en modifiant une ligne.
    """

    type = models.CharField(max_length=20, choices=TypeMouvement.choices, db_index=True)
    # PROTECT partout : le registre est une preuve comptable.
    campagne = models.ForeignKey(Campagne, on_delete=models.PROTECT, related_name="mouvements")
    carnet = models.ForeignKey(Carnet, on_delete=models.PROTECT, related_name="mouvements", null=True, blank=True)
    cheque = models.ForeignKey(Cheque, on_delete=models.PROTECT, related_name="mouvements", null=True, blank=True)
    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    lieu = models.ForeignKey(Lieu, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    releve = models.ForeignKey(Releve, on_delete=models.PROTECT, related_name="mouvements", null=True, blank=True)
    corrige = models.ForeignKey(
        "self", on_delete=models.PROTECT, related_name="corrections", null=True, blank=True, verbose_name="corrige"
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    quantite = models.IntegerField("nombre de chèques", default=0)
    montant = models.DecimalField("montant (€)", max_digits=14, decimal_places=2, default=Decimal("0"))
    motif = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = "mouvement du registre"
        verbose_name_plural = "registre des mouvements"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_type_display()} — {self.created_at:%d/%m/%Y %H:%M}"


class TentativeRefusee(AppendOnlyModel):
    """Un encaissement refusé pour un chèque existant (ajout seul) : le financeur voit combien, et pourquoi.

    Sans donnée personnelle : ni le code saisi, ni l'adresse IP, ni rien sur la personne ; le compte professionnel
    qui a essayé est gardé, comme au registre. Les codes inconnus ne sont pas écrits ici (ils ne désignent aucun
    chèque ni aucune campagne) : la limite de débit les freine.
    """

    # PROTECT partout : une tentative refusée est une pièce (fraude possible : chèque pris dans un stock).
    campagne = models.ForeignKey(Campagne, on_delete=models.PROTECT, related_name="tentatives_refusees")
    cheque = models.ForeignKey(Cheque, on_delete=models.PROTECT, related_name="tentatives_refusees")
    lieu = models.ForeignKey(Lieu, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    motif = models.CharField(max_length=20, choices=MotifRefus.choices)

    class Meta:
        verbose_name = "tentative d'encaissement refusée"
        verbose_name_plural = "tentatives d'encaissement refusées"
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["campagne", "motif"], name="tentative_campagne_motif_idx")]

    def __str__(self):
        return f"{self.get_motif_display()} — {self.created_at:%d/%m/%Y %H:%M}"


class QualificationJournal(AppendOnlyModel):
    """Historique en ajout seul des qualifications : demande, approbation, suspension, retrait (qui, quand, pourquoi)."""

    # PROTECT : l'historique d'une qualification est une preuve (remboursements, déqualification).
    qualification = models.ForeignKey(QualificationPass, on_delete=models.PROTECT, related_name="journal")
    statut = models.CharField("nouvel état", max_length=20, choices=StatutQualification.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    motif = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = "historique d'une qualification"
        verbose_name_plural = "historique des qualifications"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.qualification.lieu} — {self.get_statut_display()} — {self.created_at:%d/%m/%Y}"
