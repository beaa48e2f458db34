"""Pass numérique : lieux qualifiés, campagnes, carnets, chèques, registre des mouvements, relevés, avoirs.

L'état courant (chèque encaissé, carnet remis…) vit sur les objets pour des contrôles rapides ; la preuve,
elle, est le registre `Mouvement` en ajout seul : chaque changement d'état y écrit une ligne (qui, quand, pourquoi).
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from maillage.accompagnements.models import Accompagnement
from maillage.comptes.models import Structure, Territoire, validate_siret
from maillage.core.models import BaseModel, Commune
from maillage.lieux.models import Lieu
from maillage.orientations.models import Orientation
from maillage.pass_numerique.enums import (
    DECISIONS_QUALIFICATION,
    TRANSITIONS_CARNET,
    TRANSITIONS_QUALIFICATION,
    Besoin,
    EtatCarnet,
    Situation,
    StatutCampagne,
    StatutQualification,
    StatutReleve,
    TrancheAge,
)


class ServicePass(BaseModel):
    """Un service du catalogue (atelier, accompagnement individuel…) payable en chèques."""

    code = models.SlugField(max_length=50, unique=True)
    libelle = models.CharField("libellé", max_length=200)
    description = models.TextField(blank=True)
    prix_cheques_defaut = models.PositiveSmallIntegerField(
        "prix conseillé (en chèques)", default=1, validators=[MinValueValidator(1)]
    )
    is_active = models.BooleanField("proposé", default=True)

    class Meta:
        verbose_name = "service du catalogue"
        verbose_name_plural = "services du catalogue"
        ordering = ["libelle"]

    def __str__(self):
        return self.libelle


class Charte(BaseModel):
    """Texte versionné de la charte que chaque lieu accepte ; une nouvelle version ne réécrit pas l'ancienne."""

    version = models.CharField(max_length=20, unique=True)
    texte = models.TextField()

    class Meta:
        verbose_name = "charte du Pass numérique"
        verbose_name_plural = "chartes du Pass numérique"
        ordering = ["-created_at"]

    def __str__(self):
        return f"Charte v{self.version}"


class QualificationPassQuerySet(models.QuerySet):
    def approuvees(self):
        return self.filter(statut=StatutQualification.APPROUVEE)


class QualificationPass(BaseModel):
    """La qualification d'un lieu pour le Pass numérique d'un territoire (demande puis décision)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # PROTECT : une qualification est une pièce comptable (remboursements), le lieu ne disparaît pas sans décision.
    lieu = models.ForeignKey(Lieu, on_delete=models.PROTECT, related_name="qualifications_pass")
    territoire = models.ForeignKey(Territoire, on_delete=models.PROTECT, related_name="qualifications_pass")
    statut = models.CharField(
        max_length=20, choices=StatutQualification.choices, default=StatutQualification.EN_ATTENTE, db_index=True
    )
    siret = models.CharField("SIRET", max_length=14, validators=[validate_siret])
    titulaire_compte = models.CharField("titulaire du compte", max_length=200)
    iban = models.CharField("IBAN", max_length=34)
    bic = models.CharField("BIC", max_length=11, blank=True)
    charte = models.ForeignKey(Charte, on_delete=models.PROTECT, related_name="+", verbose_name="charte acceptée")
    charte_accepted_at = models.DateTimeField("charte acceptée le")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    motif = models.TextField("motif de la dernière décision", blank=True)
    services = models.ManyToManyField(ServicePass, through="QualificationService", related_name="qualifications")

    objects = QualificationPassQuerySet.as_manager()

    class Meta:
        verbose_name = "qualification Pass numérique"
        verbose_name_plural = "qualifications Pass numérique"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["lieu", "territoire"],
                name="qualification_pass_unique_lieu_territoire",
                violation_error_message="Ce lieu a déjà une demande de qualification pour ce territoire.",
            )
        ]

    def __str__(self):
        return f"{self.lieu} — {self.get_statut_display()}"

    @property
    def is_approved(self) -> bool:
        return self.statut == StatutQualification.APPROUVEE

    @property
    def decisions_possibles(self) -> list[tuple[str, str]]:
        """(statut, verbe) des décisions permises depuis l'état actuel (TRANSITIONS_QUALIFICATION), pour la liste."""
        suivants = TRANSITIONS_QUALIFICATION[self.statut]
        return [(statut, verbe) for statut, verbe in DECISIONS_QUALIFICATION.items() if statut in suivants]

    @property
    def iban_masque(self) -> str:
        return f"{self.iban[:4]} •••• {self.iban[-4:]}" if self.iban else ""


