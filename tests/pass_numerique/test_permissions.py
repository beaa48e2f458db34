"""Matrice rôles × actions du Pass numérique (prédicats de permissions.py)."""

import pytest

from maillage.comptes.enums import Role
from maillage.pass_numerique import permissions as p
from maillage.pass_numerique.models import Cheque
from tests.comptes.factories import StructureFactory, UserFactory, user_with_role

ACTEURS = [
    "financeur",
    "coordination",
    "prescripteur",
    "gestionnaire",
    "mediateur",
    "autre_financeur",
    "aidant_ailleurs",
    "anonyme",
]


def _acteur(monde, nom):
    if nom == "autre_financeur":
        return user_with_role(Role.COMMANDITAIRE)  # un autre territoire
    if nom == "aidant_ailleurs":
        return user_with_role(Role.AIDANT, structure=StructureFactory())
    if nom == "anonyme":
        from django.contrib.auth.models import AnonymousUser

        return AnonymousUser()
    return getattr(monde, nom)


# action → acteurs autorisés
MATRICE = {
    "decide_qualification": {"financeur", "coordination"},
    "manage_campagne": {"financeur"},
    "view_campagne": {"financeur", "coordination"},
    "allocate": {"financeur", "coordination"},
    "hand_out": {"prescripteur"},
    "cancel_carnet": {"prescripteur", "financeur"},
    "redeem": {"gestionnaire", "mediateur"},
    "correct": {"financeur", "coordination"},
    "apply_qualification": {"gestionnaire"},
}


def _check(monde, action, user):
    carnet = monde.carnet(1)
    cheque = Cheque.objects.filter(carnet=carnet).first()
    return {
        "decide_qualification": lambda: p.can_decide_qualification(user, monde.qualification),
        "manage_campagne": lambda: p.can_manage_campagne(user, monde.campagne),
        "view_campagne": lambda: p.can_view_campagne(user, monde.campagne),
        "allocate": lambda: p.can_allocate_carnets(user, monde.campagne),
        "hand_out": lambda: p.can_hand_out_carnet(user, carnet),
        "cancel_carnet": lambda: p.can_cancel_carnet(user, carnet),
        "redeem": lambda: p.can_redeem_at(user, monde.lieu),
        "correct": lambda: p.can_correct_encaissement(user, cheque),
        "apply_qualification": lambda: p.can_apply_qualification(user, monde.lieu),
    }[action]()


@pytest.mark.parametrize("action", sorted(MATRICE))
@pytest.mark.parametrize("acteur", ACTEURS)
def test_permission_matrix(monde, action, acteur):
    assert _check(monde, action, _acteur(monde, acteur)) is (acteur in MATRICE[action])


def test_inactive_user_can_do_nothing(monde):
    monde.financeur.is_active = False
    monde.financeur.save()
    assert not p.can_manage_campagne(monde.financeur, monde.campagne)


def test_unallocated_booklet_cannot_be_handed_out_by_anyone(monde):
    carnet = monde.carnet(4)
    assert not p.can_hand_out_carnet(monde.prescripteur, carnet)
    assert not p.can_hand_out_carnet(UserFactory(staff=True), carnet)
