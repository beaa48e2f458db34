"""Lecture d'un JSON par morceaux (importers/readers.py) : un objet coupé entre deux morceaux est relu entier."""

import io
import json

import pytest

from maillage.lieux.importers import readers
from maillage.lieux.importers.readers import FileFormatError, iter_json

OBJETS = [{"id": str(i), "nom": f"Lieu « {i} »", "services": ["a", "b"] * i} for i in range(40)]


@pytest.mark.parametrize("chunk", [1, 7, 64, 100_000])
def test_tableau_lu_objet_par_objet_quelle_que_soit_la_taille_des_morceaux(monkeypatch, chunk):
    monkeypatch.setattr(readers, "CHUNK", chunk)
    text = "\n  [\n" + ",\n".join(json.dumps(o, ensure_ascii=False) for o in OBJETS) + "\n]\n"
    assert list(iter_json(io.StringIO(text))) == list(enumerate(OBJETS, start=1))


def test_objet_avec_une_liste_lu_en_entier(monkeypatch):
    monkeypatch.setattr(readers, "CHUNK", 5)
    text = json.dumps({"meta": 1, "data": OBJETS[:3]})
    assert [obj for _, obj in iter_json(io.StringIO(text))] == OBJETS[:3]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[{"id": "1"}, {"id": "2"}', "n'est pas fermé"),
        ('[{"id": "1"}, {"id": }]', "enregistrement n° 2"),
        ('[{"id": "1"}, 3]', "L'enregistrement n° 2 n'est pas un objet JSON."),
        ('"texte"', "liste de lieux"),
        ('{"a": 1}', "liste de lieux"),
        ("", "liste de lieux"),
    ],
)
def test_json_fautif_message_en_francais(monkeypatch, text, message):
    monkeypatch.setattr(readers, "CHUNK", 4)
    with pytest.raises(FileFormatError, match=message):
        list(iter_json(io.StringIO(text)))
