"""Un petit territoire fictif : deux EPCI (Alpha : deux communes, Bêta : une), une commune hors du territoire, et
les comptes de la matrice (coordination, financeur, aidant, prescripteur)."""

import pytest

from maillage.annuaire import services
from maillage.annuaire.enums import Dispositif, Public, RoleReseau
from maillage.comptes.enums import Role
from tests.comptes.factories import MembershipFactory, StructureFactory, TerritoireFactory, UserFactory
from tests.core.factories import CommuneFactory

ALPHA, BETA, GAMMA = "200000001", "200000002", "200000009"


@pytest.fixture
def communes():
    return {
        "a1": CommuneFactory(nom="Ahun", epci_code=ALPHA, epci_nom="CC Alpha", population=1000),
        "a2": CommuneFactory(nom="Aubusson", epci_code=ALPHA, epci_nom="CC Alpha", population=3000),
        "b1": CommuneFactory(nom="Bellac", epci_code=BETA, epci_nom="CA Bêta", population=5000),
        "hors": CommuneFactory(nom="Ailleurs", epci_code=GAMMA, epci_nom="CC Gamma", population=700),
    }


@pytest.fixture
def territoire(communes):
    return TerritoireFactory(nom="Département test", slug="dep-test",
                             communes=[communes["a1"], communes["a2"], communes["b1"]])  # fmt: skip


@pytest.fixture
def structure(communes):
    return StructureFactory(nom="Espace numérique d'Ahun", commune=communes["a1"])


@pytest.fixture
def autre_structure(communes):
    return StructureFactory(nom="Centre social de Bellac", commune=communes["b1"])


@pytest.fixture
def coordinateur(territoire, structure):
    return MembershipFactory(role=Role.COORDINATEUR, structure=structure, territoire=territoire).user


@pytest.fixture
def financeur(territoire, structure):
    return MembershipFactory(role=Role.COMMANDITAIRE, structure=structure, territoire=territoire).user


@pytest.fixture
def aidant(structure):
    return MembershipFactory(role=Role.AIDANT, structure=structure).user


@pytest.fixture
def prescripteur(autre_structure):
    return MembershipFactory(role=Role.PRESCRIPTEUR, structure=autre_structure).user


@pytest.fixture
def anonyme_user():
    return UserFactory()


@pytest.fixture
def acteur(territoire, structure, coordinateur):
    return services.save_acteur(by=coordinateur, territoire=territoire, structure=structure,
                                roles=[RoleReseau.LIEU_MEDIATION], dispositifs=[Dispositif.CONSEILLERS_NUMERIQUES],
                                epcis=[ALPHA], mainteneur=coordinateur)  # fmt: skip


@pytest.fixture
def poste_kwargs(territoire, structure):
    import datetime

    return {"territoire": territoire, "employeur": structure, "financeur": "État (ANCT)",
            "dispositif": Dispositif.CONSEILLERS_NUMERIQUES, "debut_financement": datetime.date(2025, 1, 1),
            "fin_financement": datetime.date(2027, 1, 1), "publics": [Public.SENIORS], "epcis": [ALPHA]}  # fmt: skip
