"""Modèles de base et référentiel géographique (communes, départements)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from maillage.core.enums import TypeConsentement
from maillage.core.utils import normalize_text


class BaseModel(models.Model):
    created_at = models.DateTimeField("créé le", default=timezone.now, db_index=True, editable=False)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        abstract = True


class AppendOnlyQuerySet(models.QuerySet):
    """Un journal ne se réécrit pas : ni mise à jour ni suppression en masse."""

    def update(self, **kwargs):
        raise ValidationError("Ce journal est en ajout seul : aucune ligne ne peut être modifiée.")

    def delete(self):
        raise ValidationError("Ce journal est en ajout seul : aucune ligne ne peut être supprimée.")

    def bulk_create(self, objs, *args, batch_size=None, **kwargs):
        """Insertion en masse chaînée : mêmes empreintes que ligne à ligne (voir core/journal.py)."""
        from maillage.core.journal import chain_bulk

        if kwargs.get("ignore_conflicts") or kwargs.get("update_conflicts"):
            raise ValidationError("Ce journal est en ajout seul : pas d'insertion qui ignore ou remplace une ligne.")
        return chain_bulk(self.model, list(objs), batch_size=batch_size or 2000)


class AppendOnlyModel(models.Model):
    """Base des journaux (preuves) : une ligne s'écrit une fois, ne se modifie ni ne se supprime.

    Une correction s'écrit comme une nouvelle ligne qui dit pourquoi.
    """

    created_at = models.DateTimeField("écrit le", default=timezone.now, db_index=True, editable=False)
    # Chaîne d'empreintes (core/journal.py) : toute réécriture en SQL brut se voit à la vérification.
    prev_hash = models.CharField("empreinte précédente", max_length=64, editable=False, default="")
    hash = models.CharField("empreinte", max_length=64, editable=False, default="")

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        from maillage.core.journal import chain_and_insert

        if not self._state.adding:
            raise ValidationError("Ce journal est en ajout seul : une ligne écrite ne se modifie pas.")
        chain_and_insert(self, lambda: super(AppendOnlyModel, self).save(*args, **kwargs))

    def delete(self, *args, **kwargs):
        raise ValidationError("Ce journal est en ajout seul : une ligne écrite ne se supprime pas.")


class JournalModel(AppendOnlyModel):
    """La forme commune des journaux d'activité : qui (`actor`), quoi (`event`, une liste fermée propre au journal),
    sur quoi (la clé étrangère du sujet, en PROTECT, déclarée par le journal) et des détails sans texte libre
    personnel (drapeaux, longueurs, identifiants : le texte reste sur la ligne qui sera anonymisée).

    Le registre du Pass (montants) et les textes de consentement gardent `AppendOnlyModel` : ce sont des pièces, pas
    des événements."""

    # PROTECT : un journal ne perd jamais son auteur (un compte se désactive, il ne se supprime pas).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="par"
    )
    event = models.CharField("événement", max_length=20)
    details = models.JSONField("détails", default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta(AppendOnlyModel.Meta):
        abstract = True
        ordering = ["created_at", "pk"]


class Region(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    nom = models.CharField(max_length=100)

    class Meta:
        verbose_name = "région"
        ordering = ["nom"]

    def __str__(self):
        return self.nom


class Departement(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    nom = models.CharField(max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departements", null=True)

    class Meta:
        verbose_name = "département"
        ordering = ["code"]

    def __str__(self):
        return f"{self.nom} ({self.code})"


class CommuneQuerySet(models.QuerySet):
    def search(self, q: str):
        """Nom sans accents ni casse (« angers », « Saint-Barthelemy ») ou début de code postal / INSEE."""
        q = (q or "").strip()
        if not q:
            return self.none()
        if q.isdigit() or (len(q) <= 5 and q[:2].upper() in ("2A", "2B")):
            return self.filter(
                models.Q(code_insee__startswith=q.upper()) | models.Q(codes_postaux_text__contains=f"|{q}")
            ).order_by("-population")
        return self.filter(search_text__contains=normalize_text(q)).order_by("-population")


class Commune(models.Model):
    """Une commune (ou un arrondissement municipal de Paris, Lyon, Marseille), du Code officiel géographique."""

    code_insee = models.CharField("code INSEE", max_length=5, primary_key=True)
    nom = models.CharField(max_length=100)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="communes")
    epci_code = models.CharField("SIREN de l'EPCI", max_length=9, blank=True, db_index=True)
    epci_nom = models.CharField("EPCI", max_length=200, blank=True)
    codes_postaux = models.JSONField("codes postaux", default=list, blank=True)
    # « |49000|49100| » : recherche par début de code postal portable SQLite/PostgreSQL.
    codes_postaux_text = models.CharField(max_length=200, blank=True, editable=False)
    population = models.PositiveIntegerField(default=0)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    search_text = models.CharField(max_length=200, blank=True, editable=False, db_index=True)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = "commune"
        ordering = ["nom"]

    def __str__(self):
        return f"{self.nom} ({self.departement_id})"

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        super().save(*args, **kwargs)

    def fill_derived_fields(self):
        self.search_text = normalize_text(self.nom)
        self.codes_postaux_text = "|" + "|".join(self.codes_postaux) + "|" if self.codes_postaux else ""

    @property
    def code_postal(self) -> str:
        return self.codes_postaux[0] if self.codes_postaux else ""

    @property
    def label(self) -> str:
        return f"{self.nom} ({self.code_postal or self.departement_id})"


class TexteConsentementQuerySet(AppendOnlyQuerySet):
    def current(self, type: str) -> "TexteConsentement | None":
        return self.filter(type=type).order_by("-version").first()


class TexteConsentement(AppendOnlyModel):
    """Texte exact lu à la personne. Jamais modifié : une nouvelle rédaction est une nouvelle version.

    Au socle : une orientation (orientations) et un suivi (accompagnements) gardent chacun la version lue, et
    d'autres domaines en auront (mandats des aidants…). La table garde son nom d'origine : le modèle a changé d'app
    sans que les lignes, leurs empreintes ni les déclencheurs qui les protègent ne bougent."""

    type = models.CharField(max_length=20, choices=TypeConsentement)
    version = models.PositiveIntegerField()
    texte = models.TextField()

    objects = TexteConsentementQuerySet.as_manager()

    class Meta:
        db_table = "orientations_texteconsentement"
        verbose_name = "texte de consentement"
        verbose_name_plural = "textes de consentement"
        ordering = ["type", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["type", "version"],
                name="texte_consentement_version_unique",
                violation_error_message="Cette version de texte existe déjà.",
            )
        ]

    def __str__(self):
        return f"{self.get_type_display()} — version {self.version}"
