import pytest

from maillage.comptes.enums import Role
from tests.aidants.factories import CharteFactory
from tests.comptes.factories import MembershipFactory, StructureFactory, TerritoireFactory, UserFactory


@pytest.fixture
def structure():
    return StructureFactory(nom="Association Clic")


@pytest.fixture
def territoire(structure):
    return TerritoireFactory(nom="Maine-et-Loire", slug="maine-et-loire", communes=[structure.commune])


@pytest.fixture
def gestionnaire(structure):
    return MembershipFactory(role=Role.GESTIONNAIRE, structure=structure).user


@pytest.fixture
def coordinateur(territoire, structure):
    return MembershipFactory(role=Role.COORDINATEUR, structure=StructureFactory(commune=structure.commune),
                             territoire=territoire).user  # fmt: skip


@pytest.fixture
def aidant_user(structure):
    user = UserFactory(first_name="Mehdi", last_name="Médiation")
    MembershipFactory(role=Role.MEDIATEUR, structure=structure, user=user)
    return user


@pytest.fixture
def charte(territoire):
    return CharteFactory(territoire=territoire, publiee=True)


@pytest.fixture(autouse=True)
def _cache_vide():
    """La limite de débit compte dans le cache : chaque test part d'un compteur à zéro."""
    from django.core.cache import cache

    cache.clear()
