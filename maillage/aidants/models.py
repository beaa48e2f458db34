"""Aidants : profils, rattachements aux structures, charte des engagements, signatures, journal."""

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from maillage.aidants.enums import (
    AidantEvent,
    EtatCharte,
    EtatRapprochement,
    MoyenSignature,
    Niveau,
    StatutAidant,
)
from maillage.comptes.models import Structure, Territoire
from maillage.core.models import BaseModel, Commune, JournalModel
from maillage.core.utils import normalize_text

#: Délai de re-signature par défaut après la publication d'une nouvelle version de la charte.
DELAI_RESIGNATURE_JOURS = 90
AGE_MINIMUM = 16
AGE_MAJORITE = 18
#: Un profil archivé, ou détaché de toute structure, garde le nom de la personne 12 mois (page « Données
#: personnelles ») : le temps d'un retour, d'une question sur une signature ; puis `anonymiser_aidants` l'efface.
CONSERVATION_APRES_DEPART = timedelta(days=365)
LICENCE = "Licence Ouverte 2.0 (Etalab)"


def niveaux_text(niveaux: list[str]) -> str:
    """« |REPERER_ORIENTER|AIDER_URGENCE| » : filtre par niveau portable SQLite/PostgreSQL (`__contains`)."""
    return "|" + "|".join(sorted(niveaux)) + "|" if niveaux else ""


class ReglagesAidants(BaseModel):
    """Réglages d'un territoire pour ses aidants (un seul aujourd'hui : le délai de re-signature)."""

    territoire = models.OneToOneField(Territoire, on_delete=models.CASCADE, related_name="reglages_aidants")
    delai_resignature_jours = models.PositiveIntegerField(
        "délai pour signer une nouvelle version (jours)", default=DELAI_RESIGNATURE_JOURS
    )

    class Meta:
        verbose_name = "réglages des aidants d'un territoire"
        verbose_name_plural = "réglages des aidants des territoires"


def delai_resignature(territoire: Territoire) -> timedelta:
    reglages = ReglagesAidants.objects.filter(territoire=territoire).first()
    return timedelta(days=reglages.delai_resignature_jours if reglages else DELAI_RESIGNATURE_JOURS)


class ProfilAidantQuerySet(models.QuerySet):
    def actifs(self):
        return self.filter(archived_at__isnull=True)

    def in_territoire(self, territoire: Territoire):
        """Profils rattachés (rattachement en cours) à une structure dont la commune est dans le territoire.

        `pk IN (sous-requête)` et non `EXISTS` corrélé : la base part des communes du territoire (index), au lieu
        de passer en revue chaque profil de France (100 000 profils : 150 ms → quelques ms sur SQLite)."""
        return self.filter(
            pk__in=RattachementAidant.objects.filter(
                detached_at__isnull=True, structure__commune__territoires=territoire
            ).values("profil_id")
        )


