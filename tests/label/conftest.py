import pytest
from django.utils import timezone

from maillage.aidants import services as aidants_services
from maillage.aidants.enums import MoyenSignature
from maillage.comptes.enums import Role
from maillage.label import services
from maillage.label.enums import SourceNiveau
from tests.aidants.factories import CharteFactory
from tests.comptes.factories import MembershipFactory, StructureFactory, TerritoireFactory, UserFactory
from tests.label.factories import profil_uniforme, referentiel


@pytest.fixture
def structure():
    return StructureFactory(nom="Association Clic")


@pytest.fixture
def autre_structure(structure):
    return StructureFactory(nom="Médiathèque du Lac", commune=structure.commune)


@pytest.fixture
def territoire(structure):
    return TerritoireFactory(nom="Maine-et-Loire", slug="maine-et-loire", communes=[structure.commune])


@pytest.fixture
def gestionnaire(structure):
    return MembershipFactory(role=Role.GESTIONNAIRE, structure=structure).user


@pytest.fixture
def gestionnaire_autre(autre_structure):
    return MembershipFactory(role=Role.GESTIONNAIRE, structure=autre_structure).user


@pytest.fixture
def coordinateur(territoire, structure):
    return MembershipFactory(role=Role.COORDINATEUR, structure=StructureFactory(commune=structure.commune),
                             territoire=territoire).user  # fmt: skip


@pytest.fixture
def financeur(territoire, structure):
    return MembershipFactory(role=Role.COMMANDITAIRE, structure=StructureFactory(commune=structure.commune),
                             territoire=territoire).user  # fmt: skip


@pytest.fixture
def charte(territoire):
    return CharteFactory(territoire=territoire, publiee=True)


@pytest.fixture
def ref(territoire):
    return referentiel(territoire)


@pytest.fixture
def aidante_user(structure):
    user = UserFactory(first_name="Nadia", last_name="Pix", email="nadia@exemple.fr")
    MembershipFactory(role=Role.MEDIATEUR, structure=structure, user=user)
    return user


@pytest.fixture
def aidante(aidante_user, structure, charte):
    """Une médiatrice qui a signé la charte en vigueur pour « Aider dans l'urgence »."""
    profil = aidants_services.create_own_profil(
        user=aidante_user, structure=structure, statut="MEDIATEUR", niveaux=["AIDER_URGENCE"]
    )
    aidants_services.sign_charte(profil=profil, charte=charte, by=aidante_user)
    return profil


def make_pair(structure, charte, prenom):
    user = UserFactory(first_name=prenom, last_name="Pair")
    MembershipFactory(role=Role.MEDIATEUR, structure=structure, user=user)
    profil = aidants_services.create_own_profil(
        user=user, structure=structure, statut="MEDIATEUR", niveaux=["AIDER_URGENCE"]
    )
    aidants_services.sign_charte(profil=profil, charte=charte, by=user, moyen=MoyenSignature.EN_LIGNE)
    return profil


@pytest.fixture
def pairs(autre_structure, charte, territoire, coordinateur):
    """Deux pairs fondateurs d'une autre structure que l'aidante."""
    p1, p2 = make_pair(autre_structure, charte, "Paule"), make_pair(autre_structure, charte, "Pierre")
    for p in (p1, p2):
        services.designate_pair_fondateur(territoire=territoire, profil=p, by=coordinateur)
    return p1, p2


def niveaux_ok(profil, by, **kwargs):
    return services.save_competences(
        profil=profil, by=by, niveaux=profil_uniforme(3), source=SourceNiveau.PIX_PROFIL, **kwargs
    )


@pytest.fixture
def demande_complete(aidante, aidante_user, territoire, ref, pairs, coordinateur):
    """Charte signée, niveaux au-dessus du profil, entretien favorable : les trois piliers sont verts."""
    niveaux_ok(aidante, aidante_user)
    demande = services.apply_for_label(profil=aidante, territoire=territoire, niveau="AIDER_URGENCE", by=aidante_user)
    services.record_entretien(
        demande=demande, by=coordinateur, pair_1=pairs[0], pair_2=pairs[1], mene_le=timezone.localdate(),
        resultats=["ACQUIS"] * len(ref.grille_posture), avis="FAVORABLE",
    )  # fmt: skip
    return demande


@pytest.fixture
def coordinateur_de():
    """La coordination d'un territoire donné (sa structure dans une commune du territoire)."""

    def make(territoire, role=Role.COORDINATEUR):
        commune = territoire.communes.first()
        return MembershipFactory(role=role, structure=StructureFactory(commune=commune), territoire=territoire).user

    return make
