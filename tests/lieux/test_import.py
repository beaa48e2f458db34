import csv
import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from maillage.lieux.enums import (
    Dispositif,
    Frais,
    ModaliteAccompagnement,
    PriseEnCharge,
    Public,
    Service,
    StatutLieu,
)
from maillage.lieux.exporters import SCHEMA_FIELDS
from maillage.lieux.importers import run_import
from maillage.lieux.importers.standard import lambert93_to_wgs84
from maillage.lieux.models import Lieu, LieuEvent, LieuHistorique
from tests.comptes.factories import UserFactory
from tests.conftest import DATA
from tests.lieux.factories import LieuFactory

DATASETS = DATA / "lieux"
STANDARD = DATA / "standard"
CD49 = DATASETS / "49-maine-et-loire_cd49_source-brute.json"
CD49_MAPPING = DATASETS / "49-maine-et-loire_mednum-cli-mapping.config.json"

ROW = {
    "id": "lieu-1",
    "pivot": "21490007800012",
    "nom": "Médiathèque Toussaint",
    "commune": "Angers",
    "code_postal": "49000",
    "code_insee": "49007",
    "adresse": "49 rue Toussaint",
    "latitude": "47.4698",
    "longitude": "-0.5556",
    "horaires": "Mo-Fr 09:00-12:00; PH off",
    "date_maj": "2026-01-15",
    "services": "Aide aux démarches administratives|Accès internet et matériel informatique",
    "frais_a_charge": "Gratuit",
    "publics_specifiquement_adresses": "Seniors",
}


def make_csv(rows, *, delimiter=",", encoding="utf-8", bom=False) -> io.BytesIO:
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=SCHEMA_FIELDS, delimiter=delimiter, lineterminator="\r\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: r.get(k, "") for k in SCHEMA_FIELDS})
    data = out.getvalue().encode(encoding)
    return io.BytesIO((b"\xef\xbb\xbf" if bom else b"") + data)


def issues_of(report, field):
    return [(i.line, i.severity, i.value) for i in report.issues if i.field == field]


