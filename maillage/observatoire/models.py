"""Observatoire : indicateurs publics par commune (et ceux qu'une coordination dépose), leurs valeurs, l'offre par
commune recalculée chaque nuit (`OffreCommune`), les observations de terrain des structures, et le journal des
chargements, dépôts, calculs et modérations. L'activité n'est pas recopiée : les panneaux la lisent là où elle vit
(accompagnements, orientations)."""

from django.conf import settings
from django.db import models

from maillage.comptes.models import Structure, Territoire
from maillage.core.models import BaseModel, Commune, JournalModel
from maillage.observatoire.enums import EtatObservation

#: Longueur maximale d'une observation de terrain : quelques phrases, pas un rapport.
OBSERVATION_MAX = 800


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


class OffreCommune(models.Model):
    """L'offre de médiation numérique d'une commune, calculée par `calculer_offre` (la nuit, ou à la demande d'une
    coordination pour son territoire). « Cette semaine » : les 7 jours à partir de la date du calcul. Les distances
    vont du centre de la commune (référentiel COG) au lieu publié le plus proche, où qu'il soit (une commune en
    bordure de département se sert chez la voisine) ; vide si la commune n'a pas de position ou qu'aucun lieu ne
    convient. Aucun chiffre ici ne porte sur une personne accompagnée."""

    commune = models.OneToOneField(Commune, on_delete=models.CASCADE, primary_key=True, related_name="+")
    calcule_le = models.DateTimeField("calculé le")
    semaine_du = models.DateField("semaine du")
    lieux = models.PositiveIntegerField("lieux publiés", default=0)
    lieux_ouverts = models.PositiveIntegerField("lieux ouverts cette semaine", default=0)
    heures_semaine = models.FloatField("heures d'ouverture cette semaine", default=0)
    heures_pour_1000 = models.FloatField("heures d'ouverture pour 1 000 habitants", null=True, blank=True)
    arrets = models.PositiveIntegerField("arrêts de lieux itinérants", default=0)
    passages_arrets = models.PositiveIntegerField("passages aux arrêts cette semaine", default=0)
    distance_ouvert_km = models.FloatField("distance au lieu ouvert le plus proche (km)", null=True, blank=True)
    distance_pass_km = models.FloatField("distance au lieu acceptant le Pass le plus proche (km)", null=True,
                                         blank=True)  # fmt: skip
    aidants = models.PositiveIntegerField("aidants", default=0)
    aidants_par_niveau = models.JSONField("aidants par niveau d'intervention", default=dict, blank=True)
    aidants_labellises = models.PositiveIntegerField("aidants labellisés", default=0)

    class Meta:
        verbose_name = "offre d'une commune"
        verbose_name_plural = "offres des communes"

    def __str__(self):
        return f"Offre de {self.commune_id} ({self.semaine_du})"


class ObservationQuerySet(models.QuerySet):
    def publiees(self):
        return self.filter(etat=EtatObservation.PUBLIEE)


class Observation(BaseModel):
    """« Ce qu'on voit sur le terrain » : une note courte d'une structure sur une commune ou une intercommunalité,
    publiée par la coordination du territoire. Jamais de donnée personnelle (vérifié par `services`)."""

    territoire = models.ForeignKey(Territoire, on_delete=models.PROTECT, related_name="+")
    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="+")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # L'un ou l'autre : une commune, ou une intercommunalité (SIREN, nom recopié pour l'affichage).
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    epci_code = models.CharField("SIREN de l'intercommunalité", max_length=9, blank=True, db_index=True)
    texte = models.TextField("observation", max_length=OBSERVATION_MAX)
    etat = models.CharField(max_length=10, choices=EtatObservation.choices, default=EtatObservation.PROPOSEE)
    decide_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decide_le = models.DateTimeField(null=True, blank=True)

    objects = ObservationQuerySet.as_manager()

    class Meta:
        verbose_name = "observation de terrain"
        verbose_name_plural = "observations de terrain"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(commune__isnull=False) & models.Q(epci_code=""))
                | (models.Q(commune__isnull=True) & ~models.Q(epci_code="")),
                name="observation_commune_ou_epci",
                violation_error_message="Une observation porte sur une commune ou sur une intercommunalité.",
            )
        ]
        indexes = [models.Index(fields=["territoire", "etat"], name="observation_terr_etat_idx")]

    def __str__(self):
        return f"Observation {self.pk} ({self.get_etat_display()})"


class EvenementObservatoire(models.TextChoices):
    CHARGEMENT = "CHARGEMENT", "Chargement des indicateurs publics"
    DEPOT = "DEPOT", "Dépôt d'un indicateur par une coordination"
    CALCUL_OFFRE = "CALCUL_OFFRE", "Calcul de l'offre par commune"
    OBS_PROPOSEE = "OBS_PROPOSEE", "Observation de terrain proposée"
    OBS_PUBLIEE = "OBS_PUBLIEE", "Observation de terrain publiée"
    OBS_REFUSEE = "OBS_REFUSEE", "Observation de terrain refusée"


class JournalObservatoire(JournalModel):
    """Chaque chargement de fichier public et chaque dépôt d'une coordination (comptes et drapeaux, pas de texte)."""

    # PROTECT : la preuve garde son sujet.
    indicateur = models.ForeignKey(Indicateur, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    territoire = models.ForeignKey(Territoire, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    observation = models.ForeignKey(Observation, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta(JournalModel.Meta):
        verbose_name = "journal de l'observatoire"
        verbose_name_plural = "journaux de l'observatoire"
