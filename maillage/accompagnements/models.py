"""Accompagnements (séances individuelles, ateliers), besoins traités, personnes suivies, voix de la personne."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from maillage.accompagnements import enums
from maillage.comptes.enums import Role
from maillage.comptes.models import Structure
from maillage.comptes.permissions import structure_ids_for
from maillage.core.models import BaseModel, Commune, JournalModel, TexteConsentement
from maillage.lieux.models import Arret, Lieu
from maillage.orientations.enums import Resultat
from maillage.orientations.models import Orientation

#: Rôles d'une structure qui enregistrent et lisent ses accompagnements et ses personnes suivies.
ROLES_ACCOMPAGNEMENT = (Role.MEDIATEUR, Role.AIDANT)
#: Rôles qui retrouvent les séances de la structure : en plus, sa ou son gestionnaire (qui les corrige ; jamais la
#: fiche d'une personne suivie).
ROLES_LECTURE_SEANCES = (*ROLES_ACCOMPAGNEMENT, Role.GESTIONNAIRE)


def _token() -> str:
    return secrets.token_urlsafe(9)


class BeneficiaireQuerySet(models.QuerySet):
    def visible_by(self, user):
        """Seules les structures qui suivent la personne (médiation, aide) la voient ; l'équipe ne la voit pas."""
        if not (user and user.is_authenticated):
            return self.none()
        ids = structure_ids_for(user, *ROLES_ACCOMPAGNEMENT)
        return self.filter(suivis__structure_id__in=ids, anonymized_at__isnull=True).distinct()


class Beneficiaire(BaseModel):
    """Personne suivie, avec son accord. Sans accord, les accompagnements restent anonymes."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    prenom = models.CharField("prénom", max_length=100)
    nom = models.CharField(max_length=100, blank=True)
    annee_naissance = models.PositiveSmallIntegerField("année de naissance", null=True, blank=True)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    last_activity_at = models.DateTimeField("dernière activité", db_index=True)
    deletion_requested_at = models.DateTimeField("suppression demandée le", null=True, blank=True)
    anonymized_at = models.DateTimeField("anonymisée le", null=True, blank=True)
    structures = models.ManyToManyField(Structure, through="Suivi", related_name="beneficiaires")

    objects = BeneficiaireQuerySet.as_manager()

    class Meta:
        verbose_name = "personne suivie"
        verbose_name_plural = "personnes suivies"
        ordering = ["prenom", "nom"]

    def __str__(self):
        return f"{self.prenom} {self.nom}".strip() if not self.anonymized_at else "Personne anonymisée"


class Suivi(BaseModel):
    """Une structure suit une personne, qui l'a accepté (texte exact versionné)."""

    beneficiaire = models.ForeignKey(Beneficiaire, on_delete=models.CASCADE, related_name="suivis")
    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="suivis")
    consentement = models.ForeignKey(TexteConsentement, on_delete=models.PROTECT, related_name="suivis")
    consentement_at = models.DateTimeField("accord donné le")

    class Meta:
        verbose_name = "suivi"
        constraints = [
            models.UniqueConstraint(
                fields=["beneficiaire", "structure"],
                name="suivi_unique",
                violation_error_message="Cette structure suit déjà cette personne.",
            )
        ]

    def __str__(self):
        return f"Suivi par {self.structure_id}"


class AccompagnementQuerySet(models.QuerySet):
    def visible_by(self, user):
        """Séances non supprimées des structures où la personne accompagne ou gère."""
        if not (user and user.is_authenticated):
            return self.none()
        return self.filter(structure_id__in=structure_ids_for(user, *ROLES_LECTURE_SEANCES), deleted_at__isnull=True)

    def actives(self):
        """Les séances qui comptent : une séance supprimée (doublon, erreur) ne compte dans aucun chiffre."""
        return self.filter(deleted_at__isnull=True)


