"""Qui peut faire quoi sur les lieux : matrice rôle × action (maillage/lieux/permissions.py)."""

import pytest

from maillage.comptes.enums import Role
from maillage.lieux import permissions as perms
from tests.comptes.factories import StructureFactory, TerritoireFactory, UserFactory, user_with_role
from tests.lieux.factories import LieuFactory


@pytest.fixture
def monde(communes_49):
    """Deux structures à Angers, un lieu chacune ; un territoire « Angers », un autre « Cholet »."""
    angers, cholet = communes_49["49007"], communes_49["49099"]
    t_angers = TerritoireFactory(nom="Angers", slug="t-angers", communes=[angers])
    t_cholet = TerritoireFactory(nom="Cholet", slug="t-cholet", communes=[cholet])
    s_a, s_b = StructureFactory(commune=angers), StructureFactory(commune=angers)
    s_cholet = StructureFactory(commune=cholet)
    lieu_a = LieuFactory(structure=s_a, commune_ref=angers, published=True)
    lieu_b = LieuFactory(structure=s_b, commune_ref=angers, published=True)
    lieu_sans_structure = LieuFactory(structure=None, commune_ref=angers)
    lieu_cholet = LieuFactory(structure=s_cholet, commune_ref=cholet, commune="Cholet", code_insee="49099")
    users = {
        "anonyme": None,
        "mediateur_a": user_with_role(Role.MEDIATEUR, structure=s_a),
        "gestionnaire_a": user_with_role(Role.GESTIONNAIRE, structure=s_a),
        "gestionnaire_b": user_with_role(Role.GESTIONNAIRE, structure=s_b),
        "coordination_angers": user_with_role(Role.COORDINATEUR, structure=s_a, territoire=t_angers),
        "coordination_cholet": user_with_role(Role.COORDINATEUR, structure=s_cholet, territoire=t_cholet),
        "financeur_angers": user_with_role(Role.COMMANDITAIRE, structure=s_a, territoire=t_angers),
        "equipe": UserFactory(staff=True),
    }
    return {
        "users": users, "a": lieu_a, "b": lieu_b, "sans": lieu_sans_structure, "cholet": lieu_cholet,
        "s_a": s_a, "s_cholet": s_cholet, "t_angers": t_angers,
    }  # fmt: skip


def _user(monde, name):
    from django.contrib.auth.models import AnonymousUser

    return monde["users"][name] or AnonymousUser()


ROLES = [
    "anonyme", "mediateur_a", "gestionnaire_a", "gestionnaire_b", "coordination_angers", "coordination_cholet",
    "financeur_angers", "equipe",
]  # fmt: skip

# action -> rôles autorisés
MATRICE = {
    "modifier_lieu_a": {"gestionnaire_a", "coordination_angers", "equipe"},
    "verifier_lieu_a": {"gestionnaire_a", "coordination_angers", "equipe"},
    "historique_lieu_a": {"gestionnaire_a", "coordination_angers", "equipe"},
    "modifier_lieu_sans_structure": {"coordination_angers", "equipe"},
    "modifier_lieu_cholet": {"coordination_cholet", "equipe"},
    "fusionner_a_b": {"coordination_angers", "equipe"},
    "fusionner_a_cholet": {"equipe"},
    "importer": {"coordination_angers", "coordination_cholet", "equipe"},
    "page_mes_lieux": {"gestionnaire_a", "gestionnaire_b", "coordination_angers", "coordination_cholet", "equipe"},
    "creer_pour_structure_a": {"gestionnaire_a", "coordination_angers", "equipe"},
    "gerer_territoire_angers": {"coordination_angers", "equipe"},
    "filtres_territoire": {"coordination_angers", "coordination_cholet", "equipe"},
}


def _can(monde, action, user) -> bool:
    m = monde
    return {
        "modifier_lieu_a": lambda: perms.can_edit_lieu(user, m["a"]),
        "verifier_lieu_a": lambda: perms.can_verify_lieu(user, m["a"]),
        "historique_lieu_a": lambda: perms.can_view_lieu_history(user, m["a"]),
        "modifier_lieu_sans_structure": lambda: perms.can_edit_lieu(user, m["sans"]),
        "modifier_lieu_cholet": lambda: perms.can_edit_lieu(user, m["cholet"]),
        "fusionner_a_b": lambda: perms.can_merge_lieux(user, m["a"], m["b"]),
        "fusionner_a_cholet": lambda: perms.can_merge_lieux(user, m["a"], m["cholet"]),
        "importer": lambda: perms.can_import_lieux(user),
        "page_mes_lieux": lambda: perms.can_access_gestion(user),
        "creer_pour_structure_a": lambda: perms.can_create_lieu(user, m["s_a"]),
        "gerer_territoire_angers": lambda: perms.can_manage_lieux_of_territoire(user, m["t_angers"]),
        "filtres_territoire": lambda: perms.can_see_territoire_lieux(user),
    }[action]()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(MATRICE))
def test_matrice_role_action(monde, role, action):
    assert _can(monde, action, _user(monde, role)) is (role in MATRICE[action])


@pytest.mark.parametrize("role", ROLES)
def test_editable_lieux_dit_la_meme_regle_que_can_edit_lieu(monde, role):
    user = _user(monde, role)
    lieux = [monde["a"], monde["b"], monde["sans"], monde["cholet"]]
    visibles = set(perms.editable_lieux(user).values_list("pk", flat=True))
    assert visibles == {lieu.pk for lieu in lieux if perms.can_edit_lieu(user, lieu)}


def test_un_lieu_ne_se_fusionne_pas_avec_lui_meme(monde):
    assert not perms.can_merge_lieux(monde["users"]["equipe"], monde["a"], monde["a"])


def test_un_compte_desactive_ne_peut_rien(monde):
    user = monde["users"]["gestionnaire_a"]
    user.is_active = False
    user.save()
    assert not perms.can_edit_lieu(user, monde["a"])
    assert not perms.editable_lieux(user).exists()


def test_une_adhesion_desactivee_retire_le_droit(monde):
    user = monde["users"]["gestionnaire_a"]
    user.memberships.update(is_active=False)
    user = type(user).objects.get(pk=user.pk)  # cache des adhésions vidé
    assert not perms.can_edit_lieu(user, monde["a"])
