"""Matrice rôle × action de « Mes données »."""

import pytest

from maillage.comptes.enums import Role
from maillage.mes_donnees import permissions, services
from tests.accompagnements.factories import AccompagnementFactory
from tests.comptes.factories import MembershipFactory
from tests.orientations.factories import OrientationFactory

LISTE = {
    Role.GESTIONNAIRE: True, Role.MEDIATEUR: True, Role.AIDANT: True, Role.PRESCRIPTEUR: True,
    Role.COORDINATEUR: False, Role.COMMANDITAIRE: False,
}  # fmt: skip
SEANCE = {
    Role.GESTIONNAIRE: False, Role.MEDIATEUR: True, Role.AIDANT: True, Role.PRESCRIPTEUR: False,
    Role.COORDINATEUR: False, Role.COMMANDITAIRE: False,
}  # fmt: skip


@pytest.mark.parametrize("role", list(LISTE))
def test_list_and_carry_out_by_role(role):
    orientation = OrientationFactory()
    user = MembershipFactory(role=role, structure=orientation.structure_prescriptrice).user
    demande = services.request_erasure(
        code=services.issue_code(by=orientation.prescripteur, orientation=orientation)[0]
    )
    assert permissions.can_list_demandes(user) is LISTE[role]
    assert permissions.can_carry_out_demande(user, demande) is LISTE[role]


@pytest.mark.parametrize("role", list(SEANCE))
def test_issue_session_code_by_role(role):
    seance = AccompagnementFactory()
    user = MembershipFactory(role=role, structure=seance.structure).user
    assert permissions.can_issue_code_accompagnement(user, seance) is SEANCE[role]


def test_no_code_once_the_orientation_is_anonymised():
    orientation = OrientationFactory()
    assert permissions.can_issue_code_orientation(orientation.prescripteur, orientation)
    orientation.anonymized_at = orientation.created_at
    assert not permissions.can_issue_code_orientation(orientation.prescripteur, orientation)