class TestRealDatasets:
    @pytest.mark.parametrize(
        "name,mapping,expected",
        [
            ("16-charente_20230711_lieux-de-mediation-numeriques.json", None, 188),
            ("paca-hub-du-sud_20230517_lieux-de-mediation-numeriques.json", None, 646),
            ("988-nouvelle-caledonie_20240320_lieux-de-mediation-numeriques.json", None, 90),
            ("aura-hinaura_2023_lieux-schema-v0.json", None, 687),
            ("16-bus-france-services-charente_20231003_lieux-de-mediation-numeriques.json", None, 12),
            ("49-maine-et-loire_cd49_source-brute.json", "49-maine-et-loire_mednum-cli-mapping.config.json", 240),
            ("49-angers_alm_source-brute.json", "49-angers_mednum-cli-mapping.config.json", 63),
        ],
    )
    def test_import_then_reimport_changes_nothing(self, name, mapping, expected):
        user = UserFactory()
        kwargs = {"source": "test", "mapping": DATASETS / mapping if mapping else None, "actor": user}
        dry = run_import(DATASETS / name, wet_run=False, **kwargs)
        assert dry.created == expected and not dry.fatal
        assert Lieu.objects.count() == 0
        report = run_import(DATASETS / name, wet_run=True, **kwargs)
        assert report.created == expected
        assert report.written
        assert Lieu.objects.filter(statut=StatutLieu.PUBLIE).count() == expected
        assert LieuHistorique.objects.filter(event=LieuEvent.IMPORTED, actor=user).count() == expected
        snapshot = list(Lieu.objects.order_by("pk").values())
        again = run_import(DATASETS / name, wet_run=True, **kwargs)
        assert (again.created, again.updated, again.unchanged) == (0, 0, expected)
        assert list(Lieu.objects.order_by("pk").values()) == snapshot
        assert LieuHistorique.objects.count() == expected

    def test_maine_et_loire_raw_export_lambert93_and_mapping(self, communes_49):
        report = run_import(CD49, source="cd49", mapping=CD49_MAPPING, wet_run=True)
        assert report.rejected == 3  # trois lignes vides dans l'export brut
        assert [e.line for e in report.errors if e.field == "nom"] == [30, 126, 194]
        lieux = Lieu.objects.all()
        assert lieux.count() == 240
        # Toutes les positions Lambert-93 sont converties et tombent en Maine-et-Loire (ou tout près).
        for lat, lon in lieux.values_list("latitude", "longitude"):
            assert 46.9 < lat < 47.9 and -1.5 < lon < 0.3
        amia = Lieu.objects.get(source_id="LMN008")
        assert amia.adresse == "20 rue Armand Quenard"
        assert amia.code_postal == "49650"
        assert amia.services == [Service.OUTILS_QUOTIDIEN, Service.ACCES_MATERIEL]
        assert amia.frais_a_charge == [Frais.PAYANT]
        assert amia.typologie == ["ASSO"]
        assert amia.telephone == "+33648828634"
        assert amia.date_maj == date(2020, 2, 19)
        assert amia.commune_ref_id == "49002"  # Allonnes, retrouvée par code postal + nom
        # 39 lignes ont une date illisible « 09/0102023 » : importées, avec un avertissement.
        assert len([i for i in report.warnings if i.field == "date_maj" and i.value == "09/0102023"]) == 39

    def test_lambert93_conversion(self):
        # Origine de la projection Lambert-93 : (700 000, 6 600 000) = 46,5° N, 3° E.
        assert lambert93_to_wgs84(700000, 6600000) == (46.5, 3.0)

    def test_v0_values_converted(self):
        run_import(DATASETS / "aura-hinaura_2023_lieux-schema-v0.json", source="hinaura", wet_run=True)
        lieu = Lieu.objects.get(source_id="0")
        assert lieu.services == [Service.ACCES_MATERIEL, Service.AIDE_DEMARCHES]
        assert lieu.publics_specifiquement_adresses == [Public.FAMILLES_ENFANTS, Public.JEUNES, Public.SENIORS]
        assert lieu.prise_en_charge_specifique == [
            PriseEnCharge.SURDITE,
            PriseEnCharge.HANDICAPS_MENTAUX,
            PriseEnCharge.ILLETTRISME,
            PriseEnCharge.DEFICIENCE_VISUELLE,
        ]
        assert lieu.frais_a_charge == [Frais.GRATUIT]
        assert lieu.modalites_accompagnement == [ModaliteAccompagnement.INDIVIDUEL]
        assert lieu.pivot == ""  # 00000000000000 = inconnu

    def test_v0_labels_and_missing_date(self):
        run_import(DATASETS / "16-bus-france-services-charente_20231003_lieux-de-mediation-numeriques.json",
                   source="bus", wet_run=True)  # fmt: skip
        lieu = Lieu.objects.get(source_id="1")
        assert lieu.dispositif_programmes_nationaux == [Dispositif.CONSEILLERS_NUMERIQUES, Dispositif.FRANCE_SERVICES]
        assert lieu.autres_formations_labels == ["APTIC", "ZRR"]
        assert lieu.fiche_acces_libre.startswith("https://acceslibre.beta.gouv.fr/")
        assert lieu.date_maj is not None  # 1969-12-31 = absente -> date de l'import


class TestCsv:
    @pytest.mark.parametrize(
        "kwargs",
        [
            {},
            {"delimiter": ";"},
            {"bom": True},
            {"encoding": "cp1252", "delimiter": ";"},
        ],
    )
    def test_encodings_and_separators(self, kwargs):
        report = run_import(make_csv([ROW], **kwargs), source="csv", wet_run=True, filename="lieux.csv")
        assert report.ok, report.to_text()
        assert report.file.format == "csv"
        lieu = Lieu.objects.get()
        assert lieu.nom == "Médiathèque Toussaint"
        assert lieu.services == [Service.AIDE_DEMARCHES, Service.ACCES_MATERIEL]
        if kwargs.get("encoding") == "cp1252":
            assert report.file.encoding.replace("_", "").lower() in ("cp1252", "windows1252")

    def test_update_only_changed_rows_and_record_changes(self):
        user = UserFactory()
        run_import(make_csv([ROW, {**ROW, "id": "lieu-2", "nom": "Autre"}]), source="csv", wet_run=True)
        changed = {**ROW, "nom": "Médiathèque Toussaint (centre)", "date_maj": "2026-02-01"}
        report = run_import(make_csv([changed, {**ROW, "id": "lieu-2", "nom": "Autre"}]), source="csv",
                            wet_run=True, actor=user)  # fmt: skip
        assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
        h = LieuHistorique.objects.get(actor=user)
        assert h.event == LieuEvent.IMPORTED
        assert h.details["changes"]["nom"] == ["Médiathèque Toussaint", "Médiathèque Toussaint (centre)"]

    def test_older_row_does_not_overwrite(self):
        run_import(make_csv([ROW]), source="csv", wet_run=True)
        report = run_import(make_csv([{**ROW, "nom": "Ancien nom", "date_maj": "2020-01-01"}]), source="csv",
                            wet_run=True)  # fmt: skip
        assert report.skipped_older == 1
        assert Lieu.objects.get().nom == "Médiathèque Toussaint"

    def test_platform_fields_are_kept(self):
        run_import(make_csv([ROW]), source="csv", wet_run=True)
        Lieu.objects.update(statut=StatutLieu.FERME)
        run_import(make_csv([{**ROW, "nom": "Nouveau", "date_maj": "2026-03-01"}]), source="csv", wet_run=True)
        lieu = Lieu.objects.get()
        assert (lieu.nom, lieu.statut) == ("Nouveau", StatutLieu.FERME)

    def test_rows_without_id_get_a_stable_key(self):
        row = {**ROW, "id": ""}
        run_import(make_csv([row]), source="csv", wet_run=True)
        again = run_import(make_csv([row]), source="csv", wet_run=True)
        assert again.unchanged == 1 and Lieu.objects.count() == 1
        assert Lieu.objects.get().source_id.startswith("sans-id-")