class QualificationService(models.Model):
    """Un service proposé par un lieu qualifié, son prix en chèques et ce qui reste à payer par la personne.

    Le reste à charge est nul par défaut (règle du Pass) ; un lieu peut en documenter un (montant et raison, par
    exemple « support de cours imprimé »), que la personne voit avant l'encaissement et sur son reçu. Une campagne
    qui ne l'autorise pas refuse l'encaissement de ce service dans ce lieu (`services.encaissement`).
    """

    qualification = models.ForeignKey(QualificationPass, on_delete=models.CASCADE, related_name="offres")
    service = models.ForeignKey(ServicePass, on_delete=models.PROTECT, related_name="offres")
    prix_cheques = models.PositiveSmallIntegerField("prix (en chèques)", validators=[MinValueValidator(1)])
    reste_a_charge = models.DecimalField(
        "reste à payer par la personne (€)", max_digits=7, decimal_places=2, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )  # fmt: skip
    reste_a_charge_raison = models.CharField("ce que paie ce reste", max_length=200, blank=True)

    class Meta:
        verbose_name = "service proposé"
        verbose_name_plural = "services proposés"
        constraints = [
            models.UniqueConstraint(fields=["qualification", "service"], name="qualification_service_unique"),
            models.CheckConstraint(
                name="qualification_service_prix_positif",
                condition=Q(prix_cheques__gte=1),
                violation_error_message="Un service coûte au moins un chèque.",
            ),
            models.CheckConstraint(
                name="qualification_service_reste_documente",
                condition=Q(reste_a_charge=0) | (Q(reste_a_charge__gt=0) & ~Q(reste_a_charge_raison="")),
                violation_error_message="Un reste à payer par la personne est positif et dit ce qu'il paie.",
            ),
        ]

    def __str__(self):
        return f"{self.service} ({self.prix_cheques} chèque(s))"

    @property
    def a_reste_a_charge(self) -> bool:
        return self.reste_a_charge > 0


class CampagneQuerySet(models.QuerySet):
    def for_territoires(self, territoire_ids):
        return self.filter(territoire_id__in=territoire_ids)


