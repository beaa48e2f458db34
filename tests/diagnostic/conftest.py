import pytest

from maillage.lieux.enums import PriseEnCharge, Service
from tests.comptes.factories import StructureFactory, TerritoireFactory
from tests.lieux.factories import LieuFactory

TOUJOURS = "24/7"


@pytest.fixture
def territoire(communes_49):
    return TerritoireFactory(nom="Maine-et-Loire", slug="ml", communes=list(communes_49.values()))


@pytest.fixture
def lieux(territoire, angers):
    """Quatre lieux publiés à Angers : démarches (fermé le dimanche, horaires de bureau), matériel (toujours
    ouvert), sécurité (ouvert tout le temps, accueille en langues étrangères), et un brouillon jamais proposé."""
    structure = StructureFactory(commune=angers, nom="Espace social")
    return {
        "demarches": LieuFactory(nom="Maison France Services", structure=structure, commune_ref=angers,
                                 services=[Service.AIDE_DEMARCHES], published=True),
        "materiel": LieuFactory(nom="Ressourcerie numérique", structure=structure, commune_ref=angers,
                                services=[Service.ACCES_MATERIEL], horaires=TOUJOURS, published=True,
                                latitude=47.48, longitude=-0.56),
        "securite": LieuFactory(nom="Café numérique", structure=structure, commune_ref=angers, horaires=TOUJOURS,
                                services=[Service.USAGE_SECURISE, Service.OUTILS_QUOTIDIEN], published=True,
                                prise_en_charge_specifique=[PriseEnCharge.LANGUES_AUTRES],
                                latitude=47.49, longitude=-0.57),
        "brouillon": LieuFactory(nom="Brouillon", structure=structure, commune_ref=angers,
                                 services=[Service.AIDE_DEMARCHES]),
    }  # fmt: skip
