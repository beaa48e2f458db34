"""Matrice rôle × action du socle : chaque case est une règle écrite dans maillage/comptes/permissions.py."""

import pytest
from django.contrib.auth.models import AnonymousUser

from maillage.comptes import permissions as p
from maillage.comptes.enums import Role
from tests.comptes.factories import MembershipFactory, StructureFactory, TerritoireFactory, UserFactory

ROLES = ["ANONYME", "EXTERIEUR", *[r.value for r in Role], "STAFF"]

# action -> rôles autorisés (sur la structure S, dans le territoire T qui contient sa commune)
MATRIX = {
    "view_structure": {
        "MEDIATEUR",
        "AIDANT",
        "PRESCRIPTEUR",
        "GESTIONNAIRE",
        "COMMANDITAIRE",
        "COORDINATEUR",
        "STAFF",
    },
    "manage_structure": {"GESTIONNAIRE", "STAFF"},
    # la coordination du territoire invite, mais seulement à des rôles de coordination (voir test_grant_rules.py)
    "invite_member": {"GESTIONNAIRE", "COORDINATEUR", "STAFF"},
    "coordinate_territoire": {"COORDINATEUR", "STAFF"},
    "view_territoire_stats": {"COORDINATEUR", "COMMANDITAIRE", "STAFF"},
    "orient": {"MEDIATEUR", "AIDANT", "PRESCRIPTEUR", "COORDINATEUR", "EXTERIEUR"},
    "record_accompagnement": {"MEDIATEUR", "AIDANT"},
}


@pytest.fixture
def world():
    structure = StructureFactory()
    territoire = TerritoireFactory(communes=[structure.commune])
    # Les rôles territoriaux sont portés par une autre structure (le département) mais couvrent le territoire.
    departement = StructureFactory(commune=structure.commune)
    return {"S": structure, "T": territoire, "D": departement}


def make_user(role, world):
    if role == "ANONYME":
        return AnonymousUser()
    if role == "STAFF":
        return UserFactory(staff=True)
    if role == "EXTERIEUR":  # prescripteur·rice d'une autre structure, d'un autre territoire
        return MembershipFactory(role=Role.PRESCRIPTEUR).user
    if role in (Role.COORDINATEUR, Role.COMMANDITAIRE):
        return MembershipFactory(role=role, structure=world["D"], territoire=world["T"]).user
    return MembershipFactory(role=role, structure=world["S"]).user


def check(action, user, world):
    s, t = world["S"], world["T"]
    return {
        "view_structure": lambda: p.can_view_structure(user, s),
        "manage_structure": lambda: p.can_manage_structure(user, s),
        "invite_member": lambda: p.can_invite_member(user, s),
        "coordinate_territoire": lambda: p.can_coordinate_territoire(user, t),
        "view_territoire_stats": lambda: p.can_view_territoire_stats(user, t),
        "orient": lambda: p.can_orient(user),
        "record_accompagnement": lambda: p.can_record_accompagnement(user, s),
    }[action]()


@pytest.mark.parametrize("action", MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_role_action_matrix(world, role, action):
    user = make_user(role, world)
    assert check(action, user, world) is (role in MATRIX[action])


def test_inactive_membership_gives_no_right(world):
    membership = MembershipFactory(role=Role.GESTIONNAIRE, structure=world["S"], is_active=False)
    assert not p.can_manage_structure(membership.user, world["S"])


def test_coordinator_of_another_territoire_cannot_see_the_structure(world):
    other = MembershipFactory(role=Role.COORDINATEUR)
    assert not p.can_view_structure(other.user, world["S"])
    assert not p.can_coordinate_territoire(other.user, world["T"])
