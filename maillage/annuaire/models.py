"""L'annuaire du réseau : acteurs et leur périmètre d'intervention, périmètre des lieux, contacts partenaires,
postes de médiateurs, feuille de route (axes, actions, indicateurs) et le journal de toutes ces écritures.

Un périmètre se déclare en communes et en EPCI ; `communes_servies` garde leur union (calculée par le service) : c'est
elle que lisent les filtres « intervient dans votre commune » et les orientations."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from maillage.annuaire.enums import Canal, Dispositif, Operateur, StatutAction, StatutFeuille, ZoneADistance
from maillage.comptes.models import Structure, Territoire
from maillage.core.models import BaseModel, Commune, JournalModel
from maillage.lieux.models import Lieu

#: Une fiche non vérifiée depuis 12 mois : relance de la personne qui la tient ; 18 mois : avertissement public.
RELANCE_APRES = timedelta(days=365)
PERIMEE_APRES = timedelta(days=548)


class Perimetre(models.Model):
    """Périmètre d'intervention déclaré (communes, EPCI) et son union calculée, distinct de l'adresse."""

    epcis = models.JSONField("EPCI (SIREN)", default=list, blank=True)

    class Meta:
        abstract = True


class ActeurQuerySet(models.QuerySet):
    def actifs(self):
        return self.filter(archived_at__isnull=True)

    def servant(self, commune_code: str):
        return self.filter(communes_servies=commune_code)


class Acteur(BaseModel, Perimetre):
    """Une structure du réseau, telle que l'annuaire la présente : rôles, dispositifs portés, périmètre."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # PROTECT : une structure ne disparaît pas sous sa fiche (on archive la fiche).
    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="fiches_annuaire")
    territoire = models.ForeignKey(Territoire, on_delete=models.PROTECT, related_name="acteurs")
    roles = models.JSONField("rôles dans le réseau", default=list)
    dispositifs = models.JSONField("dispositifs portés", default=list, blank=True)
    # « |ROLE|AUTRE| » : filtre portable SQLite/PostgreSQL sans JSON contains.
    roles_text = models.CharField(max_length=300, blank=True, editable=False, db_index=True)
    dispositifs_text = models.CharField(max_length=300, blank=True, editable=False)
    description = models.TextField("présentation", blank=True, max_length=1000)
    communes = models.ManyToManyField(Commune, related_name="+", blank=True, verbose_name="communes déclarées")
    communes_servies = models.ManyToManyField(Commune, related_name="acteurs_servant", blank=True)
    search_text = models.CharField(max_length=255, blank=True, editable=False, db_index=True)
    mainteneur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="personne qui tient la fiche",
    )  # fmt: skip
    verified_at = models.DateTimeField("vérifiée le", default=timezone.now)
    reminded_at = models.DateTimeField("relance envoyée le", null=True, blank=True)
    archived_at = models.DateTimeField("archivée le", null=True, blank=True)

    objects = ActeurQuerySet.as_manager()

    class Meta:
        verbose_name = "acteur du réseau"
        verbose_name_plural = "acteurs du réseau"
        ordering = ["search_text", "pk"]
        indexes = [models.Index(fields=["archived_at", "verified_at"], name="acteur_relance_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "territoire"],
                condition=Q(archived_at__isnull=True),
                name="acteur_unique_par_territoire",
                violation_error_message="Cette structure a déjà une fiche dans l'annuaire de ce territoire.",
            )
        ]

    def __str__(self):
        return self.structure.nom

    @property
    def perimee(self) -> bool:
        return timezone.now() - self.verified_at > PERIMEE_APRES

    def get_roles_display(self) -> list[str]:
        from maillage.annuaire.enums import RoleReseau

        return [RoleReseau(r).label for r in self.roles if r in RoleReseau.values]

    def get_dispositifs_display(self) -> list[str]:
        return [Dispositif(d).label for d in self.dispositifs if d in Dispositif.values]


