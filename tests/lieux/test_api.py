import csv
import io
import uuid
from datetime import datetime

import pytest
import time_machine

from maillage.lieux.enums import Frais, Public, Service
from maillage.lieux.horaires import PARIS
from tests.lieux.factories import ArretFactory, LieuFactory

URL = "/api/v1/lieux"
ANGERS = (47.4712, -0.5518)
SAUMUR = (47.2600, -0.0769)
LUNDI_10H = datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)


def noms(resp):
    return [i["nom"] for i in resp.json()["items"]]


class TestList:
    def test_results_carry_distance_open_now_and_cache_header(self, client):
        LieuFactory(published=True, nom="Saumur", latitude=SAUMUR[0], longitude=SAUMUR[1])
        LieuFactory(published=True, nom="Angers")
        LieuFactory(nom="Brouillon")
        with time_machine.travel(LUNDI_10H, tick=False):
            resp = client.get(URL, {"lat": ANGERS[0], "lon": ANGERS[1], "rayon_km": 100})
        assert resp.status_code == 200
        body = resp.json()
        assert body["total"] == 2 and noms(resp) == ["Angers", "Saumur"]
        first = body["items"][0]
        assert first["distance_km"] == 0 and first["ouvert_maintenant"] is True
        assert first["horaires_aujourdhui"] == "9 h – 12 h, 14 h – 17 h"
        assert first["services"] == [{"code": "AIDE_DEMARCHES", "libelle": "Aide aux démarches administratives"}]
        assert resp["Cache-Control"] == "public, max-age=60"

    def test_every_filter(self, client, communes_49):
        LieuFactory(published=True, nom="A", services=[Service.ACCES_MATERIEL], frais_a_charge=[Frais.PAYANT],
                    publics_specifiquement_adresses=[Public.JEUNES], code_insee="49007")  # fmt: skip
        LieuFactory(published=True, nom="Bé médiathèque", services=[Service.AIDE_DEMARCHES], code_insee="49328",
                    latitude=SAUMUR[0], longitude=SAUMUR[1], horaires="Sa 09:00-12:00")  # fmt: skip
        assert noms(client.get(URL, {"services": "ACCES_MATERIEL"})) == ["A"]
        assert noms(client.get(URL + "?services=ACCES_MATERIEL&services=AIDE_DEMARCHES")) == ["A", "Bé médiathèque"]
        assert noms(client.get(URL, {"besoin": "demarches"})) == ["Bé médiathèque"]
        assert noms(client.get(URL, {"publics": "JEUNES"})) == ["A"]
        assert noms(client.get(URL, {"frais": "GRATUIT"})) == ["Bé médiathèque"]
        assert noms(client.get(URL, {"q": "MEDIATHEQUE"})) == ["Bé médiathèque"]
        assert noms(client.get(URL, {"commune": "49328"})) == ["Bé médiathèque"]
        with time_machine.travel(LUNDI_10H, tick=False):
            assert noms(client.get(URL, {"ouvert_maintenant": "true"})) == ["A"]
        page = client.get(URL, {"limit": 1, "offset": 1}).json()
        assert page["total"] == 2 and [i["nom"] for i in page["items"]] == ["Bé médiathèque"]

    def test_itinerant_stop(self, client):
        arret = ArretFactory(latitude=SAUMUR[0], longitude=SAUMUR[1])
        resp = client.get(URL, {"lat": SAUMUR[0], "lon": SAUMUR[1], "rayon_km": 2})
        assert noms(resp) == [arret.lieu.nom]

    @pytest.mark.parametrize(
        "params,status,reason",
        [
            ({"lat": 95, "lon": 0}, 422, "lat"),
            ({"lat": 47, "lon": -200}, 422, "lon"),
            ({"lat": 47, "lon": 0, "rayon_km": 5000}, 422, "rayon_km"),
            ({"limit": 500}, 422, "limit"),
            ({"offset": -1}, 422, "offset"),
            ({"services": "CUISINE"}, 422, "CUISINE"),
            ({"besoin": "manger"}, 422, "besoin"),
            ({"commune": "abc"}, 422, "commune"),
            ({"lat": "nord", "lon": 0}, 422, "lat"),
            ({"rayon_km": 10}, 400, "centre"),
            ({"lat": 47}, 400, "longitude"),
            ({"commune": "99999"}, 400, "99999"),
        ],
    )
    def test_out_of_range_parameters(self, client, params, status, reason):
        resp = client.get(URL, params)
        assert resp.status_code == status
        assert reason in resp.content.decode()


class TestDetailAndExport:
    def test_detail_by_public_id(self, client):
        arret = ArretFactory()
        resp = client.get(f"{URL}/{arret.lieu.public_id}")
        assert resp.status_code == 200
        body = resp.json()
        assert body["arrets"][0]["horaires"] == "Tu 09:00-12:00; PH off"
        assert resp["Cache-Control"] == "public, max-age=300"

    def test_unpublished_or_unknown_is_404(self, client):
        assert client.get(f"{URL}/{LieuFactory().public_id}").status_code == 404
        assert client.get(f"{URL}/{uuid.uuid4()}").status_code == 404

    def test_export_csv_streams_published_places(self, client):
        LieuFactory(published=True, nom="Publié")
        LieuFactory(nom="Brouillon")
        resp = client.get(f"{URL}/export.csv")
        assert resp.status_code == 200 and resp.streaming
        assert resp["Content-Type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(b"".join(resp.streaming_content).decode())))
        assert [r["nom"] for r in rows] == ["Publié"]

    @pytest.mark.parametrize("ext", ["json", "geojson"])
    def test_other_exports(self, client, ext):
        LieuFactory(published=True)
        resp = client.get(f"{URL}/export.{ext}")
        assert resp.status_code == 200
        assert b"Espace num" in b"".join(resp.streaming_content)

    def test_openapi_documents_filters(self, client):
        spec = client.get("/api/v1/openapi.json").json()
        params = {p["name"] for p in spec["paths"]["/api/v1/lieux"]["get"]["parameters"]}
        assert {"lat", "lon", "rayon_km", "commune", "services", "publics", "frais", "ouvert_maintenant", "q",
                "limit", "offset"} <= params  # fmt: skip


def test_detail_distance_and_out_of_range_position(client):
    lieu = LieuFactory(published=True)
    body = client.get(f"{URL}/{lieu.public_id}", {"lat": ANGERS[0], "lon": ANGERS[1]}).json()
    assert body["distance_km"] == 0
    assert client.get(f"{URL}/{lieu.public_id}", {"lat": 200, "lon": 0}).status_code == 422


def test_open_now_many_distinct_hours_fallback(client, monkeypatch):
    from maillage.lieux.selectors import recherche

    monkeypatch.setattr(recherche, "MAX_SQL_PARAMS", 1)
    LieuFactory(published=True, nom="Matin", horaires="Mo 09:00-12:00")
    LieuFactory(published=True, nom="Matin aussi", horaires="Mo 08:00-12:00")
    LieuFactory(published=True, nom="Soir", horaires="Mo 18:00-20:00")
    with time_machine.travel(LUNDI_10H, tick=False):
        assert noms(client.get(URL, {"ouvert_maintenant": "true"})) == ["Matin", "Matin aussi"]
        assert noms(client.get(URL, {"ouvert_maintenant": "true", "lat": 47.47, "lon": -0.55, "rayon_km": 5})) == [
            "Matin",
            "Matin aussi",
        ]
