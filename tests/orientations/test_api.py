import json

from django.utils import timezone

from maillage.comptes.enums import Role
from maillage.orientations.enums import StatutOrientation
from tests.comptes.factories import user_with_role
from tests.orientations.factories import OrientationFactory


def test_api_requires_login(client):
    assert client.get("/api/v1/orientations/recues").status_code == 401


def test_inbox_and_accept(client):
    orientation = OrientationFactory()
    OrientationFactory()  # une autre structure : absente
    client.force_login(user_with_role(Role.MEDIATEUR, structure=orientation.structure_destinataire))
    data = client.get("/api/v1/orientations/recues").json()
    assert data["total"] == 1 and data["items"][0]["public_id"] == str(orientation.public_id)
    response = client.post(
        f"/api/v1/orientations/{orientation.public_id}/accepter", json.dumps({}), content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["statut"] == StatutOrientation.ACCEPTEE
    again = client.post(
        f"/api/v1/orientations/{orientation.public_id}/refuser",
        json.dumps({"motif": "COMPLET"}),
        content_type="application/json",
    )
    assert again.status_code == 422 and "déjà reçu une réponse" in again.json()["message"]


def test_other_structure_is_404_and_prescriber_403(client):
    orientation = OrientationFactory()
    client.force_login(user_with_role(Role.MEDIATEUR))
    url = f"/api/v1/orientations/{orientation.public_id}/accepter"
    assert client.post(url, "{}", content_type="application/json").status_code == 404
    client.force_login(orientation.prescripteur)
    assert client.post(url, "{}", content_type="application/json").status_code == 403
    orientation.refresh_from_db()
    assert orientation.statut == StatutOrientation.ENVOYEE


def test_inbox_offset_beyond_sql_integers_is_an_empty_page(client):
    orientation = OrientationFactory()
    client.force_login(user_with_role(Role.MEDIATEUR, structure=orientation.structure_destinataire))
    response = client.get("/api/v1/orientations/recues?offset=99999999999999999999999")
    assert response.status_code == 200
    assert response.json() == {"total": 1, "items": []}


def test_accept_with_appointment_without_timezone_is_paris_time(client):
    orientation = OrientationFactory()
    client.force_login(user_with_role(Role.MEDIATEUR, structure=orientation.structure_destinataire))
    url = f"/api/v1/orientations/{orientation.public_id}/accepter"
    past = client.post(url, json.dumps({"rendez_vous_at": "2020-01-01T10:00:00"}), content_type="application/json")
    assert past.status_code == 422 and "dans le futur" in past.json()["message"]
    response = client.post(url, json.dumps({"rendez_vous_at": "2099-06-01T10:00:00"}), content_type="application/json")
    assert response.status_code == 200
    orientation.refresh_from_db()
    assert timezone.localtime(orientation.rendez_vous_at).isoformat() == "2099-06-01T10:00:00+02:00"


def test_decline_with_a_too_long_precision_is_refused_in_french(client):
    orientation = OrientationFactory()
    client.force_login(user_with_role(Role.MEDIATEUR, structure=orientation.structure_destinataire))
    response = client.post(
        f"/api/v1/orientations/{orientation.public_id}/refuser",
        json.dumps({"motif": "AUTRE", "precision": "y" * 301}),
        content_type="application/json",
    )
    assert response.status_code == 422 and "300 caractères au plus" in response.json()["message"]
    orientation.refresh_from_db()
    assert orientation.statut == StatutOrientation.ENVOYEE
