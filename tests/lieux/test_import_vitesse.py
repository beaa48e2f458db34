"""Ce qui rend l'import rapide ne change rien d'autre : le réglage du ramasse-miettes revient à sa valeur."""

import gc
import io

import pytest

from maillage.lieux.importers import run_import
from maillage.lieux.importers.ramasse_miettes import SEUIL, ramasse_miettes_ralenti

pytestmark = pytest.mark.django_db


def test_le_seuil_du_ramasse_miettes_est_releve_puis_retabli():
    avant = gc.get_threshold()
    with ramasse_miettes_ralenti():
        with ramasse_miettes_ralenti():  # deux imports simultanés : le réglage tient jusqu'au dernier
            assert gc.get_threshold()[0] == max(avant[0], SEUIL)
        assert gc.get_threshold()[0] == max(avant[0], SEUIL)
    assert gc.get_threshold() == avant


def test_le_seuil_est_retabli_apres_un_import_meme_en_erreur():
    avant = gc.get_threshold()
    report = run_import(io.BytesIO(b"nom,adresse\nA,1 rue\n"), source="essai", filename="f.csv")
    assert report.rows == 1
    with pytest.raises(RuntimeError), ramasse_miettes_ralenti():
        raise RuntimeError("erreur au milieu d'un import")
    assert gc.get_threshold() == avant


def test_les_cles_reservees_sont_celles_que_la_base_aurait_donnees():
    """Clés des lieux importés prises d'avance (une requête par paquet, plus de relecture) : celles que la base
    donnerait — une clé supprimée n'est jamais redonnée, la suivante écrite par l'ORM vient juste après."""
    from maillage.lieux import bulk
    from maillage.lieux.models import Lieu
    from tests.lieux.factories import LieuFactory

    supprime = LieuFactory().pk
    Lieu.objects.filter(pk=supprime).delete()
    nouveaux = [LieuFactory.build(source_import="essai", source_id=str(i)) for i in range(3)]
    bulk.insert_lieux(nouveaux)
    assert [lieu.pk for lieu in nouveaux] == [supprime + 1, supprime + 2, supprime + 3]
    assert sorted(Lieu.objects.filter(source_import="essai").values_list("pk", flat=True)) == [
        lieu.pk for lieu in nouveaux
    ]
    assert LieuFactory().pk == supprime + 4
