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