class PerimetreLieu(BaseModel, Perimetre):
    """Le périmètre d'un lieu de médiation, gardé ici sans toucher aux modèles des lieux."""

    lieu = models.OneToOneField(Lieu, on_delete=models.CASCADE, related_name="perimetre_annuaire")
    communes = models.ManyToManyField(Commune, related_name="+", blank=True)
    communes_servies = models.ManyToManyField(Commune, related_name="lieux_servant", blank=True)
    # Aide à distance (si le lieu accompagne « À distance ») : jusqu'où la recherche le propose.
    zone_a_distance = models.CharField(
        "aide à distance pour", max_length=20, choices=ZoneADistance.choices, default=ZoneADistance.PERIMETRE
    )
    territoire_a_distance = models.ForeignKey(
        Territoire, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="territoire de l'aide à distance",
    )  # fmt: skip

    class Meta:
        verbose_name = "périmètre d'un lieu"
        verbose_name_plural = "périmètres des lieux"
        constraints = [
            # Le territoire est donné pour la zone « tout le territoire », et seulement pour elle.
            models.CheckConstraint(
                condition=Q(zone_a_distance=ZoneADistance.TERRITOIRE, territoire_a_distance__isnull=False)
                | (~Q(zone_a_distance=ZoneADistance.TERRITOIRE) & Q(territoire_a_distance__isnull=True)),
                name="perimetre_lieu_zone_territoire",
            )
        ]

    def __str__(self):
        return f"Périmètre de {self.lieu}"


class ContactPartenaire(BaseModel):
    """Le bon contact chez un opérateur pour un cas bloqué, par thème : pour les aidants connectés seulement."""

    territoire = models.ForeignKey(Territoire, on_delete=models.PROTECT, related_name="contacts_partenaires")
    operateur = models.CharField("opérateur", max_length=20, choices=Operateur)
    theme = models.CharField("thème", max_length=120)
    canal = models.CharField(max_length=20, choices=Canal)
    coordonnees = models.CharField("adresse, numéro ou lien", max_length=255)
    service = models.CharField("service ou fonction du contact", max_length=200, blank=True)
    consignes = models.TextField("ce qu'il faut joindre ou préciser", blank=True, max_length=1000)
    archived_at = models.DateTimeField("archivé le", null=True, blank=True)

    class Meta:
        verbose_name = "contact partenaire"
        verbose_name_plural = "contacts partenaires"
        ordering = ["operateur", "theme", "pk"]

    def __str__(self):
        return f"{self.get_operateur_display()} — {self.theme}"


