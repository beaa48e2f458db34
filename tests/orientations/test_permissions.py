"""Matrice rôle × action. Une orientation d'une autre structure est une 404, jamais une 403."""

import pytest
from django.urls import reverse

from maillage.comptes.enums import Role
from maillage.orientations.enums import StatutOrientation
from tests.comptes.factories import MembershipFactory, UserFactory, user_with_role
from tests.orientations.factories import OrientationFactory


def _user(kind, orientation):
    if kind == "prescripteur":
        return orientation.prescripteur
    if kind == "recevant_mediateur":
        return user_with_role(Role.MEDIATEUR, structure=orientation.structure_destinataire)
    if kind == "recevant_gestionnaire":
        return user_with_role(Role.GESTIONNAIRE, structure=orientation.structure_destinataire)
    if kind == "recevant_prescripteur":
        return user_with_role(Role.PRESCRIPTEUR, structure=orientation.structure_destinataire)
    if kind == "autre_structure":
        return user_with_role(Role.MEDIATEUR)
    if kind == "coordinateur_autre":
        return MembershipFactory(role=Role.COORDINATEUR).user
    if kind == "equipe_maillage":
        return UserFactory(staff=True)
    raise AssertionError(kind)


# (personne, voir, répondre) ; voir = 200 ou 404 ; répondre = effet ou non.
MATRICE = [
    ("prescripteur", 200, False),
    ("recevant_mediateur", 200, True),
    ("recevant_gestionnaire", 200, True),
    ("recevant_prescripteur", 404, False),
    ("autre_structure", 404, False),
    ("coordinateur_autre", 404, False),
    ("equipe_maillage", 404, False),
]


@pytest.mark.parametrize(("kind", "view_status", "can_answer"), MATRICE)
def test_view_and_answer_matrix(client, kind, view_status, can_answer):
    orientation = OrientationFactory()
    client.force_login(_user(kind, orientation))
    assert client.get(reverse("orientations:detail", args=[orientation.public_id])).status_code == view_status
    assert client.get(reverse("orientations:fiche", args=[orientation.public_id])).status_code == view_status
    response = client.post(reverse("orientations:accepter", args=[orientation.public_id]), {})
    orientation.refresh_from_db()
    assert (orientation.statut == StatutOrientation.ACCEPTEE) is can_answer
    if view_status == 404:
        assert response.status_code == 404
    elif not can_answer:
        assert response.status_code == 403


@pytest.mark.parametrize(
    ("role", "nouvelle", "boite"),
    [
        (Role.PRESCRIPTEUR, 200, 403),
        (Role.MEDIATEUR, 200, 200),
        (Role.AIDANT, 200, 200),
        (Role.GESTIONNAIRE, 403, 200),
        (Role.COMMANDITAIRE, 403, 403),
    ],
)
def test_pages_by_role(client, role, nouvelle, boite):
    client.force_login(user_with_role(role))
    assert client.get(reverse("orientations:nouvelle")).status_code == nouvelle
    assert client.get(reverse("orientations:boite")).status_code == boite


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("orientations:boite"))
    assert response.status_code == 302 and "login" in response.url or "connexion" in response.url
