import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from maillage.comptes import services
from maillage.comptes.enums import Role
from maillage.comptes.models import Invitation, Membership, User
from tests.comptes.factories import MembershipFactory, StructureFactory, TerritoireFactory, UserFactory


@pytest.fixture
def manager():
    return MembershipFactory(role=Role.GESTIONNAIRE)


def invite(manager, email="nouvelle@exemple.fr", role=Role.MEDIATEUR, **kw):
    return services.invite_member(structure=manager.structure, email=email, role=role, by=manager.user, **kw)


class TestInviteMember:
    def test_sends_an_email_with_the_link(self, manager, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            invitation = invite(manager)
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["nouvelle@exemple.fr"]
        assert f"/comptes/invitation/{invitation.token}/" in mail.outbox[0].body

    def test_token_is_unguessable(self, manager):
        assert len(invite(manager).token) >= 40

    def test_duplicate_membership_is_refused(self, manager):
        member = MembershipFactory(structure=manager.structure, role=Role.MEDIATEUR)
        with pytest.raises(ValidationError, match="déjà ce rôle"):
            invite(manager, email=member.user.email)
        assert not Invitation.objects.exists()

    def test_coordinator_invitation_needs_a_territoire(self, manager):
        with pytest.raises(ValidationError, match="territoire"):
            invite(manager, role=Role.COORDINATEUR)
        assert not Invitation.objects.exists()


class TestAcceptInvitation:
    def test_creates_the_account_and_the_role(self, manager):
        invitation = invite(manager)
        membership = services.accept_invitation(
            invitation=invitation, password="un-mot-de-passe-solide", first_name="Nour", last_name="Ben"
        )
        user = User.objects.get(email="nouvelle@exemple.fr")
        assert membership.user == user and user.check_password("un-mot-de-passe-solide")
        assert membership.role == Role.MEDIATEUR and membership.structure == manager.structure
        invitation.refresh_from_db()
        assert invitation.accepted_at is not None

    def test_existing_account_gets_the_role(self, manager):
        user = UserFactory(email="nouvelle@exemple.fr")
        services.accept_invitation(invitation=invite(manager), user=user)
        assert Membership.objects.filter(user=user, structure=manager.structure).exists()

    def test_territorial_role_keeps_the_territoire(self, manager):
        territoire = TerritoireFactory()
        invitation = services.invite_member(
            structure=manager.structure,
            email="nouvelle@exemple.fr",
            role=Role.COORDINATEUR,
            territoire=territoire,
            by=UserFactory(staff=True),  # seule l'équipe (ou la coordination du territoire) donne ce rôle
        )
        membership = services.accept_invitation(invitation=invitation, password="un-mot-de-passe-solide")
        assert membership.territoire == territoire

    def test_expired_invitation_is_refused_and_nothing_is_created(self, manager):
        invitation = invite(manager)
        with time_machine.travel(datetime.datetime.now() + datetime.timedelta(days=15)):
            with pytest.raises(ValidationError, match="expiré"):
                services.accept_invitation(invitation=invitation, password="un-mot-de-passe-solide")
        assert not User.objects.filter(email="nouvelle@exemple.fr").exists()

    def test_invitation_works_only_once(self, manager):
        invitation = invite(manager)
        services.accept_invitation(invitation=invitation, password="un-mot-de-passe-solide")
        with pytest.raises(ValidationError, match="déjà été utilisée"):
            services.accept_invitation(invitation=invitation, password="un-autre-mot-de-passe")

    def test_another_user_cannot_take_it(self, manager):
        with pytest.raises(ValidationError, match="autre adresse"):
            services.accept_invitation(invitation=invite(manager), user=UserFactory(email="intrus@exemple.fr"))


class TestAddMembership:
    def test_reactivates_an_old_role(self):
        m = MembershipFactory(role=Role.AIDANT, is_active=False)
        again = services.add_membership(user=m.user, structure=m.structure, role=Role.AIDANT)
        assert again.pk == m.pk and again.is_active

    def test_duplicate_is_a_french_error(self):
        m = MembershipFactory(role=Role.AIDANT)
        with pytest.raises(ValidationError, match="déjà ce rôle"):
            services.add_membership(user=m.user, structure=m.structure, role=Role.AIDANT)

    def test_other_structure_is_fine(self):
        m = MembershipFactory(role=Role.AIDANT)
        services.add_membership(user=m.user, structure=StructureFactory(), role=Role.AIDANT)
        assert m.user.memberships.count() == 2


class TestRevokeMembership:
    def test_withdraws_the_role_but_keeps_the_row(self, manager):
        member = MembershipFactory(structure=manager.structure, role=Role.AIDANT)
        services.revoke_membership(membership=member, by=manager.user)
        member.refresh_from_db()
        assert member.is_active is False

    def test_twice_is_a_french_error(self, manager):
        member = MembershipFactory(structure=manager.structure, role=Role.AIDANT, is_active=False)
        with pytest.raises(ValidationError, match="déjà retiré"):
            services.revoke_membership(membership=member, by=manager.user)
