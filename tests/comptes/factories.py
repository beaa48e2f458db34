import factory

from maillage.comptes.enums import ROLES_TERRITORIAUX, Role, TypeTerritoire
from maillage.comptes.models import Membership, Structure, Territoire, User
from tests.core.factories import CommuneFactory

PASSWORD = "mot-de-passe-de-test-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Test{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    class Params:
        staff = factory.Trait(is_staff=True, is_superuser=True)
        demo = factory.Trait(is_demo=True)


class TerritoireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territoire
        django_get_or_create = ["slug"]
        skip_postgeneration_save = True

    nom = factory.Sequence(lambda n: f"Territoire {n}")
    slug = factory.Sequence(lambda n: f"territoire-{n}")
    type = TypeTerritoire.DEPARTEMENT

    @factory.post_generation
    def communes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.communes.set(extracted)


class StructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Structure

    nom = factory.Sequence(lambda n: f"Structure {n}")
    typologie = "ASSO"
    commune = factory.SubFactory(CommuneFactory)
    code_postal = factory.LazyAttribute(lambda o: o.commune.code_postal)
    adresse = "1 rue de la Mairie"


class MembershipFactory(factory.django.DjangoModelFactory):
    """`MembershipFactory(role=Role.COORDINATEUR)` crée aussi un territoire contenant la commune de la structure."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    structure = factory.SubFactory(StructureFactory)
    role = Role.MEDIATEUR
    territoire = factory.LazyAttribute(
        lambda o: TerritoireFactory(communes=[o.structure.commune]) if o.role in ROLES_TERRITORIAUX else None
    )


def user_with_role(
    role: str, structure: Structure | None = None, territoire: Territoire | None = None, **kwargs
) -> User:
    """Une personne avec un rôle (et une structure créée au besoin)."""
    structure = structure or StructureFactory()
    extra = {"territoire": territoire} if territoire is not None else {}
    membership = MembershipFactory(role=role, structure=structure, **extra, **kwargs)
    return membership.user