class ProfilAidant(BaseModel):
    """Une personne qui aide. Un seul profil par personne, même rattachée à plusieurs structures.

    Sans adresse électronique ni compte : la structure qui l'a ajoutée est son contact."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="profil_aidant",
        verbose_name="compte",
    )
    prenom = models.CharField("prénom", max_length=100)
    nom = models.CharField(max_length=100)
    email = models.EmailField("adresse électronique", blank=True)
    annee_naissance = models.PositiveSmallIntegerField("année de naissance", null=True, blank=True)
    mineur = models.BooleanField("a 16 ou 17 ans", default=False)
    niveaux = models.JSONField("niveaux d'intervention", default=list)
    # Niveaux ajoutés après une signature : montrés nulle part en public tant que leurs engagements ne sont pas signés.
    niveaux_en_attente = models.JSONField("niveaux en attente de signature", default=list, blank=True)
    niveaux_text = models.CharField(max_length=100, blank=True, editable=False, db_index=True)
    communes = models.ManyToManyField(Commune, related_name="aidants", blank=True, verbose_name="communes où il aide")
    aidants_connect = models.BooleanField("habilité Aidants Connect", default=False)
    aidants_connect_depuis = models.DateField("habilité Aidants Connect depuis", null=True, blank=True)
    verification_publique = models.BooleanField("accepte la vérification publique", default=False)
    # « prénom nom » sans accents ni casse : la vérification publique cherche une égalité exacte sur cette colonne.
    search_text = models.CharField(max_length=210, blank=True, editable=False, db_index=True)
    archived_at = models.DateTimeField("archivé le", null=True, blank=True)
    # Nom, année, adresse, lien au compte et communes effacés (à la demande, ou 12 mois après le départ).
    anonymized_at = models.DateTimeField("données personnelles effacées le", null=True, blank=True)
    fusionne_dans = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="réuni avec"
    )

    objects = ProfilAidantQuerySet.as_manager()

    class Meta:
        verbose_name = "profil d'aidant"
        verbose_name_plural = "profils d'aidants"
        ordering = ["nom", "prenom"]
        constraints = [
            models.CheckConstraint(
                name="aidant_habilitation_depuis",
                condition=Q(aidants_connect=True) | Q(aidants_connect_depuis__isnull=True),
                violation_error_message="Une date d'habilitation Aidants Connect suppose une habilitation.",
            ),
        ]

    def __str__(self):
        return f"{self.prenom} {self.nom}"

    def save(self, *args, **kwargs):
        self.search_text = normalize_text(f"{self.prenom} {self.nom}")
        self.niveaux_text = niveaux_text(self.niveaux)
        super().save(*args, **kwargs)

    def est_mineur(self, today: date | None = None) -> bool:
        """Prudence : avec la seule année, on tient pour mineure toute personne qui peut encore avoir 17 ans."""
        if self.mineur:
            return True
        if self.annee_naissance is None:
            return False
        return (today or timezone.localdate()).year - self.annee_naissance <= AGE_MAJORITE

    @property
    def tous_niveaux(self) -> list[str]:
        return [n for n in Niveau.values if n in self.niveaux or n in self.niveaux_en_attente]

    @property
    def niveaux_labels(self) -> list[str]:
        return [Niveau(n).label for n in Niveau.values if n in self.niveaux]


class RattachementAidant(BaseModel):
    """Un aidant dans une structure, avec son statut là-bas. On détache, on ne supprime pas (journal)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    profil = models.ForeignKey(ProfilAidant, on_delete=models.PROTECT, related_name="rattachements")
    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="rattachements_aidants")
    statut = models.CharField(max_length=30, choices=StatutAidant.choices)
    depuis = models.DateField(default=timezone.localdate)
    detached_at = models.DateTimeField("détaché le", null=True, blank=True)

    class Meta:
        verbose_name = "rattachement d'un aidant"
        verbose_name_plural = "rattachements d'aidants"
        constraints = [
            models.UniqueConstraint(
                fields=["profil", "structure"],
                condition=Q(detached_at__isnull=True),
                name="rattachement_aidant_unique_en_cours",
                violation_error_message="Cette personne est déjà rattachée à cette structure.",
            ),
        ]

    def __str__(self):
        return f"{self.profil} — {self.structure} ({self.get_statut_display()})"


