"""Le Maine-et-Loire réel (communes du COG), un territoire de coordination qui en couvre deux intercommunalités,
un autre territoire, et les comptes de la matrice."""

import pytest

from maillage.comptes.enums import Role
from maillage.observatoire import services
from tests.comptes.factories import MembershipFactory, StructureFactory, TerritoireFactory

ANGERS_LOIRE = "244900015"  # Angers Loire Métropole
SAUMUR = "244900361"  # Saumur Val de Loire
CHOLET = "244900700"
# Le fichier des communes des tests n'a pas les EPCI : ceux de 2020 (fichier IFN dérivé), pour quelques-unes.
EPCI = {
    ANGERS_LOIRE: ("Angers Loire Métropole", "49007 49015 49020 49028 49035 49048 49055 49129 49130 49135 49214 "
                   "49223 49241 49246 49267 49271 49278 49294 49298 49306 49323 49326 49329 49338 49339 49353 49377"),
    SAUMUR: ("CA Saumur Val de Loire", "49002 49009 49011 49041 49045 49053 49060 49100 49112 49113 49123 49131 "
             "49140 49215 49219 49224 49235 49253 49262 49291 49302 49328 49341 49358 49361 49362 49364 49370"),
    CHOLET: ("CA du Choletais", "49099"),
}  # fmt: skip


@pytest.fixture
def communes_49(communes_49):
    from maillage.core.models import Commune

    for siren, (nom, codes) in EPCI.items():
        Commune.objects.filter(code_insee__in=codes.split()).update(epci_code=siren, epci_nom=nom)
    return {c.code_insee: c for c in Commune.objects.filter(departement_id="49")}


@pytest.fixture
def territoire(communes_49):
    communes = [c for c in communes_49.values() if c.epci_code in (ANGERS_LOIRE, SAUMUR)]
    return TerritoireFactory(nom="Anjou test", slug="anjou-test", communes=communes)


@pytest.fixture
def autre_territoire(communes_49):
    communes = [c for c in communes_49.values() if c.epci_code not in (ANGERS_LOIRE, SAUMUR)]
    return TerritoireFactory(nom="Mauges test", slug="mauges-test", communes=communes)


@pytest.fixture
def structure(communes_49):
    return StructureFactory(nom="Espace numérique d'Angers", commune=communes_49["49007"])


@pytest.fixture
def coordinateur(territoire, structure):
    return MembershipFactory(role=Role.COORDINATEUR, structure=structure, territoire=territoire).user


@pytest.fixture
def coordinateur_autre(autre_territoire, structure):
    return MembershipFactory(role=Role.COORDINATEUR, structure=structure, territoire=autre_territoire).user


@pytest.fixture
def financeur(territoire, structure):
    return MembershipFactory(role=Role.COMMANDITAIRE, structure=structure, territoire=territoire).user


@pytest.fixture
def mediateur(structure):
    return MembershipFactory(role=Role.MEDIATEUR, structure=structure).user


@pytest.fixture
def charge(communes_49):
    return services.charger_indicateurs()
