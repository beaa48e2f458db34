"""L'administration ne change pas les preuves en silence : invitations et rôles en lecture seule."""

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.comptes.enums import Role
from maillage.comptes.models import Invitation, Membership
from tests.comptes.factories import MembershipFactory, StructureFactory, TerritoireFactory


@pytest.fixture
def manager():
    return MembershipFactory(role=Role.GESTIONNAIRE)


def make_invitation(manager, **kwargs):
    return Invitation.objects.create(
        structure=manager.structure, email="x@exemple.fr", role=Role.MEDIATEUR, invited_by=manager.user, **kwargs
    )


class TestInvitationAdmin:
    def test_post_to_change_an_accepted_invitation_changes_nothing(self, admin_client, manager):
        invitation = make_invitation(manager, accepted_at=timezone.now())
        url = reverse("admin:comptes_invitation_change", args=[invitation.pk])
        response = admin_client.post(
            url,
            {"email": "autre@exemple.fr", "structure": StructureFactory().pk, "role": Role.COMMANDITAIRE,
             "territoire": TerritoireFactory().pk, "invited_by": manager.user.pk,
             "expires_at_0": "01/01/2030", "expires_at_1": "00:00:00"},
        )  # fmt: skip
        assert response.status_code == 403
        invitation.refresh_from_db()
        assert (invitation.email, invitation.role, invitation.territoire) == ("x@exemple.fr", Role.MEDIATEUR, None)

    def test_accepted_invitation_page_is_read_only(self, admin_client, manager):
        invitation = make_invitation(manager, accepted_at=timezone.now())
        response = admin_client.get(reverse("admin:comptes_invitation_change", args=[invitation.pk]))
        assert response.status_code == 200
        assert not response.context["has_change_permission"]
        assert not response.context["has_delete_permission"]
        assert invitation.token not in response.content.decode()  # le lien est un secret

    def test_accepted_invitation_cannot_be_deleted(self, admin_client, manager):
        invitation = make_invitation(manager, accepted_at=timezone.now())
        response = admin_client.post(reverse("admin:comptes_invitation_delete", args=[invitation.pk]), {"post": "yes"})
        assert response.status_code == 403
        assert Invitation.objects.filter(pk=invitation.pk).exists()

    def test_pending_invitation_can_be_withdrawn(self, admin_client, manager):
        invitation = make_invitation(manager)
        response = admin_client.post(reverse("admin:comptes_invitation_delete", args=[invitation.pk]), {"post": "yes"})
        assert response.status_code == 302
        assert not Invitation.objects.filter(pk=invitation.pk).exists()

    def test_invitations_are_not_added_in_the_admin(self, admin_client):
        assert admin_client.get(reverse("admin:comptes_invitation_add")).status_code == 403

    def test_deleting_the_structure_does_not_take_accepted_invitations_with_it(self, admin_client, manager):
        make_invitation(manager, accepted_at=timezone.now())
        structure = manager.structure
        response = admin_client.post(reverse("admin:comptes_structure_delete", args=[structure.pk]), {"post": "yes"})
        assert response.status_code == 403
        assert Invitation.objects.filter(structure=structure).exists()


class TestMembershipAdmin:
    def test_roles_are_not_added_in_the_admin(self, admin_client):
        assert admin_client.get(reverse("admin:comptes_membership_add")).status_code == 403

    def test_post_to_change_a_role_changes_nothing(self, admin_client, manager):
        url = reverse("admin:comptes_membership_change", args=[manager.pk])
        response = admin_client.post(
            url,
            {"user": manager.user.pk, "structure": manager.structure.pk, "role": Role.COORDINATEUR,
             "territoire": TerritoireFactory().pk, "is_active": "on"},
        )  # fmt: skip
        assert response.status_code == 403
        manager.refresh_from_db()
        assert (manager.role, manager.territoire) == (Role.GESTIONNAIRE, None)

    def test_user_page_cannot_add_a_role_through_the_inline(self, admin_client, manager):
        user = manager.user
        territoire = TerritoireFactory()
        response = admin_client.post(
            reverse("admin:comptes_user_change", args=[user.pk]),
            {"email": user.email, "first_name": user.first_name, "last_name": user.last_name, "is_active": "on",
             "last_login_0": "", "last_login_1": "", "date_joined_0": "01/01/2025", "date_joined_1": "00:00:00",
             "memberships-TOTAL_FORMS": "2", "memberships-INITIAL_FORMS": "1",
             "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000",
             "memberships-0-id": manager.pk, "memberships-0-user": user.pk,
             "memberships-0-structure": manager.structure.pk, "memberships-0-is_active": "on",
             "memberships-0-role": Role.COMMANDITAIRE, "memberships-0-territoire": territoire.pk,
             "memberships-1-user": user.pk, "memberships-1-structure": manager.structure.pk,
             "memberships-1-role": Role.COORDINATEUR, "memberships-1-territoire": territoire.pk,
             "memberships-1-is_active": "on"},
        )  # fmt: skip
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert list(Membership.objects.values_list("role", "territoire")) == [(Role.GESTIONNAIRE, None)]

    def test_revoke_action_withdraws_the_role_and_keeps_the_row(self, admin_client, manager):
        response = admin_client.post(
            reverse("admin:comptes_membership_changelist"),
            {"action": "revoke", "_selected_action": [manager.pk]},
        )
        assert response.status_code == 302
        manager.refresh_from_db()
        assert manager.is_active is False

    def test_active_role_cannot_be_deleted(self, admin_client, manager):
        response = admin_client.post(reverse("admin:comptes_membership_delete", args=[manager.pk]), {"post": "yes"})
        assert response.status_code == 403
        assert Membership.objects.filter(pk=manager.pk).exists()
