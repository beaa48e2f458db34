"""Relit les rôles actifs avec les règles d'attribution (`can_grant_role`) : à lancer une fois après leur mise en
place, puis de temps en temps (cron, avec `--strict` pour alerter).

- Un rôle venu d'une invitation acceptée est vérifié avec la personne qui l'a envoyée (`Invitation.invited_by`),
  telle qu'elle est aujourd'hui : si elle a perdu depuis le droit de donner ce rôle, le rôle est signalé aussi,
  pour qu'on le revoie (on ne connaît pas les rôles passés).
- Un rôle sans invitation connue (démonstration, ancienne page d'administration) n'est signalé, comme « origine
  inconnue », que s'il est territorial : ce sont ceux qui ouvrent les données de tout un territoire.

La commande ne change rien. Pour régulariser : retirer le rôle, puis le faire donner par la page « Inviter un
membre » par une personne qui en a le droit (l'invitation garde la trace de qui l'a donné).
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from maillage.comptes.enums import ROLES_TERRITORIAUX
from maillage.comptes.models import Invitation, Membership, User
from maillage.comptes.permissions import can_grant_role


def _describe(membership: Membership) -> str:
    role = membership.get_role_display()
    if membership.territoire_id:
        role += f" ({membership.territoire})"
    return f"{membership.user.email} : {role} dans « {membership.structure} »"


class Command(BaseCommand):
    help = "Liste les rôles actifs que les règles d'attribution n'auraient pas permis de donner."

    def add_arguments(self, parser):
        parser.add_argument(
            "--strict", action="store_true", help="Sortir avec le code 1 si au moins un rôle est à revoir."
        )

    def handle(self, *args, strict=False, **options):
        # La dernière invitation acceptée pour (adresse, structure, rôle, territoire) dit qui a donné le rôle.
        granted_by: dict[tuple, Invitation] = {}
        for invitation in Invitation.objects.filter(accepted_at__isnull=False).order_by("accepted_at", "pk"):
            key = (invitation.email.lower(), invitation.structure_id, invitation.role, invitation.territoire_id)
            granted_by[key] = invitation
        # Une seule instance par personne qui invite : ses rôles sont lus une fois (cache de `active_memberships`).
        granters = {u.pk: u for u in User.objects.filter(pk__in={i.invited_by_id for i in granted_by.values()})}

        refused, unknown = [], []
        memberships = Membership.objects.active().select_related("user", "structure", "territoire")
        for membership in memberships.order_by("structure__nom", "user__email", "role"):
            key = (membership.user.email.lower(), membership.structure_id, membership.role, membership.territoire_id)
            invitation = granted_by.get(key)
            if invitation is None:
                if membership.role in ROLES_TERRITORIAUX:
                    unknown.append(membership)
                continue
            granter = granters[invitation.invited_by_id]
            if not can_grant_role(
                granter, structure=membership.structure, role=membership.role, territoire=membership.territoire
            ):
                accepted = timezone.localtime(invitation.accepted_at)
                refused.append(
                    f"- {_describe(membership)} — donné par {granter.email} (invitation acceptée le "
                    f"{accepted:%d/%m/%Y}), qui ne peut pas (ou plus) donner ce rôle."
                )

        if refused:
            self.stdout.write("Rôles que les règles d'attribution n'auraient pas permis de donner :")
            self.stdout.write("\n".join(refused))
        if unknown:
            self.stdout.write("Rôles territoriaux d'origine inconnue (aucune invitation acceptée ne les a donnés) :")
            self.stdout.write("\n".join(f"- {_describe(m)} — origine inconnue." for m in unknown))
        total = len(refused) + len(unknown)
        if not total:
            self.stdout.write("Aucun rôle à revoir.")
            return
        summary = f"{total} rôle(s) à revoir : {len(refused)} hors des règles, {len(unknown)} d'origine inconnue."
        self.stdout.write(summary)
        if strict:
            raise CommandError(summary, returncode=1)
