"""Lieux de médiation numérique : tous les champs du standard national v1.0.2, plus ce dont la plateforme a besoin."""

import functools
import re
import uuid
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from maillage.comptes.models import Structure
from maillage.core.models import BaseModel, Commune, JournalModel
from maillage.core.utils import normalize_text
from maillage.lieux.enums import StatutLieu
from maillage.lieux.schema import FILTRE_PREFIXES, LIST_ENUMS, PRESENTATION_DETAIL_MAX, TEXT_FIELDS_WITHOUT_HTML

# Un nom, une adresse… ne contiennent pas de balise : « <script> », « <b> », « <!-- » sont refusés.
#: Au-delà (18 mois), la page publique d'un lieu dit que ses informations sont peut-être anciennes.
PEUT_ETRE_ANCIEN_APRES_JOURS = 548
HTML_TAG = re.compile(r"<\s*[a-zA-Z/!?]")


@functools.cache
def _regles() -> tuple:
    """Ce que `Lieu.clean()` consulte à chaque appel, préparé une fois : valeurs permises de chaque liste fermée
    (`Enum.values` recalcule une liste à chaque appel), codes de typologie, validation des horaires (importés
    ici et non en tête du module, qui reste léger : l'import d'un module déjà chargé coûtait un quart de
    `clean()`, appelé pour chaque ligne d'un import)."""
    from maillage.core.typologies import typologies_structures
    from maillage.lieux.horaires import validate_horaires

    allowed = tuple((name, frozenset(enum.values)) for name, enum in LIST_ENUMS.items())
    return allowed, typologies_structures(), validate_horaires


def check_position(lat, lon) -> dict[str, list[str]]:
    """Erreurs de position (dict champ -> messages), vide si la position est absente ou plausible."""
    if lat is None and lon is None:
        return {}
    if lat is None or lon is None:
        return {"latitude": ["Indiquez la latitude et la longitude, ou aucune des deux."]}
    errors = {}
    if not -90 <= lat <= 90:
        errors["latitude"] = [f"La latitude doit être comprise entre -90 et 90 (reçu : {lat})."]
    if not -180 <= lon <= 180:
        errors["longitude"] = [f"La longitude doit être comprise entre -180 et 180 (reçu : {lon})."]
    return errors


class LieuQuerySet(models.QuerySet):
    def published(self):
        return self.filter(statut=StatutLieu.PUBLIE)