class Poste(BaseModel, Perimetre):
    """Un poste de médiatrice ou de médiateur : qui l'emploie, qui le finance, jusqu'à quand, pour qui."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territoire = models.ForeignKey(Territoire, on_delete=models.PROTECT, related_name="postes")
    employeur = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="postes_employes")
    financeur = models.CharField(max_length=200)
    dispositif = models.CharField(max_length=30, choices=Dispositif)
    debut_financement = models.DateField("début du financement")
    fin_financement = models.DateField("fin du financement")
    temps_travail = models.PositiveSmallIntegerField("temps de travail (%)", default=100)
    publics = models.JSONField("publics", default=list)
    communes = models.ManyToManyField(Commune, related_name="+", blank=True)
    # EPCI servis (déclarés ou par leurs communes), pour repérer les doublons sans jointure.
    epcis_servis = models.JSONField(default=list, blank=True, editable=False)
    personne_nom = models.CharField("nom de la personne", max_length=150, blank=True)
    personne_accord = models.BooleanField("la personne accepte que son nom figure", default=False)
    archived_at = models.DateTimeField("archivé le", null=True, blank=True)

    class Meta:
        verbose_name = "poste de médiation"
        verbose_name_plural = "postes de médiation"
        ordering = ["fin_financement", "pk"]
        indexes = [models.Index(fields=["territoire", "archived_at", "fin_financement"], name="poste_fin_idx")]
        constraints = [
            models.CheckConstraint(
                name="poste_fin_apres_debut",
                condition=Q(fin_financement__gt=F("debut_financement")),
                violation_error_message="La fin du financement doit suivre son début.",
            ),
            models.CheckConstraint(
                name="poste_temps_travail",
                condition=Q(temps_travail__gte=1, temps_travail__lte=100),
                violation_error_message="Le temps de travail est un pourcentage de 1 à 100.",
            ),
            models.CheckConstraint(
                name="poste_nom_avec_accord",
                condition=Q(personne_accord=True) | Q(personne_nom=""),
                violation_error_message="Le nom de la personne ne figure qu'avec son accord.",
            ),
        ]

    def __str__(self):
        return f"Poste {self.get_dispositif_display()} — {self.employeur.nom}"


class FeuilleDeRoute(BaseModel):
    """Une version de la feuille de route d'un territoire. Publiée, elle est figée : on écrit la suivante."""

    territoire = models.ForeignKey(Territoire, on_delete=models.PROTECT, related_name="feuilles_de_route")
    titre = models.CharField(max_length=200)
    version = models.PositiveIntegerField(default=1)
    statut = models.CharField(max_length=20, choices=StatutFeuille, default=StatutFeuille.BROUILLON)
    published_at = models.DateTimeField("publiée le", null=True, blank=True)

    class Meta:
        verbose_name = "feuille de route"
        verbose_name_plural = "feuilles de route"
        ordering = ["territoire", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["territoire", "version"],
                name="feuille_version_unique",
                violation_error_message="Cette version de la feuille de route existe déjà.",
            )
        ]

    def __str__(self):
        return f"{self.titre} (version {self.version})"

    @property
    def figee(self) -> bool:
        return self.statut == StatutFeuille.PUBLIEE


class Axe(BaseModel):
    feuille = models.ForeignKey(FeuilleDeRoute, on_delete=models.CASCADE, related_name="axes")
    titre = models.CharField(max_length=200)
    ordre = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["ordre", "pk"]

    def __str__(self):
        return self.titre


class Action(BaseModel):
    axe = models.ForeignKey(Axe, on_delete=models.CASCADE, related_name="actions")
    titre = models.CharField(max_length=300)
    pilote = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    partenaires = models.ManyToManyField(Structure, related_name="+", blank=True)
    statut = models.CharField(max_length=20, choices=StatutAction, default=StatutAction.A_LANCER)
    debut = models.DateField("début", null=True, blank=True)
    fin = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["axe", "pk"]
        constraints = [
            models.CheckConstraint(
                name="action_fin_apres_debut",
                condition=Q(debut__isnull=True) | Q(fin__isnull=True) | Q(fin__gte=F("debut")),
                violation_error_message="La fin de l'action ne peut pas précéder son début.",
            )
        ]

    def __str__(self):
        return self.titre


class Indicateur(BaseModel):
    """Un indicateur d'une action, relié par son nom à un chiffre vivant de Maillage (`indicateurs.REGISTRE`)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="indicateurs")
    libelle = models.CharField("libellé", max_length=200)
    chiffre = models.CharField("chiffre de Maillage", max_length=60)
    cible = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.libelle


class JournalAnnuaire(JournalModel):
    """Toute écriture de l'annuaire : fiches, périmètres, contacts, postes, feuilles de route (codes et drapeaux)."""

    # PROTECT : la preuve garde son sujet (on archive, on ne supprime pas).
    acteur = models.ForeignKey(Acteur, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    poste = models.ForeignKey(Poste, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    contact = models.ForeignKey(ContactPartenaire, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    feuille = models.ForeignKey(FeuilleDeRoute, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    lieu = models.ForeignKey(Lieu, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta(JournalModel.Meta):
        verbose_name = "journal de l'annuaire"
        verbose_name_plural = "journal de l'annuaire"