class TestBadInput:
    def test_each_bad_row_reported_with_line_field_value_rule(self):
        rows = [
            ROW,
            {**ROW, "id": "2", "services": "Aide aux démarches|Cuisine"},
            {**ROW, "id": "3", "latitude": "147.5", "longitude": "2"},
            {**ROW, "id": "4", "nom": "<script>alert('x')</script>"},
            {**ROW, "id": "5", "horaires": "lundi matin"},
            {**ROW, "id": "6", "nom": "X" * (10 * 1024 * 1024)},
            {**ROW, "id": "7", "code_postal": "4900"},
            {**ROW, "id": "7"},
        ]
        report = run_import(make_csv(rows), source="csv", wet_run=True)
        assert report.rejected == 5
        assert issues_of(report, "services") == [(3, "erreur", "Aide aux démarches"), (3, "erreur", "Cuisine")]
        assert issues_of(report, "latitude")[0][:2] == (4, "erreur")
        assert issues_of(report, "nom")[0] == (5, "erreur", "<script>alert('x')</script>")
        assert issues_of(report, "horaires") == [(6, "avertissement", "lundi matin")]
        big = [i for i in report.issues if i.field == "nom" and i.line == 7][0]
        assert "250" in big.rule and len(big.short_value) < 120
        assert [i.line for i in report.issues if i.field == "id"] == [9]
        assert "déjà utilisé" in [i.rule for i in report.issues if i.field == "id"][0]
        # Les lignes valides (1 et 5, et la 7 « 4900 » complétée en 04900) sont écrites.
        assert set(Lieu.objects.values_list("source_id", flat=True)) == {"lieu-1", "5", "7"}
        assert Lieu.objects.get(source_id="5").horaires == ""
        assert Lieu.objects.get(source_id="7").code_postal == "04900"
        text = report.to_text()
        assert "ligne 3, champ « services », valeur « Cuisine »" in text

    def test_strict_writes_nothing_when_one_row_fails(self):
        rows = [ROW, {**ROW, "id": "2", "frais_a_charge": "Gratos"}]
        report = run_import(make_csv(rows), source="csv", wet_run=True, strict=True)
        assert not report.ok and not report.written
        assert Lieu.objects.count() == 0
        assert LieuHistorique.objects.count() == 0
        ok = run_import(make_csv([ROW]), source="csv", wet_run=True, strict=True)
        assert ok.written and Lieu.objects.count() == 1

    @pytest.mark.parametrize(
        "content,filename,message",
        [
            (b"", "vide.csv", "vide"),
            (b'[{"id": "1", "nom": "A"}, {"id": ', "tronque.json", "JSON"),
            (b'{"pas": "une liste"}', "objet.json", "liste"),
            (b"[1, 2]", "nombres.json", "objet"),
            (b"\x00\x01\x02binaire", "x.bin", ""),
            (b'id,nom\n"1,"A\n', "guillemets.csv", ""),
        ],
    )
    def test_malformed_files_give_french_message_and_write_nothing(self, content, filename, message):
        report = run_import(io.BytesIO(content), source="x", wet_run=True, filename=filename)
        assert not report.ok
        assert report.fatal or report.errors
        if message:
            assert message in report.fatal
        assert Lieu.objects.count() == 0

    def test_bad_mapping_file(self, tmp_path):
        bad = tmp_path / "m.json"
        bad.write_text("{pas du json")
        report = run_import(CD49, source="cd49", mapping=bad)
        assert "correspondance" in report.fatal

    def test_missing_source(self):
        assert "source" in run_import(make_csv([ROW]), source="").fatal