class Lieu(BaseModel):
    """Un lieu où une personne peut se faire aider avec le numérique.

    Les champs multi-valués du standard sont des listes JSON de valeurs des enums (lieux/enums.py).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # — Champs du standard v1.0.2 (dans l'ordre du schéma) —
    pivot = models.CharField("SIRET ou RNA", max_length=14, blank=True)
    nom = models.CharField(max_length=250)
    commune = models.CharField("commune", max_length=100)
    code_postal = models.CharField("code postal", max_length=5)
    code_insee = models.CharField("code INSEE", max_length=5, blank=True)
    adresse = models.CharField(max_length=255)
    complement_adresse = models.CharField("complément d'adresse", max_length=255, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    typologie = models.JSONField(default=list, blank=True)
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    courriels = models.JSONField(default=list, blank=True)
    site_web = models.JSONField("sites web", default=list, blank=True)
    horaires = models.TextField("horaires (syntaxe OpenStreetMap)", blank=True)
    presentation_resume = models.CharField("présentation résumée", max_length=280, blank=True)
    presentation_detail = models.TextField("présentation détaillée", blank=True)
    source = models.CharField("structure collectant la donnée", max_length=200, blank=True)
    itinerance = models.JSONField(default=list, blank=True)
    structure_parente = models.CharField("structure parente", max_length=250, blank=True)
    date_maj = models.DateField("date de mise à jour")
    services = models.JSONField(default=list, blank=True)
    publics_specifiquement_adresses = models.JSONField("publics spécifiquement adressés", default=list, blank=True)
    prise_en_charge_specifique = models.JSONField("prise en charge spécifique", default=list, blank=True)
    frais_a_charge = models.JSONField("frais à charge", default=list, blank=True)
    dispositif_programmes_nationaux = models.JSONField("dispositifs nationaux", default=list, blank=True)
    formations_labels = models.JSONField("formations et labels", default=list, blank=True)
    autres_formations_labels = models.JSONField("autres formations et labels", default=list, blank=True)
    modalites_acces = models.JSONField("modalités d'accès", default=list, blank=True)
    modalites_accompagnement = models.JSONField("modalités d'accompagnement", default=list, blank=True)
    fiche_acces_libre = models.URLField("fiche Accès libre", max_length=500, blank=True)
    prise_rdv = models.URLField("prise de rendez-vous", max_length=500, blank=True)

    # — Ce dont la plateforme a besoin —
    # PROTECT : un lieu rattaché à une structure ne disparaît pas avec elle sans décision.
    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="lieux", null=True, blank=True)
    commune_ref = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="lieux", null=True, blank=True, verbose_name="commune (COG)"
    )
    statut = models.CharField(max_length=20, choices=StatutLieu, default=StatutLieu.BROUILLON, db_index=True)
    # Identifiant d'origine : l'import est idempotent sur (source_import, source_id).
    source_import = models.CharField("source de l'import", max_length=100, blank=True)
    source_id = models.CharField("identifiant à la source", max_length=255, blank=True)
    verified_at = models.DateTimeField("vérifié le", null=True, blank=True)
    position_approximative = models.BooleanField("position approximative", default=False)
    # Tenu par le Pass numérique (pass_numerique.services.qualification), dans la transaction de sa décision : la
    # recherche filtre sur cette colonne sans connaître les modèles du Pass.
    accepte_pass = models.BooleanField("accepte le Pass numérique", default=False, db_index=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)
    # « |s:AIDE_DEMARCHES|p:JEUNES|f:GRATUIT|… | » : les listes fermées dénormalisées en un texte, pour filtrer
    # par `contains` de la même façon sur SQLite et PostgreSQL (pas de requête JSON propre à une base).
    # Préfixes : s services, p publics, c prise en charge, f frais, d dispositifs, a modalités d'accès,
    # m modalités d'accompagnement, i itinérance. Recalculé par fill_derived_fields() (save et imports en masse).
    filtres = models.TextField(blank=True, editable=False)

    objects = LieuQuerySet.as_manager()

    class Meta:
        verbose_name = "lieu"
        verbose_name_plural = "lieux"
        ordering = ["nom"]
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="lieu_position_idx"),
            # Recherche publique : statut = publié ET latitude dans un intervalle (le seul index sur statut, peu
            # sélectif, était choisi par SQLite et faisait lire toute la table).
            models.Index(fields=["statut", "latitude", "longitude"], name="lieu_statut_position_idx"),
            # L'index unique ci-dessous est partiel (source_id non vide) : le planificateur ne s'en sert pas pour
            # `source_id IN (…)` ; l'import (upsert par paquets) a besoin de celui-ci.
            models.Index(fields=["source_import", "source_id"], name="lieu_source_idx"),
            # Recherche texte (`search_text LIKE '%mot%'`) : SQLite parcourt cet index étroit au lieu de la table.
            # `id` en dernier : PostgreSQL répond alors depuis l'index seul (index-only scan) ; SQLite y a déjà le rowid.
            models.Index(fields=["statut", "search_text", "id"], name="lieu_statut_texte_id_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_import", "source_id"],
                condition=~Q(source_id=""),
                name="lieu_unique_source_id",
                violation_error_message="Un lieu porte déjà cet identifiant pour cette source.",
            ),
            models.CheckConstraint(
                name="lieu_latitude_valide",
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                violation_error_message="La latitude doit être comprise entre -90 et 90.",
            ),
            models.CheckConstraint(
                name="lieu_longitude_valide",
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                violation_error_message="La longitude doit être comprise entre -180 et 180.",
            ),
        ]

    def __str__(self):
        return f"{self.nom} ({self.commune})"

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        super().save(*args, **kwargs)

    def clean(self):
        """Règles du standard que les types de champs ne disent pas : listes fermées, horaires OSM, pas de HTML."""
        list_values, typologies, validate_horaires = _regles()
        errors: dict[str, list[str]] = {}
        texts = [getattr(self, name) or "" for name in TEXT_FIELDS_WITHOUT_HTML]
        if "<" in "".join(texts):  # sans « < », pas de balise : l'expression n'est pas lancée
            for name, text in zip(TEXT_FIELDS_WITHOUT_HTML, texts, strict=True):
                if HTML_TAG.search(text):
                    errors.setdefault(name, []).append("Ce texte ne doit pas contenir de balises HTML (« < … > »).")
        if len(self.presentation_detail or "") > PRESENTATION_DETAIL_MAX:
            errors.setdefault("presentation_detail", []).append(
                f"La présentation détaillée est trop longue ({PRESENTATION_DETAIL_MAX} caractères au plus)."
            )
        for name, allowed in list_values:
            values = getattr(self, name)
            if type(values) is not list and not isinstance(values, list):
                errors.setdefault(name, []).append("Ce champ doit être une liste de valeurs.")
                continue
            if not values or allowed.issuperset(values):  # le cas courant, sans boucle Python
                continue
            unknown = [v for v in values if v not in allowed]
            errors.setdefault(name, []).append(f"Valeur(s) inconnue(s) : {', '.join(map(str, unknown))}.")
        unknown_typo = [t for t in self.typologie or [] if t not in typologies]
        if unknown_typo:
            errors.setdefault("typologie", []).append(
                f"Typologie(s) inconnue(s) : {', '.join(map(str, unknown_typo))}."
            )
        if "horaires" not in errors:
            try:
                validate_horaires(self.horaires)
            except ValidationError as e:
                errors.setdefault("horaires", []).extend(e.messages)
        errors.update(check_position(self.latitude, self.longitude))
        if errors:
            raise ValidationError(errors)

    FILTRE_PREFIXES = FILTRE_PREFIXES  # schema.py

    @classmethod
    def filtre_token(cls, field: str, value: str) -> str:
        """Motif à chercher dans `filtres` pour « ce champ contient cette valeur » : `|s:AIDE_DEMARCHES|`."""
        return f"|{cls.FILTRE_PREFIXES[field]}:{value}|"

    def fill_derived_fields(self):
        """Colonnes calculées : texte de recherche sans accents et filtres dénormalisés (voir `filtres`)."""
        self.search_text = normalize_text(
            f"{self.nom} {self.commune} {self.code_postal} {self.adresse} {self.structure_parente}"
        )
        tokens = [
            f"{prefix}:{value}"
            for field, prefix in self.FILTRE_PREFIXES.items()
            for value in getattr(self, field) or []
        ]
        self.filtres = "|" + "|".join(tokens) + "|" if tokens else ""

    @property
    def is_itinerant(self) -> bool:
        return "ITINERANT" in (self.itinerance or [])

    @property
    def is_published(self) -> bool:
        return self.statut == StatutLieu.PUBLIE

    @property
    def peut_etre_ancien(self) -> bool:
        """Ni mis à jour ni vérifié depuis 18 mois : la page publique prévient la personne (relance à 12 mois)."""
        limite = timezone.localdate() - timedelta(days=PEUT_ETRE_ANCIEN_APRES_JOURS)
        verifie = self.verified_at is not None and timezone.localdate(self.verified_at) >= limite
        return not verifie and (self.date_maj is None or self.date_maj < limite)


class Arret(BaseModel):
    """Un arrêt d'un lieu itinérant (bus France Services, médiateur qui se déplace) : où et quand."""

    lieu = models.ForeignKey(Lieu, on_delete=models.CASCADE, related_name="arrets")
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="arrets", null=True, blank=True)
    nom = models.CharField("nom de l'arrêt", max_length=200, blank=True)
    adresse = models.CharField(max_length=255, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    horaires = models.TextField("jours et horaires (syntaxe OpenStreetMap)", blank=True)
    ordre = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "arrêt"
        ordering = ["lieu", "ordre", "pk"]

    def __str__(self):
        return f"{self.lieu.nom} — {self.nom or self.adresse}"

    def clean(self):
        from maillage.lieux.horaires import validate_horaires

        errors = {}
        try:
            validate_horaires(self.horaires)
        except ValidationError as e:
            errors["horaires"] = e.messages
        for name in ("nom", "adresse"):
            if HTML_TAG.search(getattr(self, name) or ""):
                errors[name] = ["Ce texte ne doit pas contenir de balises HTML (« < … > »)."]
        errors.update(check_position(self.latitude, self.longitude))
        if errors:
            raise ValidationError(errors)


class LieuEvent(models.TextChoices):
    CREATED = "CREATED", "Création"
    UPDATED = "UPDATED", "Modification"
    IMPORTED = "IMPORTED", "Import"
    VERIFIED = "VERIFIED", "Vérification"
    MERGED = "MERGED", "Fusion"
    STATUS = "STATUS", "Changement de statut"


class LieuHistorique(JournalModel):
    """Qui a changé quoi et quand sur un lieu (journal en ajout seul ; auteur, détails : `JournalModel`)."""

    # PROTECT : l'historique est une preuve ; un lieu qui en a ne se supprime pas (il se ferme).
    lieu = models.ForeignKey(Lieu, on_delete=models.PROTECT, related_name="historique")
    event = models.CharField(max_length=20, choices=LieuEvent)
    # Sans encodeur Django (détails déjà sérialisables) : changer l'encodeur referait la table SQLite, déclencheurs
    # compris.
    details = models.JSONField("détails", default=dict, blank=True)

    class Meta(JournalModel.Meta):
        verbose_name = "historique d'un lieu"
        verbose_name_plural = "historiques des lieux"  # et non « historique d'un lieus » (pluriel par défaut)
        ordering = ["-created_at"]


class VersionLieux(models.Model):
    """Une ligne (id = 1) dont le jeton change, par déclencheur, à chaque écriture sur les lieux, leurs arrêts ou
    leurs périmètres : l'index de recherche en mémoire de chaque processus se sait à jour en le relisant (décision
    0022). Un jeton aléatoire et non un compteur : après un retour arrière, un compteur reprendrait une valeur déjà
    vue pour d'autres données."""

    jeton = models.CharField(max_length=32)

    class Meta:
        verbose_name = "version des lieux"
        verbose_name_plural = "versions des lieux"

    def __str__(self):
        return self.jeton
