from maillage.accompagnements.models import Accompagnement, Beneficiaire
from maillage.core.demo import load_demo
from maillage.orientations.enums import StatutOrientation
from maillage.orientations.models import Orientation


def test_demo_loads_varied_data_and_is_idempotent(communes_49, settings):
    settings.MAILLAGE_DEMO = True
    load_demo()
    statuts = set(Orientation.objects.values_list("statut", flat=True))
    assert {StatutOrientation.ENVOYEE, StatutOrientation.ACCEPTEE, StatutOrientation.CLOSE} <= statuts
    count = Accompagnement.objects.count()
    assert count >= 400 and Beneficiaire.objects.count() == 1
    load_demo()
    assert Accompagnement.objects.count() == count
