"""Personnes, structures, rôles et territoires."""

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from stdnum.fr import siret as stdnum_siret

from maillage.comptes.enums import ROLES_TERRITORIAUX, Role, TypeTerritoire
from maillage.core.models import BaseModel, Commune
from maillage.core.typologies import typologie_choices
from maillage.core.utils import normalize_text


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("L'adresse électronique est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """Une personne qui se connecte. Connexion par adresse électronique, sans nom d'utilisateur."""

    email = models.EmailField("adresse électronique", unique=True)
    first_name = models.CharField("prénom", max_length=150, blank=True)
    last_name = models.CharField("nom", max_length=150, blank=True)
    is_staff = models.BooleanField("équipe d'administration", default=False)
    is_active = models.BooleanField("actif", default=True)
    # Les comptes de démonstration sont refusés à la connexion quand MAILLAGE_DEMO est faux (production).
    is_demo = models.BooleanField("compte de démonstration", default=False)
    date_joined = models.DateTimeField("inscrit le", default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = "compte"

    def __str__(self):
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email

    def clean(self):
        super().clean()
        self.email = (self.email or "").strip().lower()

    # Rôles, mis en cache sur l'objet pour la durée d'une requête.
    @property
    def active_memberships(self) -> list["Membership"]:
        if not hasattr(self, "_memberships_cache"):
            self._memberships_cache = list(
                self.memberships.filter(is_active=True).select_related("structure", "territoire")
            )
        return self._memberships_cache

    def has_role(self, *roles: str) -> bool:
        return any(m.role in roles for m in self.active_memberships)

    @property
    def roles(self) -> set[str]:
        return {m.role for m in self.active_memberships}


class Territoire(BaseModel):
    """Un ensemble nommé de communes : un département, un EPCI, un hub de plusieurs départements."""

    nom = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    type = models.CharField(max_length=20, choices=TypeTerritoire.choices, default=TypeTerritoire.DEPARTEMENT)
    communes = models.ManyToManyField(Commune, related_name="territoires", blank=True)

    class Meta:
        verbose_name = "territoire"
        ordering = ["nom"]

    def __str__(self):
        return self.nom


def validate_siret(value: str) -> None:
    if not value:
        return
    if not value.isdigit() or len(value) != 14:
        raise ValidationError(
            "Le SIRET compte 14 chiffres (sans espace). Vous avez saisi « %(v)s ».", params={"v": value}
        )
    if not stdnum_siret.is_valid(value):
        raise ValidationError(
            "Ce SIRET n'est pas valide : sa clé de contrôle ne correspond pas. Vérifiez chaque chiffre "
            "(vous pouvez le retrouver sur annuaire-entreprises.data.gouv.fr)."
        )


class StructureQuerySet(models.QuerySet):
    def in_territoires(self, territoire_ids):
        return self.filter(commune__territoires__in=territoire_ids).distinct()


class Structure(BaseModel):
    """Une organisation : association, mairie, CCAS, médiathèque, France Services, département…"""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    nom = models.CharField(max_length=200)
    siret = models.CharField("SIRET", max_length=14, blank=True, validators=[validate_siret])
    typologie = models.CharField(max_length=20, choices=typologie_choices, blank=True)
    adresse = models.CharField(max_length=255, blank=True)
    code_postal = models.CharField(max_length=5, blank=True)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="structures")
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    email = models.EmailField("adresse électronique de contact", blank=True)
    is_demo = models.BooleanField("fictive (démonstration)", default=False)
    search_text = models.CharField(max_length=255, blank=True, editable=False)

    objects = StructureQuerySet.as_manager()

    class Meta:
        verbose_name = "structure"
        ordering = ["nom"]

    def __str__(self):
        return self.nom

    def save(self, *args, **kwargs):
        self.search_text = normalize_text(self.nom)
        super().save(*args, **kwargs)


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Membership(BaseModel):
    """Un rôle d'une personne dans une structure. Coordination et financement s'exercent sur un territoire."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    territoire = models.ForeignKey(
        Territoire, on_delete=models.PROTECT, related_name="memberships", null=True, blank=True
    )
    is_active = models.BooleanField("actif", default=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "rôle dans une structure"
        verbose_name_plural = "rôles dans les structures"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "structure", "role"],
                name="membership_unique_role",
                violation_error_message="Cette personne a déjà ce rôle dans cette structure.",
            ),
            models.CheckConstraint(
                name="membership_territoire_for_territorial_roles",
                condition=(
                    Q(role__in=sorted(r.value for r in ROLES_TERRITORIAUX), territoire__isnull=False)
                    | (~Q(role__in=sorted(r.value for r in ROLES_TERRITORIAUX)) & Q(territoire__isnull=True))
                ),
                violation_error_message="La coordination et les financeurs agissent sur un territoire : "
                "choisissez-le. Les autres rôles n'en ont pas.",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.structure}"


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


def _invitation_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_VALIDITY_DAYS)


class Invitation(BaseModel):
    """Lien envoyé par courriel par une ou un gestionnaire : il expire, et ne sert qu'une fois."""

    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    email = models.EmailField("adresse électronique")
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    territoire = models.ForeignKey(Territoire, on_delete=models.PROTECT, null=True, blank=True)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    expires_at = models.DateTimeField("expire le", default=_invitation_expiry)
    accepted_at = models.DateTimeField("acceptée le", null=True, blank=True)

    class Meta:
        verbose_name = "invitation"

    def __str__(self):
        return f"Invitation de {self.email} ({self.get_role_display()}, {self.structure})"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and not self.is_expired