class Campagne(BaseModel):
    """Une commande de carnets par un ou plusieurs financeurs, pour un territoire et une période."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    nom = models.CharField(max_length=200)
    territoire = models.ForeignKey(Territoire, on_delete=models.PROTECT, related_name="campagnes_pass")
    valeur_cheque = models.DecimalField(
        "valeur d'un chèque (€)", max_digits=7, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    cheques_par_carnet = models.PositiveSmallIntegerField("chèques par carnet", validators=[MinValueValidator(1)])
    nombre_carnets = models.PositiveIntegerField("nombre de carnets", validators=[MinValueValidator(1)])
    starts_on = models.DateField("valable du")
    ends_on = models.DateField("valable jusqu'au")
    tolerance_jours = models.PositiveSmallIntegerField("tolérance après la fin (jours)", default=30)
    budget = models.DecimalField("budget (€)", max_digits=14, decimal_places=2)
    services_eligibles = models.ManyToManyField(ServicePass, related_name="campagnes", blank=False)
    # Vide = tous les lieux qualifiés du territoire.
    lieux_eligibles = models.ManyToManyField(Lieu, related_name="campagnes_pass", blank=True)
    # Faux par défaut : le Pass paie le service entier (« reste à charge nul »).
    reste_a_charge_autorise = models.BooleanField(
        "un lieu peut laisser un reste à payer documenté à la personne", default=False
    )
    statut = models.CharField(
        max_length=20, choices=StatutCampagne.choices, default=StatutCampagne.BROUILLON, db_index=True
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    generated_at = models.DateTimeField("carnets générés le", null=True, blank=True)
    closed_at = models.DateTimeField("clôturée le", null=True, blank=True)

    objects = CampagneQuerySet.as_manager()

    class Meta:
        verbose_name = "campagne Pass numérique"
        verbose_name_plural = "campagnes Pass numérique"
        ordering = ["-starts_on", "nom"]
        constraints = [
            models.CheckConstraint(
                name="campagne_dates_ordonnees",
                condition=Q(ends_on__gte=F("starts_on")),
                violation_error_message="La date de fin doit suivre la date de début.",
            ),
            models.CheckConstraint(
                name="campagne_budget_couvre_valeur",
                condition=Q(budget__gte=F("valeur_cheque") * F("cheques_par_carnet") * F("nombre_carnets")),
                violation_error_message="Le budget doit couvrir la valeur de tous les chèques émis.",
            ),
        ]

    def __str__(self):
        return self.nom

    @property
    def valeur_carnet(self) -> Decimal:
        return self.valeur_cheque * self.cheques_par_carnet

    @property
    def valeur_totale(self) -> Decimal:
        return self.valeur_carnet * self.nombre_carnets

    @property
    def nombre_cheques(self) -> int:
        return self.cheques_par_carnet * self.nombre_carnets


class Cofinancement(models.Model):
    """La part d'un financeur dans une campagne (en %). Les parts d'une campagne font 100 %."""

    campagne = models.ForeignKey(Campagne, on_delete=models.CASCADE, related_name="cofinancements")
    # PROTECT : le financeur reçoit un avoir en fin de campagne, il reste traçable.
    financeur = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="cofinancements_pass")
    part = models.DecimalField("part (%)", max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = "cofinancement"
        constraints = [
            models.UniqueConstraint(fields=["campagne", "financeur"], name="cofinancement_unique"),
            models.CheckConstraint(
                name="cofinancement_part_valide",
                condition=Q(part__gt=0, part__lte=100),
                violation_error_message="Une part est comprise entre 0 et 100 %.",
            ),
        ]

    def __str__(self):
        return f"{self.financeur} ({self.part} %)"


class PointDistribution(BaseModel):
    """Une structure qui distribue des carnets et accepte d'être nommée sur la page publique de son territoire.

    Sans cette ligne (ou avec `visible=False`), la structure n'apparaît nulle part en public : elle choisit.
    La ligne garde qui a fait le dernier choix et quand (`updated_by`, `updated_at`).
    """

    structure = models.OneToOneField(Structure, on_delete=models.CASCADE, related_name="point_distribution_pass")
    visible = models.BooleanField("nommée sur la page publique du Pass numérique", default=False)
    precisions = models.CharField(
        "comment obtenir un carnet ici", max_length=300, blank=True,
        help_text="Par exemple : sur rendez-vous, au guichet du CCAS, le mardi matin.",
    )  # fmt: skip
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "point de distribution public"
        verbose_name_plural = "points de distribution publics"

    def __str__(self):
        return f"{self.structure} ({'public' if self.visible else 'non public'})"


class Carnet(models.Model):
    """Un carnet de chèques : émis, attribué à une structure, remis à une personne, éventuellement annulé."""

    campagne = models.ForeignKey(Campagne, on_delete=models.PROTECT, related_name="carnets", db_index=False)
    numero = models.PositiveIntegerField("numéro")
    # Structure qui détient le carnet (stock) ; PROTECT : la structure répond des carnets reçus.
    structure = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="carnets_pass", null=True, blank=True
    )
    allocated_at = models.DateTimeField("attribué le", null=True, blank=True)
    handed_out_at = models.DateTimeField("remis le", null=True, blank=True)
    handed_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    # Ce que l'on sait de la personne, sans son nom.
    tranche_age = models.CharField("tranche d'âge", max_length=20, choices=TrancheAge.choices, blank=True)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    situation = models.CharField(max_length=20, choices=Situation.choices, blank=True)
    besoin = models.CharField(max_length=20, choices=Besoin.choices, blank=True)
    # Lien facultatif vers l'orientation de la personne. SET_NULL : une orientation (donnée personnelle) peut être
    # anonymisée ou supprimée selon sa durée de conservation ; le carnet, preuve comptable, reste.
    orientation = models.ForeignKey(
        Orientation, on_delete=models.SET_NULL, related_name="carnets_pass", null=True, blank=True
    )
    first_used_at = models.DateTimeField("premier chèque encaissé le", null=True, blank=True)
    cancelled_at = models.DateTimeField("annulé le", null=True, blank=True)
    cancel_reason = models.CharField("motif d'annulation", max_length=200, blank=True)

    class Meta:
        verbose_name = "carnet"
        ordering = ["campagne", "numero"]
        constraints = [
            models.UniqueConstraint(fields=["campagne", "numero"], name="carnet_unique_numero"),
            models.CheckConstraint(
                name="carnet_remis_apres_attribution",
                condition=Q(handed_out_at__isnull=True) | Q(structure__isnull=False),
                violation_error_message="Un carnet est attribué à une structure avant d'être remis.",
            ),
        ]
        indexes = [models.Index(fields=["campagne", "structure", "handed_out_at"], name="carnet_stock_idx")]

    def __str__(self):
        return f"Carnet n° {self.numero}"

    @property
    def etat_code(self) -> EtatCarnet:
        """L'état du carnet, déduit de ses dates (table des changements permis : `enums.TRANSITIONS_CARNET`)."""
        if self.cancelled_at:
            return EtatCarnet.ANNULE
        if self.first_used_at:
            return EtatCarnet.ENTAME
        if self.handed_out_at:
            return EtatCarnet.REMIS
        if self.structure_id:
            return EtatCarnet.ATTRIBUE
        return EtatCarnet.EMIS

    @property
    def etat(self) -> str:
        return self.etat_code.label

    @property
    def annulable(self) -> bool:
        """Peut encore être déclaré perdu ou volé (TRANSITIONS_CARNET : à toute étape, sauf déjà annulé)."""
        return EtatCarnet.ANNULE in TRANSITIONS_CARNET[self.etat_code]


