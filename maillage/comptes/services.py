"""Écritures du domaine comptes : invitations, rôles. Toujours dans une transaction."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from maillage.comptes.enums import ROLES_TERRITORIAUX
from maillage.comptes.models import Invitation, Membership, Structure, Territoire, User
from maillage.comptes.permissions import can_grant_role

GRANT_REFUSED = (
    "Vous ne pouvez pas donner ce rôle ici. Une ou un gestionnaire donne les rôles de sa structure ; "
    "seule la coordination d'un territoire (ou l'équipe d'administration) donne les rôles de coordination "
    "ou de financement, sur son territoire et pour une structure de ce territoire."
)


def _check_grant(*, by: User, structure: Structure, role: str, territoire: Territoire | None) -> None:
    # Vérifié ici et pas seulement dans le formulaire : l'API, les commandes et un POST forgé passent aussi ici.
    if not can_grant_role(by, structure=structure, role=role, territoire=territoire):
        raise PermissionDenied(GRANT_REFUSED)


@transaction.atomic
def add_membership(
    *,
    user: User,
    structure: Structure,
    role: str,
    territoire: Territoire | None = None,
    by: User | None = None,
) -> Membership:
    """Donne un rôle ; refuse un doublon avec un message clair plutôt qu'une erreur de base.

    Avec `by`, vérifie que cette personne peut donner ce rôle (`can_grant_role`) ; sans `by`, l'appelant en
    répond (acceptation d'une invitation déjà vérifiée, démonstration).
    """
    if by is not None:
        _check_grant(by=by, structure=structure, role=role, territoire=territoire)
    existing = Membership.objects.filter(user=user, structure=structure, role=role).first()
    if existing:
        if existing.is_active:
            raise ValidationError("Cette personne a déjà ce rôle dans cette structure.")
        existing.is_active = True
        existing.territoire = territoire
        existing.save(update_fields=["is_active", "territoire", "updated_at"])
        return existing
    membership = Membership(user=user, structure=structure, role=role, territoire=territoire)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def revoke_membership(*, membership: Membership, by: User) -> Membership:
    """Retire un rôle (sans effacer la ligne, qui dit qui a eu accès à quoi). Retirer ne donne aucun droit :
    pas de règle d'attribution à vérifier ici ; l'appelant vérifie que `by` gère ce rôle."""
    if not membership.is_active:
        raise ValidationError("Ce rôle est déjà retiré.")
    membership.is_active = False
    membership.save(update_fields=["is_active", "updated_at"])
    return membership


@transaction.atomic
def invite_member(
    *, structure: Structure, email: str, role: str, by: User, territoire: Territoire | None = None
) -> Invitation:
    """Envoie une invitation, si `by` peut donner ce rôle dans cette structure (et sur ce territoire)."""
    email = email.strip().lower()
    if role in ROLES_TERRITORIAUX and territoire is None:
        raise ValidationError("Choisissez le territoire sur lequel cette personne coordonnera ou financera.")
    if role not in ROLES_TERRITORIAUX:
        territoire = None
    _check_grant(by=by, structure=structure, role=role, territoire=territoire)
    if Membership.objects.filter(user__email__iexact=email, structure=structure, role=role, is_active=True).exists():
        raise ValidationError("Cette personne a déjà ce rôle dans cette structure.")
    invitation = Invitation(structure=structure, email=email, role=role, territoire=territoire, invited_by=by)
    invitation.full_clean()
    invitation.save()
    transaction.on_commit(lambda: send_invitation_email(invitation))
    return invitation


def send_invitation_email(invitation: Invitation) -> None:
    link = settings.SITE_URL.rstrip("/") + reverse("comptes:invitation", args=[invitation.token])
    send_mail(
        subject=f"Invitation à rejoindre {invitation.structure} sur Maillage",
        message=(
            f"Bonjour,\n\n{invitation.invited_by} vous invite à rejoindre « {invitation.structure} » "
            f"sur Maillage, en tant que {invitation.get_role_display().lower()}.\n\n"
            f"Pour accepter, ouvrez ce lien (valable jusqu'au "
            f"{timezone.localtime(invitation.expires_at):%d/%m/%Y à %H h %M}) :\n{link}\n\n"
            "Si vous ne vous attendiez pas à ce message, ignorez-le.\n"
        ),
        from_email=None,
        recipient_list=[invitation.email],
    )


@transaction.atomic
def accept_invitation(
    *,
    invitation: Invitation,
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    user: User | None = None,
) -> Membership:
    """Crée le compte s'il n'existe pas, puis donne le rôle. L'invitation ne sert qu'une fois."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise ValidationError("Cette invitation a déjà été utilisée. Connectez-vous avec votre adresse.")
    if invitation.is_expired:
        raise ValidationError(
            "Cette invitation a expiré. Demandez au ou à la gestionnaire de la structure de vous en renvoyer une."
        )
    # La règle est vérifiée de nouveau à l'acceptation : une personne qui a perdu son rôle de gestion depuis
    # l'envoi (ou une invitation créée avant cette règle) ne donne plus de rôle.
    if not can_grant_role(
        invitation.invited_by, structure=invitation.structure, role=invitation.role, territoire=invitation.territoire
    ):
        raise ValidationError(
            "Cette invitation n'est plus valable : la personne qui l'a envoyée ne peut pas (ou plus) donner ce "
            "rôle. Demandez une nouvelle invitation à la ou au gestionnaire de la structure."
        )
    if user is None:
        user = User.objects.filter(email__iexact=invitation.email).first()
    if user is None:
        if not password:
            raise ValidationError("Choisissez un mot de passe pour créer votre compte.")
        user = User.objects.create_user(
            email=invitation.email, password=password, first_name=first_name, last_name=last_name
        )
    elif user.email.lower() != invitation.email.lower():
        raise ValidationError("Cette invitation a été envoyée à une autre adresse électronique.")
    membership = add_membership(
        user=user, structure=invitation.structure, role=invitation.role, territoire=invitation.territoire
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at", "updated_at"])
    return membership


@transaction.atomic
def update_structure(*, structure: Structure, by: User) -> Structure:
    """Enregistre une structure déjà validée par son formulaire (SIRET, commune)."""
    structure.full_clean()
    structure.save()
    return structure