class Accompagnement(BaseModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    type = models.CharField(
        max_length=20, choices=enums.TypeAccompagnement.choices, default=enums.TypeAccompagnement.INDIVIDUEL
    )
    # Preuve d'activité (financements) : ni la structure ni la personne qui a accompagné ne disparaissent.
    # Index propres inutiles : couverts par les index composites (structure, date) et (mediateur, -created_at).
    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="accompagnements", db_index=False)
    mediateur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="accompagnements", db_index=False
    )
    date = models.DateField()
    duree = models.PositiveIntegerField("durée (minutes)")
    type_lieu = models.CharField("où", max_length=20, choices=enums.TypeLieu.choices, default=enums.TypeLieu.LIEU)
    lieu = models.ForeignKey(Lieu, on_delete=models.PROTECT, related_name="accompagnements", null=True, blank=True)
    arret = models.ForeignKey(Arret, on_delete=models.PROTECT, related_name="accompagnements", null=True, blank=True)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    materiel = models.JSONField("matériel", default=list, blank=True)
    precisions_demarche = models.CharField("nom de la démarche", max_length=200, blank=True)
    resultat = models.CharField("résultat pour la personne", max_length=20, choices=Resultat.choices, blank=True)
    # Atelier : nombre de participants (pèse dans les statistiques), répartitions anonymes, niveau.
    participants = models.PositiveIntegerField("nombre de participants", default=1)
    repartitions = models.JSONField(default=dict, blank=True)
    niveau = models.CharField("niveau de l'atelier", max_length=20, choices=enums.NiveauAtelier.choices, blank=True)
    titre_atelier = models.CharField("titre de l'atelier", max_length=200, blank=True)
    notes = models.TextField(blank=True)
    beneficiaire = models.ForeignKey(
        Beneficiaire, on_delete=models.SET_NULL, related_name="accompagnements", null=True, blank=True
    )
    # L'orientation qui a amené la personne (sa clôture y renvoie) et celle faite à la fin de la séance.
    orientation_recue = models.ForeignKey(
        Orientation, on_delete=models.SET_NULL, related_name="accompagnements", null=True, blank=True
    )
    orientation_suite = models.ForeignKey(
        Orientation, on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )
    questionnaire_token = models.CharField(max_length=20, unique=True, default=_token, editable=False)
    # Supprimée : la ligne reste (preuve, journal en PROTECT) mais ne compte plus nulle part ; textes libres effacés.
    deleted_at = models.DateTimeField("supprimée le", null=True, blank=True)
    deleted_motif = models.CharField("motif de suppression", max_length=20, choices=enums.MotifSuppression, blank=True)

    objects = AccompagnementQuerySet.as_manager()

    class Meta:
        verbose_name = "accompagnement"
        ordering = ["-date", "-created_at"]
        indexes = [
            models.Index(fields=["structure", "date"], name="accomp_structure_date_idx"),
            models.Index(fields=["mediateur", "-created_at"], name="accomp_mediateur_idx"),
            models.Index(fields=["date", "structure"], name="accomp_date_structure_idx"),
            # Observatoire : séances d'une commune (de la personne) sur 12 mois, résultats compris, sans lire la
            # table (issue 15).
            models.Index(
                fields=["commune", "date"],
                include=["participants", "resultat"],
                condition=Q(deleted_at__isnull=True),
                name="accomp_commune_date_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="accompagnement_duree_positive",
                condition=Q(duree__gt=0),
                violation_error_message="La durée doit être d'au moins une minute.",
            ),
            models.CheckConstraint(
                name="accompagnement_participants_positif",
                condition=Q(participants__gt=0),
                violation_error_message="Un atelier compte au moins un participant.",
            ),
        ]

    def __str__(self):
        return f"{self.get_type_display()} du {self.date:%d/%m/%Y}"

    @property
    def materiel_labels(self) -> list[str]:
        labels = dict(enums.Materiel.choices)
        return [labels.get(m, m) for m in self.materiel]


