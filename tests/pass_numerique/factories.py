"""Fabriques du Pass numérique. Les carnets et chèques se créent par le service `generate_carnets` (jamais à la main).

`QualificationPassFactory()` : lieu publié rattaché à une structure, qualification en attente ;
`QualificationPassFactory(approuvee=True)` : approuvée, avec les services « atelier » et « individuel » à 1 chèque.
"""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from maillage.pass_numerique.catalogue import ensure_catalogue
from maillage.pass_numerique.enums import StatutQualification
from maillage.pass_numerique.models import Charte, QualificationPass, QualificationService, ServicePass
from maillage.pass_numerique.services.qualification import sync_accepte_pass
from tests.comptes.factories import StructureFactory, TerritoireFactory, UserFactory
from tests.lieux.factories import LieuFactory

SIRET_VALIDE = "73282932000074"
IBAN_VALIDE = "FR7630006000011234567890189"


def charte():
    ensure_catalogue()
    return Charte.objects.order_by("-created_at").first()


def service(code="atelier-collectif") -> ServicePass:
    ensure_catalogue()
    return ServicePass.objects.get(code=code)


class QualificationPassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QualificationPass
        skip_postgeneration_save = True

    lieu = factory.SubFactory(LieuFactory, published=True, structure=factory.SubFactory(StructureFactory))
    territoire = factory.SubFactory(TerritoireFactory)
    siret = SIRET_VALIDE
    titulaire_compte = "Association Test"
    iban = IBAN_VALIDE
    charte = factory.LazyFunction(charte)
    charte_accepted_at = factory.LazyFunction(timezone.now)
    requested_by = factory.SubFactory(UserFactory)

    class Params:
        approuvee = factory.Trait(statut=StatutQualification.APPROUVEE, decided_at=factory.LazyFunction(timezone.now))
        suspendue = factory.Trait(statut=StatutQualification.SUSPENDUE, motif="Contrôle")

    @factory.post_generation
    def offres(obj, create, extracted, **kwargs):
        if not create:
            return
        codes = extracted if extracted is not None else ["atelier-collectif", "accompagnement-individuel"]
        for code in codes:
            QualificationService.objects.create(qualification=obj, service=service(code), prix_cheques=1)

    @factory.post_generation
    def drapeau_du_lieu(obj, create, extracted, **kwargs):
        """Comme le service : le lieu accepte le Pass tant qu'une qualification est approuvée."""
        if create:
            sync_accepte_pass(lieu_id=obj.lieu_id)


def campagne_kwargs(**overrides):
    today = timezone.localdate()
    data = dict(
        nom="Pass 2026", valeur_cheque=Decimal("10.00"), cheques_par_carnet=5, nombre_carnets=4,
        starts_on=today - datetime.timedelta(days=10), ends_on=today + datetime.timedelta(days=60),
        tolerance_jours=30, budget=Decimal("200.00"),
    )  # fmt: skip
    data.update(overrides)
    return data
