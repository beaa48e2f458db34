"""Un territoire du Pass prêt à l'emploi : financeurs, coordination, prescripteur, lieu qualifié, campagne générée.

Carnets de la campagne : n° 1 et 2 remis à des personnes, n° 3 en stock à la mairie (prescripteur), n° 4 émis.
"""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.cache import cache

from maillage.comptes.enums import Role
from maillage.pass_numerique import services
from maillage.pass_numerique.models import Campagne, Carnet, Cheque, QualificationPass
from tests.comptes.factories import StructureFactory, TerritoireFactory, user_with_role
from tests.core.factories import CommuneFactory
from tests.pass_numerique.factories import QualificationPassFactory, campagne_kwargs, service


@dataclass
class Monde:
    territoire: object
    financeur: object  # User COMMANDITAIRE
    financeur_structure: object
    cofinanceur_structure: object
    coordination: object
    prescripteur: object
    prescripteur_structure: object
    gestionnaire: object
    mediateur: object
    qualification: QualificationPass
    campagne: Campagne

    @property
    def lieu(self):
        return self.qualification.lieu

    def carnet(self, numero=1) -> Carnet:
        return Carnet.objects.get(campagne=self.campagne, numero=numero)

    def codes(self, numero=1) -> list[str]:
        return list(Cheque.objects.filter(carnet=self.carnet(numero)).order_by("rang").values_list("code", flat=True))

    def redeem(self, code, service_code="atelier-collectif", lieu=None, by=None, ip="127.0.0.1"):
        return services.redeem_cheque(
            raw_code=code, lieu=lieu or self.lieu, service=service(service_code), by=by or self.mediateur, ip=ip
        )


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def monde(db) -> Monde:
    commune = CommuneFactory()
    territoire = TerritoireFactory(communes=[commune])
    financeur_structure = StructureFactory(nom="Département (test)", commune=commune)
    cofinanceur_structure = StructureFactory(nom="CCAS (test)", commune=commune)
    financeur = user_with_role(Role.COMMANDITAIRE, structure=financeur_structure, territoire=territoire)
    coordination = user_with_role(Role.COORDINATEUR, structure=financeur_structure, territoire=territoire)
    prescripteur_structure = StructureFactory(nom="Mairie (test)", commune=commune)
    prescripteur = user_with_role(Role.PRESCRIPTEUR, structure=prescripteur_structure)
    lieu_structure = StructureFactory(nom="Espace numérique (test)", commune=commune)
    gestionnaire = user_with_role(Role.GESTIONNAIRE, structure=lieu_structure)
    mediateur = user_with_role(Role.MEDIATEUR, structure=lieu_structure)
    qualification = QualificationPassFactory(
        approuvee=True, territoire=territoire, lieu__structure=lieu_structure, requested_by=gestionnaire
    )
    campagne = services.create_campagne(
        territoire=territoire, **campagne_kwargs(), services=[service("atelier-collectif"), service("smartphone")],
        lieux=[], cofinancements=[(financeur_structure, Decimal("70")), (cofinanceur_structure, Decimal("30"))],
        by=financeur,
    )  # fmt: skip
    services.generate_carnets(campagne=campagne, by=financeur)
    # Carnets n° 1 et 2 remis à des personnes (leurs chèques s'encaissent), n° 3 en stock à la mairie, n° 4 émis.
    services.allocate_carnets(campagne=campagne, structure=prescripteur_structure, nombre=3, by=financeur)
    for numero in (1, 2):
        services.hand_out_carnet(
            carnet=Carnet.objects.get(campagne=campagne, numero=numero), by=prescripteur, tranche_age="PLUS_70",
            commune=commune, situation="RETRAITE", besoin="DEMARCHES",
        )  # fmt: skip
    return Monde(
        territoire=territoire, financeur=financeur, financeur_structure=financeur_structure,
        cofinanceur_structure=cofinanceur_structure, coordination=coordination, prescripteur=prescripteur,
        prescripteur_structure=prescripteur_structure, gestionnaire=gestionnaire, mediateur=mediateur,
        qualification=qualification, campagne=Campagne.objects.get(pk=campagne.pk),
    )  # fmt: skip
