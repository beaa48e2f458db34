import datetime

import factory
from django.utils import timezone

from maillage.accompagnements.enums import FaconDeFaire, Thematique, TypeAccompagnement, TypeLieu
from maillage.accompagnements.models import Accompagnement, Beneficiaire, BesoinTraite, Suivi
from maillage.comptes.enums import Role
from maillage.core.enums import TypeConsentement
from maillage.core.models import TexteConsentement
from tests.comptes.factories import MembershipFactory, StructureFactory, UserFactory
from tests.orientations.factories import ensure_consent_texts


class AccompagnementFactory(factory.django.DjangoModelFactory):
    """`AccompagnementFactory(besoins={"EMAIL": "FAIRE_AVEC"})` ; Trait `atelier`."""

    class Meta:
        model = Accompagnement
        skip_postgeneration_save = True

    structure = factory.SubFactory(StructureFactory)
    mediateur = factory.SubFactory(UserFactory)
    date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    duree = 30
    type_lieu = TypeLieu.DISTANCE
    resultat = "RESOLU"

    class Params:
        atelier = factory.Trait(type=TypeAccompagnement.COLLECTIF, participants=8, niveau="DEBUTANT", resultat="")

    @factory.post_generation
    def besoins(obj, create, extracted, **kwargs):
        if not create:
            return
        items = extracted if extracted is not None else {Thematique.EMAIL: FaconDeFaire.FAIRE_AVEC}
        for code, facon in items.items():
            BesoinTraite.objects.create(
                accompagnement=obj, structure=obj.structure, date=obj.date, besoin=code, facon=facon,
                poids=obj.participants,
            )  # fmt: skip

    @factory.post_generation
    def _membership(obj, create, extracted, **kwargs):
        if create and not obj.mediateur.memberships.filter(structure=obj.structure).exists():
            MembershipFactory(user=obj.mediateur, structure=obj.structure, role=Role.MEDIATEUR)


class BeneficiaireFactory(factory.django.DjangoModelFactory):
    """`BeneficiaireFactory(suivi_par=structure)`."""

    class Meta:
        model = Beneficiaire
        skip_postgeneration_save = True

    prenom = "Josiane"
    nom = factory.Sequence(lambda n: f"Martin{n}")
    last_activity_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def suivi_par(obj, create, extracted, **kwargs):
        if create and extracted is not None:
            ensure_consent_texts()
            Suivi.objects.create(
                beneficiaire=obj, structure=extracted, consentement_at=timezone.now(),
                consentement=TexteConsentement.objects.current(TypeConsentement.SUIVI),
            )  # fmt: skip
