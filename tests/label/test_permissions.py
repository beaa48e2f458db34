"""Matrice rôle × action du label : chaque prédicat, pour chaque personne autour d'une demande."""

import pytest

from maillage.comptes.enums import Role
from maillage.label import permissions
from tests.comptes.factories import MembershipFactory, UserFactory

ACTIONS = ["competences", "demander", "decider", "entretien", "referentiel", "carte", "chiffres_exacts"]

# personne → actions permises
MATRICE = {
    "aidante": {"competences", "demander"},
    "gestionnaire": {"competences", "demander"},
    "gestionnaire_autre": set(),
    "coordinateur": {"decider", "entretien", "referentiel", "carte", "chiffres_exacts"},
    "coordinateur_ailleurs": set(),
    "financeur": {"carte"},
    "pair": {"entretien"},
    "inconnu": set(),
    "staff": {"competences", "demander", "decider", "entretien", "referentiel", "carte", "chiffres_exacts"},
}


@pytest.fixture
def personnes(aidante_user, gestionnaire, gestionnaire_autre, coordinateur, financeur, pairs):
    return {
        "aidante": aidante_user, "gestionnaire": gestionnaire, "gestionnaire_autre": gestionnaire_autre,
        "coordinateur": coordinateur, "coordinateur_ailleurs": MembershipFactory(role=Role.COORDINATEUR).user,
        "financeur": financeur, "pair": pairs[0].user, "inconnu": UserFactory(), "staff": UserFactory(staff=True),
    }  # fmt: skip


def _peut(action, user, demande):
    t, p = demande.territoire, demande.profil
    return {
        "competences": lambda: permissions.can_edit_competences(user, p),
        "demander": lambda: permissions.can_apply(user, p),
        "decider": lambda: permissions.can_decide(user, demande),
        "entretien": lambda: permissions.can_record_entretien(user, demande),
        "referentiel": lambda: permissions.can_manage_referentiel(user, t),
        "carte": lambda: permissions.can_view_carte(user, t),
        "chiffres_exacts": lambda: permissions.sees_exact_counts(user, t),
    }[action]()


@pytest.mark.parametrize("qui", list(MATRICE))
@pytest.mark.parametrize("action", ACTIONS)
def test_matrice(qui, action, personnes, demande_complete):
    assert _peut(action, personnes[qui], demande_complete) is (action in MATRICE[qui])


def test_la_personne_ne_mene_pas_son_propre_entretien(
    aidante, aidante_user, demande_complete, coordinateur, territoire
):
    from maillage.label import services

    services.designate_pair_fondateur(territoire=territoire, profil=aidante, by=coordinateur)
    assert not permissions.can_record_entretien(aidante_user, demande_complete)
