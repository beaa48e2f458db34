import pytest
from django.utils import timezone

from maillage.aidants import services as aidants_services
from maillage.aidants.enums import MoyenSignature
from maillage.comptes.enums import Role
from maillage.label import services
from maillage.label.enums import CHAMPS, SourceNiveau
from maillage.label.models import CompetencesAidant, DemandeLabel
from tests.aidants.factories import CharteFactory, RattachementFactory
from tests.comptes.factories import MembershipFactory, StructureFactory, TerritoireFactory, UserFactory
from tests.core.factories import CommuneFactory
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


ALPHA, BETA = "200000001", "200000002"


def aidants(structure, n, *, niveau=None, labellises=0, territoire=None):
    """`n` aidants rattachés à la structure, au niveau `niveau` partout (None : non évalués), dont `labellises`
    avec un label valable."""
    for i in range(n):
        profil = RattachementFactory(structure=structure).profil
        if niveau is not None:
            CompetencesAidant.objects.create(profil=profil, **dict.fromkeys(CHAMPS.values(), niveau))
        if i < labellises:
            DemandeLabel.objects.create(profil=profil, territoire=territoire, niveau="REPERER_ORIENTER",
                                        statut="ACCORDE", expire_le=timezone.localdate() + timezone.timedelta(days=90))  # fmt: skip


@pytest.fixture
def carte_territoire():
    """Alpha (2 communes, 4 000 habitants) : 10 aidants, 7 au niveau 3, 2 labellisés ; Bêta (5 000 habitants) :
    5 aidants au niveau 1 ; une commune sans EPCI : 1 aidant."""
    a1 = CommuneFactory(nom="Ahun", epci_code=ALPHA, epci_nom="CC Alpha", population=1000)
    a2 = CommuneFactory(nom="Aubusson", epci_code=ALPHA, epci_nom="CC Alpha", population=3000)
    b1 = CommuneFactory(nom="Bellac", epci_code=BETA, epci_nom="CA Bêta", population=5000)
    s = CommuneFactory(nom="Sans", epci_code="", epci_nom="", population=500)
    t = TerritoireFactory(slug="equite", communes=[a1, a2, b1, s])
    referentiel(t)
    sa1, sa2 = StructureFactory(commune=a1), StructureFactory(commune=a2)
    aidants(sa1, 5, niveau=3, labellises=2, territoire=t)
    aidants(sa1, 1)
    aidants(sa2, 2, niveau=3)
    aidants(sa2, 2, niveau=0)
    aidants(StructureFactory(commune=b1), 5, niveau=1)
    aidants(StructureFactory(commune=s), 1, niveau=3)
    return t
