import io

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.utils import timezone

from maillage.comptes import services
from maillage.comptes.enums import Role
from maillage.comptes.models import Invitation
from tests.comptes.factories import MembershipFactory, StructureFactory, TerritoireFactory, UserFactory


def run(*args) -> str:
    out = io.StringIO()
    call_command("verifier_roles", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def manager():
    return MembershipFactory(role=Role.GESTIONNAIRE, user=UserFactory(email="gestion@exemple.fr"))


def old_accepted_invitation(*, by, structure, role, territoire=None, email="financeur@exemple.fr"):
    """Une invitation acceptée avant la règle : créée sans le service, avec le rôle qu'elle a donné."""
    Invitation.objects.create(
        structure=structure, email=email, role=role, territoire=territoire, invited_by=by, accepted_at=timezone.now()
    )
    return MembershipFactory(user=UserFactory(email=email), structure=structure, role=role, territoire=territoire)


class TestVerifierRoles:
    def test_roles_given_within_the_rules_are_fine(self, manager):
        invitation = services.invite_member(
            structure=manager.structure, email="mediation@exemple.fr", role=Role.MEDIATEUR, by=manager.user
        )
        services.accept_invitation(invitation=invitation, password="un-mot-de-passe-solide")
        MembershipFactory(role=Role.AIDANT, structure=manager.structure)  # sans invitation, mais pas territorial
        assert run("--strict") == "Aucun rôle à revoir.\n"

    def test_territorial_role_given_by_a_manager_is_listed_and_strict_fails(self, manager):
        old_accepted_invitation(
            by=manager.user, structure=manager.structure, role=Role.COMMANDITAIRE, territoire=TerritoireFactory()
        )
        out = run()
        assert "n'auraient pas permis de donner" in out
        assert "financeur@exemple.fr : Commanditaire (financeur)" in out
        assert "donné par gestion@exemple.fr" in out
        assert "1 rôle(s) à revoir : 1 hors des règles, 0 d'origine inconnue." in out
        with pytest.raises(CommandError) as error:
            run("--strict")
        assert error.value.returncode == 1

    def test_role_from_a_manager_who_lost_the_role_is_listed(self, manager):
        old_accepted_invitation(by=manager.user, structure=manager.structure, role=Role.AIDANT, email="a@exemple.fr")
        assert run() == "Aucun rôle à revoir.\n"
        manager.is_active = False
        manager.save()
        assert "a@exemple.fr : Aidante ou aidant" in run()

    def test_territorial_role_without_invitation_is_of_unknown_origin(self):
        MembershipFactory(role=Role.COORDINATEUR, user=UserFactory(email="coordination@exemple.fr"))
        MembershipFactory(role=Role.COMMANDITAIRE, is_active=False)  # un rôle retiré n'est plus à revoir
        out = run()
        assert "coordination@exemple.fr : Coordination du territoire" in out
        assert "origine inconnue" in out
        assert "1 rôle(s) à revoir : 0 hors des règles, 1 d'origine inconnue." in out

    def test_staff_may_give_anything(self):
        staff = UserFactory(staff=True)
        old_accepted_invitation(
            by=staff, structure=StructureFactory(), role=Role.COORDINATEUR, territoire=TerritoireFactory()
        )
        assert run("--strict") == "Aucun rôle à revoir.\n"

    def test_strict_exit_code_from_the_command_line(self, manager, capsys):
        old_accepted_invitation(
            by=manager.user, structure=manager.structure, role=Role.COORDINATEUR, territoire=TerritoireFactory()
        )
        with pytest.raises(SystemExit) as exit_:
            ManagementUtility(["manage.py", "verifier_roles", "--strict"]).execute()
        assert exit_.value.code == 1
        assert "1 rôle(s) à revoir" in capsys.readouterr().err
