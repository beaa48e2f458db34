import factory

from maillage.core.models import Commune, Departement, Region


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["code"]

    code = "52"
    nom = "Pays de la Loire"


class DepartementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Departement
        django_get_or_create = ["code"]

    code = "49"
    nom = "Maine-et-Loire"
    region = factory.SubFactory(RegionFactory)


class CommuneFactory(factory.django.DjangoModelFactory):
    """Commune fictive (codes hors COG) ; pour une commune réelle, utiliser la fixture `communes_49`."""

    class Meta:
        model = Commune
        django_get_or_create = ["code_insee"]

    code_insee = factory.Sequence(lambda n: f"49{900 + n % 100:03d}" if n < 100 else f"9{n:04d}"[-5:])
    nom = factory.Sequence(lambda n: f"Commune fictive {n}")
    departement = factory.SubFactory(DepartementFactory)
    codes_postaux = factory.LazyAttribute(lambda o: ["49" + o.code_insee[-3:]])
    population = 1000
    latitude = 47.47
    longitude = -0.55
