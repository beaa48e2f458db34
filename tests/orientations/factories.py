import factory
from django.utils import timezone

from maillage.comptes.enums import Role
from maillage.core.enums import TypeConsentement
from maillage.core.models import TexteConsentement
from maillage.orientations.enums import Besoin, StatutOrientation
from maillage.orientations.models import Orientation
from tests.comptes.factories import MembershipFactory, StructureFactory, UserFactory
from tests.lieux.factories import LieuFactory


def ensure_consent_texts() -> None:
    """Les textes v1 sont publiés par une migration ; les tests `transactional_db` vident la base : on les remet."""
    for type_ in TypeConsentement.values:
        if not TexteConsentement.objects.filter(type=type_).exists():
            TexteConsentement.objects.create(
                type=type_, version=1, texte=f"Texte de consentement ({type_}), version 1."
            )


def texte_orientation() -> TexteConsentement:
    """Le texte publié par la migration (version 1), ou la dernière version."""
    ensure_consent_texts()
    return TexteConsentement.objects.current(TypeConsentement.ORIENTATION)


class LieuAvecStructureFactory(LieuFactory):
    """Lieu publié rattaché à une structure (qui reçoit donc les orientations)."""

    structure = factory.SubFactory(StructureFactory)
    statut = "PUBLIE"


class OrientationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Orientation
        skip_postgeneration_save = True

    prescripteur = factory.SubFactory(UserFactory)
    structure_prescriptrice = factory.SubFactory(StructureFactory)
    lieu = factory.SubFactory(LieuAvecStructureFactory)
    structure_destinataire = factory.LazyAttribute(lambda o: o.lieu.structure)
    besoins = factory.LazyFunction(lambda: [Besoin.DEMARCHE_SOCIAL])
    personne_prenom = "Josiane"
    consentement = factory.LazyFunction(texte_orientation)
    consentement_at = factory.LazyFunction(timezone.now)
    statut = StatutOrientation.ENVOYEE

    @factory.post_generation
    def _memberships(obj, create, extracted, **kwargs):
        if create and not obj.prescripteur.memberships.filter(structure=obj.structure_prescriptrice).exists():
            MembershipFactory(user=obj.prescripteur, structure=obj.structure_prescriptrice, role=Role.PRESCRIPTEUR)

    class Params:
        acceptee = factory.Trait(statut=StatutOrientation.ACCEPTEE, answered_at=factory.LazyFunction(timezone.now))
        close = factory.Trait(
            statut=StatutOrientation.CLOSE,
            answered_at=factory.LazyFunction(timezone.now),
            closed_at=factory.LazyFunction(timezone.now),
            personne_venue=True,
            besoin_resultat="RESOLU",
        )