class Cheque(models.Model):
    """Un chèque : un code unique imprévisible ; encaissé au plus une fois (mise à jour conditionnelle)."""

    # Index choisis pour la génération en masse (1 M de lignes) : à l'insertion, seuls la clé, le code et
    # (carnet, rang) sont mis à jour ; les autres index sont partiels (lignes encaissées ou reliées seulement).
    campagne = models.ForeignKey(Campagne, on_delete=models.PROTECT, related_name="cheques", db_index=False)
    carnet = models.ForeignKey(Carnet, on_delete=models.PROTECT, related_name="cheques", db_index=False)
    rang = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=15, unique=True)
    redeemed_at = models.DateTimeField("encaissé le", null=True, blank=True)
    redeemed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True, db_index=False
    )
    lieu = models.ForeignKey(
        Lieu, on_delete=models.PROTECT, related_name="cheques_pass", null=True, blank=True, db_index=False
    )
    service = models.ForeignKey(
        ServicePass, on_delete=models.PROTECT, related_name="+", null=True, blank=True, db_index=False
    )
    cancelled_at = models.DateTimeField("annulé le", null=True, blank=True)
    # Séance enregistrée lors de l'encaissement (facultatif) ; SET_NULL pour la même raison que Carnet.orientation.
    accompagnement = models.ForeignKey(
        Accompagnement, on_delete=models.SET_NULL, related_name="cheques_pass", null=True, blank=True, db_index=False
    )
    releve = models.ForeignKey(
        "Releve",
        on_delete=models.PROTECT,
        related_name="cheques",
        null=True,
        blank=True,
        verbose_name="relevé",
        db_index=False,
    )

    class Meta:
        verbose_name = "chèque"
        constraints = [models.UniqueConstraint(fields=["carnet", "rang"], name="cheque_unique_rang")]
        indexes = [
            models.Index(
                fields=["campagne", "redeemed_at"], name="cheque_encaisse_idx", condition=Q(redeemed_at__isnull=False)
            ),
            models.Index(fields=["lieu", "redeemed_at"], name="cheque_lieu_idx", condition=Q(lieu__isnull=False)),
            models.Index(fields=["releve"], name="cheque_releve_idx", condition=Q(releve__isnull=False)),
            models.Index(fields=["service"], name="cheque_service_idx", condition=Q(service__isnull=False)),
            models.Index(
                fields=["redeemed_by"], name="cheque_redeemed_by_idx", condition=Q(redeemed_by__isnull=False)
            ),
            models.Index(
                fields=["accompagnement"], name="cheque_accompagnement_idx", condition=Q(accompagnement__isnull=False)
            ),
        ]

    def __str__(self):
        return f"Chèque {self.code[:5]}…"