class Rapprochement(BaseModel):
    """Deux profils qui semblent être la même personne (même nom, même année) : la coordination décide."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    profil = models.ForeignKey(ProfilAidant, on_delete=models.PROTECT, related_name="+")
    profil_existant = models.ForeignKey(ProfilAidant, on_delete=models.PROTECT, related_name="+")
    territoire = models.ForeignKey(Territoire, on_delete=models.PROTECT, related_name="rapprochements_aidants")
    etat = models.CharField(max_length=10, choices=EtatRapprochement.choices, default=EtatRapprochement.PROPOSE)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "rapprochement de profils"
        verbose_name_plural = "rapprochements de profils"
        constraints = [
            models.CheckConstraint(
                name="rapprochement_deux_profils",
                condition=~Q(profil=models.F("profil_existant")),
                violation_error_message="Un profil ne se rapproche pas de lui-même.",
            ),
        ]


class CharteAidants(BaseModel):
    """La charte des engagements d'un territoire, par version. Une version publiée ne change plus."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territoire = models.ForeignKey(Territoire, on_delete=models.PROTECT, related_name="chartes_aidants")
    version = models.PositiveIntegerField()
    titre = models.CharField(max_length=200, default="Charte des aidants et des aidantes")
    preambule = models.TextField("préambule", blank=True)
    etat = models.CharField(max_length=10, choices=EtatCharte.choices, default=EtatCharte.BROUILLON)
    est_exemple = models.BooleanField("texte d'exemple", default=False)
    published_at = models.DateTimeField("publiée le", null=True, blank=True)
    superseded_at = models.DateTimeField("remplacée le", null=True, blank=True)

    class Meta:
        verbose_name = "charte des aidants"
        verbose_name_plural = "chartes des aidants"
        ordering = ["territoire", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["territoire", "version"],
                name="charte_aidants_version_unique",
                violation_error_message="Cette version de la charte existe déjà pour ce territoire.",
            ),
            models.UniqueConstraint(
                fields=["territoire"],
                condition=Q(etat=EtatCharte.PUBLIEE),
                name="charte_aidants_une_publiee",
                violation_error_message="Un territoire n'a qu'une version publiée de sa charte à la fois.",
            ),
        ]

    def __str__(self):
        return f"{self.titre} v{self.version} — {self.territoire}"

    @property
    def licence(self) -> str:
        return LICENCE

    def engagements_pour(self, niveaux: list[str]) -> list["Engagement"]:
        """Les engagements qui lient au moins un de ces niveaux (et ceux qui lient tout le monde)."""
        return [e for e in self.engagements.all() if e.lie(niveaux)]


class Engagement(models.Model):
    """Un engagement numéroté. `niveaux` vide : il lie tout le monde (préserver la dignité de la personne…)."""

    charte = models.ForeignKey(CharteAidants, on_delete=models.CASCADE, related_name="engagements")
    numero = models.PositiveIntegerField("numéro")
    texte = models.TextField()
    niveaux = models.JSONField("niveaux liés (vide : tous)", default=list, blank=True)

    class Meta:
        verbose_name = "engagement"
        ordering = ["charte", "numero"]
        constraints = [
            models.UniqueConstraint(
                fields=["charte", "numero"],
                name="engagement_numero_unique",
                violation_error_message="Ce numéro d'engagement existe déjà dans cette version.",
            ),
        ]

    def __str__(self):
        return f"{self.numero}. {self.texte[:60]}"

    def lie(self, niveaux: list[str]) -> bool:
        return not self.niveaux or bool(set(self.niveaux) & set(niveaux))

    @property
    def niveaux_labels(self) -> list[str]:
        return [Niveau(n).label for n in self.niveaux] or ["Tous les niveaux"]


class SignatureCharte(BaseModel):
    """Une signature (en ligne ou sur papier). Elle ne se modifie pas : un retrait la clôt (`withdrawn_at`)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # PROTECT : une signature est une preuve ; ni le profil ni la charte ne se suppriment tant qu'elle existe.
    profil = models.ForeignKey(ProfilAidant, on_delete=models.PROTECT, related_name="signatures")
    charte = models.ForeignKey(CharteAidants, on_delete=models.PROTECT, related_name="signatures")
    niveaux_signes = models.JSONField("niveaux signés", default=list)
    moyen = models.CharField(max_length=10, choices=MoyenSignature.choices)
    signed_on = models.DateField("signée le")
    recueillie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField("retirée le", null=True, blank=True)

    class Meta:
        verbose_name = "signature de la charte"
        verbose_name_plural = "signatures de la charte"
        ordering = ["-signed_on", "-pk"]

    def __str__(self):
        return f"{self.profil} — {self.charte}"


class JournalAidant(JournalModel):
    """Qui a fait quoi sur un profil ou une charte (drapeaux seulement, jamais de texte libre personnel)."""

    event = models.CharField("événement", max_length=30, choices=AidantEvent.choices)
    # PROTECT : le journal est une preuve ; un profil se détache et s'archive, il ne se supprime pas.
    profil = models.ForeignKey(ProfilAidant, on_delete=models.PROTECT, null=True, blank=True, related_name="journal")
    charte = models.ForeignKey(CharteAidants, on_delete=models.PROTECT, null=True, blank=True, related_name="journal")

    class Meta(JournalModel.Meta):
        verbose_name = "journal des aidants"
        verbose_name_plural = "journal des aidants"