class TestDuplicates:
    def test_reported_not_merged(self):
        existing = LieuFactory(published=True, nom="Médiathèque Toussaint", latitude=47.4698, longitude=-0.5556,
                               pivot="")  # fmt: skip
        rows = [ROW, {**ROW, "id": "2", "adresse": "49, rue Toussaint", "latitude": "48.5", "nom": "Autre nom"}]
        report = run_import(make_csv(rows), source="csv", wet_run=True)
        raisons = {(d.a, d.b): d.raison for d in report.duplicates}
        assert raisons[("ligne 2", "ligne 3")].startswith("même SIRET")  # « 49, rue » = « 49 rue » une fois normalisé
        assert any("lieu existant « Médiathèque Toussaint" in d.b and "noms très proches" in d.raison
                   for d in report.duplicates)  # fmt: skip
        assert Lieu.objects.count() == 3  # rien n'est fusionné
        assert Lieu.objects.get(pk=existing.pk).statut == StatutLieu.PUBLIE

    def test_same_siret_and_address_in_file(self):
        rows = [ROW, {**ROW, "id": "2", "nom": "Espace public numérique", "latitude": "46.0"}]
        report = run_import(make_csv(rows), source="csv")
        assert [(d.a, d.b) for d in report.duplicates] == [("ligne 2", "ligne 3")]
        assert "SIRET" in report.duplicates[0].raison


class TestCommand:
    def test_dry_run_by_default_then_wet_run(self):
        out = io.StringIO()
        call_command("import_lieux", str(CD49), "--mapping", str(CD49_MAPPING), "--source", "cd49",
                     "--quiet-issues", stdout=out, skip_checks=True)  # fmt: skip
        assert "Simulation" in out.getvalue()
        assert Lieu.objects.count() == 0
        call_command("import_lieux", str(CD49), "--mapping", str(CD49_MAPPING), "--source", "cd49", "--wet-run",
                     stdout=io.StringIO(), skip_checks=True)  # fmt: skip
        assert Lieu.objects.count() == 240

    def test_strict_failure_exits_with_error(self):
        with pytest.raises(CommandError):
            call_command("import_lieux", str(CD49), "--mapping", str(CD49_MAPPING), "--wet-run", "--strict",
                         stdout=io.StringIO(), skip_checks=True)  # fmt: skip
        assert Lieu.objects.count() == 0

    def test_json_v1_example_file(self, tmp_path):
        with (STANDARD / "exemple-valide-v1.0.2.csv").open(encoding="utf-8") as fh:
            row = next(csv.DictReader(fh))
        path = tmp_path / "exemple.json"
        path.write_text(json.dumps([row], ensure_ascii=False), encoding="utf-8")
        report = run_import(path, source="exemple", wet_run=True)
        assert report.ok, report.to_text()
        lieu = Lieu.objects.get()
        assert lieu.typologie == ["TIERS_LIEUX", "ASSO"]
        assert lieu.courriels == ["contact@laquincaillerie.tl", "responsable@laquincaillerie.tl"]


def test_big_import_refreshes_planner_statistics(monkeypatch):
    from maillage.lieux.importers import runner

    monkeypatch.setattr(runner, "ANALYZE_AFTER", 1)
    report = run_import(make_csv([ROW]), source="csv", wet_run=True)
    assert report.written and Lieu.objects.count() == 1


class TestUploadedFiles:
    """Le service est appelé par la page d'import avec le fichier envoyé (UploadedFile)."""

    def test_uploaded_file_is_read_and_left_open(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("lieux.csv", make_csv([ROW], delimiter=";").getvalue(), content_type="text/csv")
        report = run_import(upload, source="web", actor=UserFactory())
        assert report.ok and report.created == 1 and not report.written
        upload.seek(0)  # toujours ouvert : l'aperçu puis la confirmation relisent le même fichier
        confirmed = run_import(upload, source="web", wet_run=True)
        assert confirmed.written and Lieu.objects.count() == 1

    def test_temporary_uploaded_json(self):
        from django.core.files.uploadedfile import TemporaryUploadedFile

        upload = TemporaryUploadedFile("lieux.json", "application/json", 0, "utf-8")
        upload.write(json.dumps([ROW]).encode())
        upload.seek(0)
        report = run_import(upload, source="web", wet_run=True)
        upload.close()
        assert report.ok and report.file.format == "json" and Lieu.objects.count() == 1
