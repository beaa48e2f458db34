from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from maillage.aidants import services as aidants_services
from maillage.comptes.enums import Role
from maillage.formations import services as formations_services
from maillage.label import services as label_services
from maillage.label.enums import SourceNiveau
from tests.comptes.factories import MembershipFactory, StructureFactory, UserFactory
from tests.label.conftest import *  # noqa: F403 — les fixtures du label (territoire, aidante, référentiel…)
from tests.label.factories import profil_uniforme


@pytest.fixture
def sans_42(aidante, aidante_user, ref):
    """L'aidante atteint le profil « Aider dans l'urgence » partout sauf en 4.2 (2 pour 3 exigé)."""
    label_services.save_competences(profil=aidante, by=aidante_user, niveaux=profil_uniforme(3) | {"4.2": 2},
                                    source=SourceNiveau.PIX_PROFIL)  # fmt: skip
    return aidante


@pytest.fixture
def formatrice(structure):
    """Une médiatrice de la structure qui forme (elle pointe les présences)."""
    return MembershipFactory(role=Role.MEDIATEUR, structure=StructureFactory(commune=structure.commune)).user


@pytest.fixture
def formation(territoire, coordinateur, formatrice):
    return formations_services.create_formation(
        territoire=territoire, by=coordinateur, titre="Protéger les données des personnes", theme="DONNEES_SECURITE",
        structure_formatrice=formatrice.memberships.first().structure, duree_heures=Decimal("3.5"),
        format="PRESENTIEL", competences=["4.2", "4.1"], niveaux=["AIDER_URGENCE"], source_niveaux="PIX_PROFIL",
        niveau_vise=3,
    )  # fmt: skip


def make_session(formation, by, *, jours=7, capacite=10, **kwargs):
    debut = timezone.now() + timedelta(days=jours)
    kwargs.setdefault("lieu", "Médiathèque, 2 rue du Lac")
    return formations_services.create_session(formation=formation, by=by, debut=debut, fin=debut + timedelta(hours=3),
                                              capacite=capacite, **kwargs)  # fmt: skip


@pytest.fixture
def session(formation, coordinateur):
    return make_session(formation, coordinateur)


def aidant_de(structure, prenom="Léa"):
    user = UserFactory(first_name=prenom)
    MembershipFactory(role=Role.AIDANT, structure=structure, user=user)
    profil = aidants_services.create_own_profil(user=user, structure=structure, statut="BENEVOLE",
                                                niveaux=["REPERER_ORIENTER"])  # fmt: skip
    return user, profil
