"""Qui peut donner quel rôle : la matrice entière, par le service, par `add_membership` et par la page d'invitation.

Monde : le territoire T contient la commune de S (la structure de la personne qui invite) et celle de S2 (une autre
structure du même territoire) ; X est une structure d'un autre territoire U.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from maillage.comptes import services
from maillage.comptes.enums import ROLES_TERRITORIAUX, Role
from maillage.comptes.models import Invitation, Membership
from maillage.comptes.permissions import ROLES_STRUCTURE
from tests.comptes.factories import MembershipFactory, StructureFactory, TerritoireFactory, UserFactory

# Qui invite : son rôle est tenu dans S (et, pour les rôles territoriaux, sur T).
INVITEURS = ["MEDIATEUR", "GESTIONNAIRE", "COMMANDITAIRE", "COORDINATEUR", "COORDINATEUR_ET_FINANCEUR", "STAFF"]
CIBLES = ["S", "S2", "X"]  # même structure ; autre structure du même territoire ; structure d'un autre territoire

CASES = [
    (inviteur, role.value, cible, territoire)
    for inviteur in INVITEURS
    for role in Role
    for cible in CIBLES
    for territoire in (["T", "U"] if role in ROLES_TERRITORIAUX else [None])
]


def expected(inviteur: str, role: str, cible: str, territoire: str | None) -> bool:
    """La règle, écrite une seconde fois pour le test (voir `can_grant_role`)."""
    if inviteur == "STAFF":
        return True
    if role in ROLES_STRUCTURE:
        return inviteur == "GESTIONNAIRE" and cible == "S"
    if territoire != "T" or cible == "X":  # son territoire seulement, et une structure de ce territoire
        return False
    if role == Role.COORDINATEUR:
        return inviteur in ("COORDINATEUR", "COORDINATEUR_ET_FINANCEUR")
    return inviteur == "COORDINATEUR_ET_FINANCEUR"  # le rôle de financeur : seulement si on l'exerce soi-même


def can_open_invite_page(inviteur: str, cible: str) -> bool:
    if inviteur == "STAFF":
        return True
    if inviteur == "GESTIONNAIRE":
        return cible == "S"
    return inviteur.startswith("COORDINATEUR") and cible in ("S", "S2")


@pytest.fixture
def world():
    s = StructureFactory()
    s2 = StructureFactory()
    x = StructureFactory()
    t = TerritoireFactory(communes=[s.commune, s2.commune])
    u = TerritoireFactory(communes=[x.commune])
    return {"S": s, "S2": s2, "X": x, "T": t, "U": u}


def make_inviteur(kind: str, world):
    if kind == "STAFF":
        return UserFactory(staff=True)
    user = UserFactory()
    roles = [Role.COORDINATEUR, Role.COMMANDITAIRE] if kind == "COORDINATEUR_ET_FINANCEUR" else [kind]
    for role in roles:
        territoire = world["T"] if role in ROLES_TERRITORIAUX else None
        MembershipFactory(user=user, structure=world["S"], role=role, territoire=territoire)
    return user


def ids(case):
    return "-".join(str(part) for part in case if part)


@pytest.mark.parametrize(("inviteur", "role", "cible", "territoire"), CASES, ids=[ids(c) for c in CASES])
def test_invite_member_service_applies_the_grant_rules(world, inviteur, role, cible, territoire):
    by = make_inviteur(inviteur, world)
    kwargs = {"structure": world[cible], "email": "nouvelle@exemple.fr", "role": role, "by": by}
    if territoire:
        kwargs["territoire"] = world[territoire]
    if expected(inviteur, role, cible, territoire):
        invitation = services.invite_member(**kwargs)
        assert invitation.invited_by == by and invitation.role == role
    else:
        with pytest.raises(PermissionDenied, match="Vous ne pouvez pas donner ce rôle"):
            services.invite_member(**kwargs)
        assert not Invitation.objects.exists()


@pytest.mark.parametrize(("inviteur", "role", "cible", "territoire"), CASES, ids=[ids(c) for c in CASES])
def test_add_membership_with_by_applies_the_grant_rules(world, inviteur, role, cible, territoire):
    by = make_inviteur(inviteur, world)
    user = UserFactory(email="nouvelle@exemple.fr")
    kwargs = {"user": user, "structure": world[cible], "role": role, "by": by}
    if territoire:
        kwargs["territoire"] = world[territoire]
    if expected(inviteur, role, cible, territoire):
        assert services.add_membership(**kwargs).user == user
    else:
        with pytest.raises(PermissionDenied):
            services.add_membership(**kwargs)
        assert not user.memberships.exists()


@pytest.mark.parametrize(("inviteur", "role", "cible", "territoire"), CASES, ids=[ids(c) for c in CASES])
def test_invitation_page_applies_the_grant_rules(client, world, inviteur, role, cible, territoire):
    client.force_login(make_inviteur(inviteur, world))
    data = {"email": "nouvelle@exemple.fr", "role": role}
    if territoire:
        data["territoire"] = world[territoire].pk
    response = client.post(reverse("comptes:invite_member", args=[world[cible].public_id]), data)
    if expected(inviteur, role, cible, territoire):
        assert response.status_code == 302
        assert Invitation.objects.get().role == role
        return
    assert not Invitation.objects.exists()
    if can_open_invite_page(inviteur, cible):
        assert response.status_code == 200  # le formulaire refuse le choix, avec un message
        assert response.context["form"].errors
    else:  # 403 dans sa propre structure, 404 ailleurs : on ne révèle pas les autres structures
        assert response.status_code == (403 if cible == "S" else 404)


class TestInvitationFormChoices:
    def test_manager_is_offered_structure_roles_only(self, client, world):
        client.force_login(make_inviteur("GESTIONNAIRE", world))
        response = client.get(reverse("comptes:invite_member", args=[world["S"].public_id]))
        form = response.context["form"]
        assert [value for value, _ in form.fields["role"].choices] == [r.value for r in ROLES_STRUCTURE]
        assert "territoire" not in form.fields
        assert "Commanditaire" not in response.content.decode()

    def test_coordinator_is_offered_coordination_on_their_territoire_only(self, client, world):
        client.force_login(make_inviteur("COORDINATEUR", world))
        response = client.get(reverse("comptes:invite_member", args=[world["S2"].public_id]))
        form = response.context["form"]
        assert [value for value, _ in form.fields["role"].choices] == [Role.COORDINATEUR]
        assert list(form.fields["territoire"].queryset) == [world["T"]]

    def test_staff_is_offered_everything(self, client, world):
        client.force_login(UserFactory(staff=True))
        form = client.get(reverse("comptes:invite_member", args=[world["X"].public_id])).context["form"]
        assert len(form.fields["role"].choices) == len(Role.choices)
        assert set(form.fields["territoire"].queryset) == {world["T"], world["U"]}

    def test_structure_page_shows_the_invite_link_to_the_coordination(self, client, world):
        client.force_login(make_inviteur("COORDINATEUR", world))
        response = client.get(reverse("comptes:structure_detail", args=[world["S2"].public_id]))
        assert reverse("comptes:invite_member", args=[world["S2"].public_id]) in response.content.decode()
        assert reverse("comptes:structure_edit", args=[world["S2"].public_id]) not in response.content.decode()


class TestAcceptanceChecksTheRuleAgain:
    def test_invitation_from_a_former_manager_is_refused(self, world):
        manager = make_inviteur("GESTIONNAIRE", world)
        invitation = services.invite_member(
            structure=world["S"], email="nouvelle@exemple.fr", role=Role.MEDIATEUR, by=manager
        )
        Membership.objects.filter(user=manager).update(is_active=False)
        with pytest.raises(ValidationError, match="plus valable"):
            services.accept_invitation(invitation=invitation, password="un-mot-de-passe-solide")
        assert not Membership.objects.filter(user__email="nouvelle@exemple.fr").exists()

    def test_old_territorial_invitation_from_a_manager_is_refused(self, client, world):
        """Une invitation créée avant la règle (un ou une gestionnaire qui invite un financeur) ne sert plus."""
        manager = make_inviteur("GESTIONNAIRE", world)
        invitation = Invitation.objects.create(
            structure=world["S"], email="nouvelle@exemple.fr", role=Role.COMMANDITAIRE, territoire=world["U"],
            invited_by=manager,
        )  # fmt: skip
        response = client.post(
            reverse("comptes:invitation", args=[invitation.token]),
            {"first_name": "A", "last_name": "B", "password1": "un-mot-de-passe-solide",
             "password2": "un-mot-de-passe-solide"},
        )  # fmt: skip
        assert response.status_code == 200
        assert "plus valable" in response.content.decode()
        assert not Membership.objects.filter(role=Role.COMMANDITAIRE).exists()
