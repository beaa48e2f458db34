import pytest

from maillage.comptes.enums import Role
from tests.accompagnements.factories import AccompagnementFactory, BeneficiaireFactory
from tests.comptes.factories import MembershipFactory
from tests.orientations.factories import OrientationFactory


@pytest.fixture
def orientation():
    return OrientationFactory(
        personne_prenom="Josiane", personne_contact="06 11 22 33 44", contact_consenti=True,
        message="Préfère le matin, RSA de Mme Quentaloup.",
    )  # fmt: skip


@pytest.fixture
def seance_suivie():
    """Une séance d'une personne suivie (avec son accord), arrivée par une orientation."""
    seance = AccompagnementFactory(notes="Mme Quentaloup, dossier CAF", precisions_demarche="RSA")
    seance.beneficiaire = BeneficiaireFactory(nom="Quentaloup", telephone="0611223344", suivi_par=seance.structure)
    seance.orientation_recue = OrientationFactory(
        structure_destinataire=seance.structure, personne_prenom="Josiane Q."
    )
    seance.save()
    return seance


@pytest.fixture
def gestionnaire_of():
    def make(structure):
        return MembershipFactory(role=Role.GESTIONNAIRE, structure=structure).user

    return make
