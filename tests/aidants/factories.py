import factory
from django.utils import timezone

from maillage.aidants.enums import EtatCharte, StatutAidant
from maillage.aidants.models import CharteAidants, Engagement, ProfilAidant, RattachementAidant
from tests.comptes.factories import StructureFactory, TerritoireFactory


class ProfilAidantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProfilAidant

    prenom = "Josiane"
    nom = factory.Sequence(lambda n: f"Aidante{n}")
    niveaux = factory.LazyFunction(lambda: ["REPERER_ORIENTER"])

    class Params:
        archive = factory.Trait(archived_at=factory.LazyFunction(timezone.now))


class RattachementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RattachementAidant

    profil = factory.SubFactory(ProfilAidantFactory)
    structure = factory.SubFactory(StructureFactory)
    statut = StatutAidant.BENEVOLE


class CharteFactory(factory.django.DjangoModelFactory):
    """`CharteFactory(publiee=True)` : une version publiée avec trois engagements (un pour tous, deux par niveau)."""

    class Meta:
        model = CharteAidants
        skip_postgeneration_save = True

    territoire = factory.SubFactory(TerritoireFactory)
    version = 1
    preambule = "Exemple — à adapter par votre coordination."
    est_exemple = True

    class Params:
        publiee = factory.Trait(etat=EtatCharte.PUBLIEE, published_at=factory.LazyFunction(timezone.now))

    @factory.post_generation
    def engagements(obj, create, extracted, **kwargs):
        if not create:
            return
        for i, (texte, niveaux) in enumerate(
            extracted
            or [
                ("Je respecte la dignité de la personne.", []),
                ("J'oriente vers un lieu qui peut aider.", ["REPERER_ORIENTER"]),
                ("Je ne fais à la place de la personne qu'avec son accord.", ["AIDER_URGENCE"]),
            ],
            start=1,
        ):
            Engagement.objects.create(charte=obj, numero=i, texte=texte, niveaux=niveaux)