class BesoinTraite(models.Model):
    """Un besoin (thématique ou domaine de démarche) traité pendant un accompagnement, et comment.

    `structure` et `date` sont recopiés de l'accompagnement : les statistiques se calculent sans jointure.
    """

    # Index couverts par la contrainte d'unicité (accompagnement, besoin) et l'index (structure, date).
    accompagnement = models.ForeignKey(
        Accompagnement, on_delete=models.CASCADE, related_name="besoins", db_index=False
    )
    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="+", db_index=False)
    date = models.DateField()
    besoin = models.CharField(max_length=30)
    facon = models.CharField("façon de faire", max_length=30, choices=enums.FaconDeFaire.choices)
    # Facultatif, seulement pour « à la place » : pourquoi (jamais pour classer personnes ou structures).
    raison = models.CharField("pourquoi à la place", max_length=20, choices=enums.RaisonALaPlace, blank=True)
    poids = models.PositiveIntegerField(default=1)  # participants de l'atelier

    class Meta:
        verbose_name = "besoin traité"
        verbose_name_plural = "besoins traités"
        indexes = [
            models.Index(fields=["structure", "date"], name="besoin_structure_date_idx"),
            models.Index(fields=["date", "structure"], name="besoin_date_structure_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["accompagnement", "besoin"],
                name="besoin_traite_unique",
                violation_error_message="Ce besoin est déjà noté pour cet accompagnement.",
            )
        ]

    def __str__(self):
        return f"{self.label} : {self.get_facon_display()}"

    @property
    def label(self) -> str:
        return enums.besoin_traite_label(self.besoin)


class ReponseQuestionnaire(models.Model):
    """La voix de la personne : trois réponses anonymes, liées à la séance et non à la personne.

    `aise` (plus à l'aise avec le numérique) est vide pour les réponses données avant que la question existe."""

    accompagnement = models.OneToOneField(Accompagnement, on_delete=models.CASCADE, related_name="reponse")
    regle = models.CharField("problème réglé", max_length=10, choices=enums.ReponseVoix.choices)
    capable = models.CharField(
        "capable de le refaire seul ou seule", max_length=10, choices=enums.ReponseCapable.choices
    )
    aise = models.CharField(
        "plus à l'aise avec le numérique", max_length=10, choices=enums.ReponseVoix.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "réponse au questionnaire"
        verbose_name_plural = "réponses au questionnaire"

    def __str__(self):
        return f"Réponse du {self.created_at:%d/%m/%Y}"


class BeneficiaireEvent(models.TextChoices):
    READ = "READ", "Consultation de la fiche"
    EXPORTED = "EXPORTED", "Copie des données remise"
    FOLLOWED = "FOLLOWED", "Suivi commencé (accord de la personne)"
    DELETION_REQUESTED = "DELETION_REQUESTED", "Suppression demandée"
    ANONYMIZED = "ANONYMIZED", "Données anonymisées"


class BeneficiaireJournal(JournalModel):
    """Chaque lecture et chaque action sur la fiche d'une personne suivie (auteur, détails : `JournalModel`)."""

    beneficiaire = models.ForeignKey(Beneficiaire, on_delete=models.PROTECT, related_name="journal")
    event = models.CharField(max_length=20, choices=BeneficiaireEvent)

    class Meta(JournalModel.Meta):
        verbose_name = "journal des personnes suivies"
        verbose_name_plural = "journal des personnes suivies"
        ordering = ["created_at", "pk"]


class AccompagnementJournal(JournalModel):
    """Corrections et suppressions d'une séance : qui, quand, quels champs (noms seulement), quel motif (code)."""

    accompagnement = models.ForeignKey(Accompagnement, on_delete=models.PROTECT, related_name="journal")
    event = models.CharField(max_length=20, choices=enums.AccompagnementEvent)

    class Meta(JournalModel.Meta):
        verbose_name = "journal des séances"
        verbose_name_plural = "journal des séances"
        ordering = ["created_at", "pk"]


class StatMensuelle(models.Model):
    """Agrégat mensuel par commune (de la structure) : un compteur par clé (« type:INDIVIDUEL:n », « besoin:EMAIL »,
    « facon:FAIRE_AVEC »…). Recalculé par la commande agreger_statistiques (cron) ; sert au tableau de bord des
    territoires, qui lirait sinon des millions de séances. Aucune donnée personnelle."""

    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="+")
    mois = models.DateField()
    cle = models.CharField(max_length=60)
    n = models.BigIntegerField(default=0)
    created_at = models.DateTimeField("calculé le")

    class Meta:
        verbose_name = "statistique mensuelle"
        verbose_name_plural = "statistiques mensuelles"
        indexes = [models.Index(fields=["mois", "commune"], name="statmois_mois_commune_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "mois", "cle"],
                name="statmois_unique",
                violation_error_message="Cet agrégat existe déjà.",
            )
        ]

    def __str__(self):
        return f"{self.commune_id} {self.mois:%m/%Y} {self.cle} = {self.n}"
