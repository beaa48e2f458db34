import csv
import io
import json

import pytest
from django.core.management import call_command
from frictionless import Resource, Schema

from maillage.lieux.enums import FormationLabel, Service
from maillage.lieux.exporters import SCHEMA_FIELDS, defuse_cell, lieu_to_data_inclusion, stream
from maillage.lieux.importers import run_import
from maillage.lieux.models import Lieu
from tests.lieux.factories import LieuFactory
from tests.lieux.test_import import DATASETS, STANDARD

SCHEMA = json.loads((STANDARD / "schema-v1.0.2.json").read_text(encoding="utf-8"))


def validate_csv(text: str):
    resource = Resource(
        data=text.encode("utf-8"), format="csv", encoding="utf-8", schema=Schema.from_descriptor(SCHEMA)
    )
    report = resource.validate()
    return report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def export_text(fmt="csv") -> str:
    return "".join(stream(fmt))


class TestCsvExport:
    def test_example_of_the_standard_is_valid_and_our_validator_catches_errors(self):
        valid, errors = validate_csv((STANDARD / "exemple-valide-v1.0.2.csv").read_text(encoding="utf-8"))
        assert valid, errors
        broken = (STANDARD / "exemple-valide-v1.0.2.csv").read_text(encoding="utf-8").replace('"51100"', '"5110"')
        assert not validate_csv(broken)[0]

    @pytest.mark.parametrize(
        "name",
        [
            "16-charente_20230711_lieux-de-mediation-numeriques.json",
            "paca-hub-du-sud_20230517_lieux-de-mediation-numeriques.json",
            "988-nouvelle-caledonie_20240320_lieux-de-mediation-numeriques.json",
            "aura-hinaura_2023_lieux-schema-v0.json",
        ],
    )
    def test_round_trip_real_dataset(self, name, tmp_path):
        run_import(DATASETS / name, source="origine", wet_run=True)
        n = Lieu.objects.count()
        text = export_text()
        valid, errors = validate_csv(text)
        assert valid, errors[:5]
        rows = list(csv.DictReader(io.StringIO(text)))
        assert len(rows) == n
        assert list(rows[0]) == SCHEMA_FIELDS
        # Réimport de l'export : chaque lieu revient identique (id de l'export = identifiant public).
        path = tmp_path / "export.csv"
        path.write_text(text, encoding="utf-8")
        report = run_import(path, source="retour", wet_run=True)
        assert report.ok and report.created == n, report.to_text()[:2000]
        compared = [f for f in SCHEMA_FIELDS if f not in ("id", "pivot", "latitude", "longitude", "source")]
        for original in Lieu.objects.filter(source_import="origine"):
            back = Lieu.objects.get(source_import="retour", source_id=str(original.public_id))
            for f in compared:
                assert getattr(back, f) == getattr(original, f), (f, original.source_id)
            if original.latitude is None:
                assert back.latitude is None
            else:
                assert abs(back.latitude - original.latitude) < 1e-6
        again = run_import(path, source="retour", wet_run=True)
        assert (again.created, again.updated, again.unchanged) == (0, 0, n)

    def test_only_published(self):
        LieuFactory(published=True, nom="Publié")
        LieuFactory(nom="Brouillon")
        LieuFactory(ferme=True, nom="Fermé")
        rows = list(csv.DictReader(io.StringIO(export_text())))
        assert [r["nom"] for r in rows] == ["Publié"]

    def test_formulas_are_defused_and_file_stays_valid(self):
        LieuFactory(published=True, nom="=HYPERLINK(\"http://x\",\"clic\")", adresse="+1 rue", longitude=-0.55,
                    telephone="+33241000000", complement_adresse="@SUM(A1)", presentation_detail="-2+3",
                    formations_labels=[FormationLabel.ETAPES_NUMERIQUES], pivot="")  # fmt: skip
        text = export_text()
        valid, errors = validate_csv(text)
        assert valid, errors
        row = next(csv.DictReader(io.StringIO(text)))
        assert row["nom"].startswith("'=")
        assert row["adresse"] == "'+1 rue"
        assert row["complement_adresse"] == "'@SUM(A1)"
        assert row["presentation_detail"] == "'-2+3"
        assert row["telephone"] == "+33241000000"  # motif du schéma : chiffres seulement, pas une formule
        assert row["longitude"] == "-0.55"
        assert row["pivot"] == "00000000000000"
        assert row["formations_labels"] == "Étapes numériques(La Poste)"
        assert not any(v.startswith(("=", "@")) for v in row.values())

    def test_defused_cells_round_trip(self, tmp_path):
        LieuFactory(published=True, nom="=1+1 espace", adresse="-rue bizarre")
        path = tmp_path / "e.csv"
        path.write_text(export_text(), encoding="utf-8")
        run_import(path, source="retour", wet_run=True)
        back = Lieu.objects.get(source_import="retour")
        assert (back.nom, back.adresse) == ("=1+1 espace", "-rue bizarre")

    def test_defuse_cell_rules(self):
        assert defuse_cell("nom", "=cmd") == "'=cmd"
        assert defuse_cell("nom", "Normal") == "Normal"
        assert defuse_cell("latitude", "-1.5") == "-1.5"
        assert defuse_cell("telephone", "+33241000000") == "+33241000000"
        assert defuse_cell("telephone", "+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0"


class TestOtherFormats:
    def test_json_is_reimportable_and_geojson_has_points(self, tmp_path):
        LieuFactory(published=True, services=[Service.AIDE_DEMARCHES])
        LieuFactory(published=True, sans_position=True)
        data = json.loads(export_text("json"))
        assert len(data) == 2 and data[0]["services"] == "Aide aux démarches administratives"
        path = tmp_path / "e.json"
        path.write_text(export_text("json"), encoding="utf-8")
        assert run_import(path, source="x").created == 2
        geo = json.loads(export_text("geojson"))
        assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 1
        assert geo["features"][0]["geometry"]["coordinates"] == [-0.5518, 47.4712]

    def test_data_inclusion(self):
        lieu = LieuFactory(published=True, pivot="21490007800012")
        di = json.loads(export_text("data-inclusion"))
        assert len(di["structures"]) == len(di["services"]) == 1
        s = di["services"][0]
        assert s["thematiques"] == [
            "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
            "numerique--acceder-a-des-services-en-ligne",
        ]
        assert s["frais"] == "gratuit" and s["publics"] == ["tous-publics"]
        assert s["modes_mobilisation"] == ["se-presenter"]
        assert di["structures"][0]["siret"] == "21490007800012"
        assert lieu_to_data_inclusion(lieu)["structure"]["id"] == f"maillage--{lieu.public_id}"

    def test_command_writes_file(self, tmp_path):
        LieuFactory(published=True)
        out = tmp_path / "lieux.geojson"
        call_command("export_lieux", "--format", "geojson", "--output", str(out), stderr=io.StringIO(),
                     skip_checks=True)  # fmt: skip
        assert json.loads(out.read_text(encoding="utf-8"))["features"]
