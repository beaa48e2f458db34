"""Encaisser par l'API un service qui laisse un reste à payer : la même confirmation que la page (« j'ai dit à la
personne ce qui lui reste à payer »), exigée par le service d'encaissement pour les deux chemins, documentée dans le
schéma OpenAPI, refus 422 en français qui nomme le champ."""

import json
from decimal import Decimal

import pytest

from maillage.pass_numerique import services
from maillage.pass_numerique.enums import MotifRefus
from maillage.pass_numerique.models import Cheque, Mouvement, QualificationService, TentativeRefusee
from tests.pass_numerique.factories import service

URL = "/api/v1/pass/encaissements"


def _reste(monde, *, autorise=True, montant="3.50"):
    QualificationService.objects.filter(qualification=monde.qualification, service=service()).update(
        reste_a_charge=Decimal(montant), reste_a_charge_raison="support de cours imprimé"
    )
    monde.campagne.reste_a_charge_autorise = autorise
    monde.campagne.save()


def _post(client, monde, code, **extra):
    client.force_login(monde.mediateur)
    client.get("/pass-numerique/encaisser/")  # cookie CSRF
    body = {"code": code, "lieu": str(monde.lieu.public_id), "service": "atelier-collectif", **extra}
    return client.post(
        URL, json.dumps(body), content_type="application/json", HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value
    )


def test_sans_confirmation_refus_422_qui_nomme_le_champ(client, monde):
    _reste(monde)
    code = monde.codes(1)[0]
    response = _post(client, monde, code)
    assert response.status_code == 422
    body = response.json()
    assert body["motif"] == "RESTE_NON_ANNONCE"
    assert "reste_annonce" in body["message"] and "3,50\u00a0€ à payer par la personne" in body["message"]
    assert "·" not in body["message"]
    assert [e["champ"] for e in body["erreurs"]] == ["reste_annonce"]
    assert Cheque.objects.get(code=code).redeemed_at is None
    assert not TentativeRefusee.objects.exists()  # une confirmation oubliée n'est pas un refus du chèque
    assert _post(client, monde, code, reste_annonce=False).json()["motif"] == "RESTE_NON_ANNONCE"


def test_avec_confirmation_encaisse_et_le_registre_garde_le_reste(client, monde):
    _reste(monde)
    code = monde.codes(1)[0]
    response = _post(client, monde, code, reste_annonce=True)
    assert response.status_code == 200 and response.json()["ok"] is True
    assert Mouvement.objects.get(cheque__code=code, type="ENCAISSEMENT").details["reste_a_charge"] == "3.50"


def test_sans_reste_la_confirmation_n_est_pas_demandee(client, monde):
    response = _post(client, monde, monde.codes(1)[0])
    assert response.status_code == 200


def test_campagne_sans_reste_permis_refuse_meme_avec_confirmation(client, monde):
    _reste(monde, autorise=False)
    response = _post(client, monde, monde.codes(1)[0], reste_annonce=True)
    assert response.status_code == 422 and response.json()["motif"] == "RESTE_A_CHARGE"


def test_un_cheque_deja_encaisse_est_dit_avant_la_confirmation(client, monde):
    _reste(monde)
    code = monde.codes(1)[0]
    assert _post(client, monde, code, reste_annonce=True).status_code == 200
    response = _post(client, monde, code)
    assert response.status_code == 409 and response.json()["motif"] == "DEJA_ENCAISSE"


def test_le_service_exige_la_confirmation_pour_tous_les_chemins(monde):
    _reste(monde)
    code = monde.codes(1)[0]
    with pytest.raises(services.EncaissementRefuse) as refus:
        monde.redeem(code)
    assert refus.value.motif == MotifRefus.RESTE_NON_ANNONCE
    cheque = services.redeem_cheque(
        raw_code=code, lieu=monde.lieu, service=service(), by=monde.mediateur, reste_annonce=True
    )
    assert cheque.redeemed_at is not None


def test_schema_openapi_documente_le_champ(client):
    schema = client.get("/api/v1/openapi.json").json()
    corps = schema["paths"][URL]["post"]["requestBody"]["content"]["application/json"]["schema"]
    nom = corps["$ref"].rsplit("/", 1)[-1]
    champ = schema["components"]["schemas"][nom]["properties"]["reste_annonce"]
    assert champ["type"] == "boolean" and champ["default"] is False
    assert "reste à payer" in champ["description"] and "RESTE_NON_ANNONCE" in champ["description"]