class Releve(BaseModel):
    """Relevé mensuel des chèques encaissés par un lieu pour une campagne : validé puis payé par le financeur."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    campagne = models.ForeignKey(Campagne, on_delete=models.PROTECT, related_name="releves")
    qualification = models.ForeignKey(QualificationPass, on_delete=models.PROTECT, related_name="releves")
    mois = models.DateField("mois (premier jour)")
    nombre_cheques = models.PositiveIntegerField("nombre de chèques")
    montant = models.DecimalField("montant (€)", max_digits=14, decimal_places=2)
    statut = models.CharField(max_length=20, choices=StatutReleve.choices, default=StatutReleve.A_VALIDER)
    validated_at = models.DateTimeField("validé le", null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    paid_at = models.DateTimeField("payé le", null=True, blank=True)
    payment_reference = models.CharField("référence du paiement", max_length=100, blank=True)

    class Meta:
        verbose_name = "relevé mensuel"
        verbose_name_plural = "relevés mensuels"
        ordering = ["-mois"]
        constraints = [
            models.UniqueConstraint(fields=["campagne", "qualification", "mois"], name="releve_unique_mois"),
            models.CheckConstraint(
                name="releve_paye_avec_reference",
                condition=~Q(statut=StatutReleve.PAYE) | ~Q(payment_reference=""),
                violation_error_message="Un relevé payé porte la référence du paiement.",
            ),
        ]

    def __str__(self):
        return f"Relevé {self.mois:%m/%Y} — {self.qualification.lieu}"


class Avoir(BaseModel):
    """Avoir de fin de campagne : chèques non utilisés rendus à chaque financeur selon sa part."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    campagne = models.ForeignKey(Campagne, on_delete=models.PROTECT, related_name="avoirs")
    financeur = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="avoirs_pass")
    part = models.DecimalField("part (%)", max_digits=5, decimal_places=2)
    cheques_inutilises = models.PositiveIntegerField("chèques non utilisés")
    montant = models.DecimalField("montant (€)", max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = "avoir"
        constraints = [models.UniqueConstraint(fields=["campagne", "financeur"], name="avoir_unique_financeur")]

    def __str__(self):
        return f"Avoir {self.financeur} — {self.montant} €"
