"""Un chèque ne s'encaisse qu'une fois son carnet remis à une personne (ni en stock, ni jamais attribué, ni annulé).

Chaque refus a son message ; la tentative est écrite (sans donnée personnelle) et le financeur la voit sur la page
de sa campagne. La condition est dans la mise à jour atomique elle-même, pas seulement dans les contrôles d'avant.
"""

import json
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from maillage.pass_numerique import services
from maillage.pass_numerique.enums import EtatCarnet, MotifRefus, TypeMouvement
from maillage.pass_numerique.models import Carnet, Cheque, Mouvement, TentativeRefusee
from maillage.pass_numerique.services import encaissement
from tests.pass_numerique.factories import campagne_kwargs, service

URL_ENCAISSER = "/pass-numerique/encaisser/"
URL_API = "/api/v1/pass/encaissements"

# État du carnet → (motif du refus, début du message) ; None : le chèque s'encaisse.
ATTENDU = {
    EtatCarnet.EMIS: (MotifRefus.NON_ATTRIBUE, "Ce chèque n'a pas encore été distribué"),
    EtatCarnet.ATTRIBUE: (MotifRefus.NON_REMIS, "Ce chèque n'a pas encore été remis à une personne"),
    EtatCarnet.REMIS: None,
    EtatCarnet.ENTAME: None,
    EtatCarnet.ANNULE: (MotifRefus.ANNULE, "Ce carnet a été annulé (perdu ou volé)"),
}


def carnet_en_etat(monde, etat: str, *, annule_depuis: str = EtatCarnet.REMIS) -> Carnet:
    """Le carnet unique d'une petite campagne neuve, amené dans l'état voulu par les services (jamais à la main).

    `annule_depuis` : l'étape où le carnet annulé l'a été (remis puis perdu, ou perdu dans le stock).
    """
    campagne = services.create_campagne(
        territoire=monde.territoire, **campagne_kwargs(nom=f"Un carnet {etat}", nombre_carnets=1, cheques_par_carnet=3,
        budget=Decimal("30")), services=[service()], lieux=[],
        cofinancements=[(monde.financeur_structure, Decimal("100"))], by=monde.financeur,
    )  # fmt: skip
    services.generate_carnets(campagne=campagne, by=monde.financeur)
    carnet = Carnet.objects.get(campagne=campagne)
    etapes = [EtatCarnet.ATTRIBUE, EtatCarnet.REMIS, EtatCarnet.ENTAME]
    fin = annule_depuis if etat == EtatCarnet.ANNULE else etat
    for etape in etapes[: etapes.index(fin) + 1] if fin != EtatCarnet.EMIS else []:
        if etape == EtatCarnet.ATTRIBUE:
            services.allocate_carnets(
                campagne=campagne, structure=monde.prescripteur_structure, nombre=1, by=monde.financeur
            )
        elif etape == EtatCarnet.REMIS:
            services.hand_out_carnet(
                carnet=carnet, by=monde.prescripteur, tranche_age="PLUS_70", commune=None, situation="AUTRE",
                besoin="AUTRE",
            )  # fmt: skip
        else:
            monde.redeem(_codes(carnet)[0])
    if etat == EtatCarnet.ANNULE:
        services.cancel_carnet(carnet=carnet, by=monde.financeur, motif="Perdu")
    carnet.refresh_from_db()
    assert carnet.etat_code == etat
    return carnet


def _codes(carnet) -> list[str]:
    return list(Cheque.objects.filter(carnet=carnet).order_by("rang").values_list("code", flat=True))


def _code_libre(carnet) -> str:
    return Cheque.objects.filter(carnet=carnet, redeemed_at__isnull=True).order_by("rang").first().code


class TestServiceSelonEtatDuCarnet:
    @pytest.mark.parametrize("etat", list(ATTENDU))
    def test_redeemable_only_once_handed_out_and_not_cancelled(self, monde, etat):
        carnet = carnet_en_etat(monde, etat)
        code = _code_libre(carnet)
        encaissements = Mouvement.objects.filter(type=TypeMouvement.ENCAISSEMENT).count()
        if ATTENDU[etat] is None:
            assert monde.redeem(code).redeemed_at
            assert not TentativeRefusee.objects.exists()
            return
        motif, message = ATTENDU[etat]
        with pytest.raises(services.EncaissementRefuse) as exc:
            monde.redeem(code)
        assert exc.value.motif == motif and exc.value.message.startswith(message)
        assert Cheque.objects.get(code=code).redeemed_at is None
        assert Mouvement.objects.filter(type=TypeMouvement.ENCAISSEMENT).count() == encaissements
        tentative = TentativeRefusee.objects.get()
        assert (tentative.motif, tentative.cheque.code, tentative.lieu, tentative.actor, tentative.campagne_id) == (
            motif, code, monde.lieu, monde.mediateur, carnet.campagne_id,
        )  # fmt: skip

    def test_booklet_cancelled_while_still_in_stock_is_refused_as_cancelled(self, monde):
        carnet = carnet_en_etat(monde, EtatCarnet.ANNULE, annule_depuis=EtatCarnet.ATTRIBUE)
        with pytest.raises(services.EncaissementRefuse) as exc:
            monde.redeem(_codes(carnet)[0])
        assert exc.value.motif == MotifRefus.ANNULE

    def test_each_refusal_has_its_own_message(self, monde):
        messages = set()
        for etat in (EtatCarnet.EMIS, EtatCarnet.ATTRIBUE, EtatCarnet.ANNULE):
            with pytest.raises(services.EncaissementRefuse) as exc:
                monde.redeem(_codes(carnet_en_etat(monde, etat))[0])
            messages.add(exc.value.message)
        assert len(messages) == 3

    def test_refused_attempt_keeps_no_personal_data(self):
        fields = {f.name for f in TentativeRefusee._meta.fields}
        # prev_hash et hash : la chaîne d'empreintes du journal (core/journal.py), rien sur la personne.
        assert fields == {"id", "created_at", "campagne", "cheque", "lieu", "actor", "motif", "prev_hash", "hash"}

    def test_unknown_codes_are_not_written(self, monde):
        with pytest.raises(services.EncaissementRefuse):
            monde.redeem("ABC")
        assert not TentativeRefusee.objects.exists()

    def test_condition_is_in_the_atomic_update_itself(self, monde, monkeypatch):
        """Même si les contrôles d'avant laissaient passer (état changé entre-temps), l'UPDATE refuse."""
        carnet = carnet_en_etat(monde, EtatCarnet.ATTRIBUE)
        code = _codes(carnet)[0]
        monkeypatch.setattr(
            encaissement,
            "check_cheque",
            lambda **kw: Cheque.objects.select_related("campagne", "carnet").get(code=code),
        )
        with pytest.raises(services.EncaissementRefuse) as exc:
            monde.redeem(code)
        assert exc.value.motif == MotifRefus.NON_REMIS
        assert Cheque.objects.get(code=code).redeemed_at is None
        assert not Mouvement.objects.filter(type=TypeMouvement.ENCAISSEMENT, cheque__code=code).exists()
        assert TentativeRefusee.objects.get().motif == MotifRefus.NON_REMIS

    def test_campaign_closed_between_checks_and_update_is_refused_by_the_update(self, monde, monkeypatch):
        code = monde.codes(1)[0]
        services.close_campagne(campagne=monde.campagne, by=monde.financeur)
        monkeypatch.setattr(
            encaissement,
            "check_cheque",
            lambda **kw: Cheque.objects.select_related("campagne", "carnet").get(code=code),
        )
        with pytest.raises(services.EncaissementRefuse) as exc:
            monde.redeem(code)
        assert exc.value.motif == MotifRefus.CAMPAGNE_INACTIVE
        assert Cheque.objects.get(code=code).redeemed_at is None


class TestPageEncaisser:
    @pytest.mark.parametrize("etat", [EtatCarnet.EMIS, EtatCarnet.ATTRIBUE, EtatCarnet.ANNULE])
    def test_page_refuses_with_the_message_and_records_the_attempt(self, client, monde, etat):
        carnet = carnet_en_etat(monde, etat)
        client.force_login(monde.mediateur)
        response = client.post(
            URL_ENCAISSER, {"code": _codes(carnet)[0], "lieu": monde.lieu.pk, "service": service().pk}
        )
        assert response.status_code == 422
        assert ATTENDU[etat][1] in unescape(response.content.decode())
        assert TentativeRefusee.objects.get().motif == ATTENDU[etat][0]
        assert Cheque.objects.filter(carnet=carnet, redeemed_at__isnull=False).count() == 0

    def test_page_accepts_a_handed_out_booklet(self, client, monde):
        client.force_login(monde.mediateur)
        code = _codes(carnet_en_etat(monde, EtatCarnet.REMIS))[0]
        response = client.post(URL_ENCAISSER, {"code": code, "lieu": monde.lieu.pk, "service": service().pk})
        assert response.status_code == 200 and "Chèque accepté" in response.content.decode()


class TestApi:
    """L'API appelle le même service : mêmes refus, même écriture de la tentative."""

    def _post(self, client, code, monde):
        client.force_login(monde.mediateur)
        client.get(URL_ENCAISSER)  # cookie CSRF
        return client.post(
            URL_API,
            json.dumps({"code": code, "lieu": str(monde.lieu.public_id), "service": "atelier-collectif"}),
            content_type="application/json",
            HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
        )

    @pytest.mark.parametrize("etat", [EtatCarnet.EMIS, EtatCarnet.ATTRIBUE, EtatCarnet.ANNULE])
    def test_api_refuses_booklet_not_handed_out_or_cancelled(self, client, monde, etat):
        carnet = carnet_en_etat(monde, etat)
        response = self._post(client, _codes(carnet)[0], monde)
        assert response.status_code in (409, 422)
        body = response.json()
        assert body["motif"] == ATTENDU[etat][0] and body["message"].startswith(ATTENDU[etat][1])
        assert TentativeRefusee.objects.get().motif == ATTENDU[etat][0]
        assert not Cheque.objects.filter(carnet=carnet, redeemed_at__isnull=False).exists()


class TestTableauDuFinanceur:
    def test_funder_sees_refused_attempts_and_those_on_vouchers_not_handed_out(self, client, monde):
        stock = monde.carnet(3)  # en stock à la mairie
        emis = monde.carnet(4)  # jamais attribué
        for code in (_codes(stock)[0], _codes(stock)[1], _codes(emis)[0]):
            with pytest.raises(services.EncaissementRefuse):
                monde.redeem(code)
        code = monde.codes(1)[0]
        monde.redeem(code)
        with pytest.raises(services.EncaissementRefuse):
            monde.redeem(code)  # déjà encaissé
        client.force_login(monde.financeur)
        html = client.get(reverse("pass_numerique:campagne", args=[monde.campagne.public_id])).content.decode()
        assert '<th scope="row">Tentatives refusées</th><td>4</td>' in html
        assert '<th scope="row">dont chèques pas encore remis à une personne</th><td>3</td>' in html
        assert "<td>Carnet pas encore remis à une personne</td><td>2</td>" in html
        assert "<td>Déjà encaissé</td><td>1</td>" in html
        csv = client.get(reverse("pass_numerique:campagne_export", args=[monde.campagne.public_id, "csv"]))
        assert "Résumé;dont chèques pas encore remis à une personne;3" in csv.content.decode("utf-8-sig")

    def test_no_attempt_shows_zero(self, client, monde):
        client.force_login(monde.financeur)
        html = client.get(reverse("pass_numerique:campagne", args=[monde.campagne.public_id])).content.decode()
        assert '<th scope="row">Tentatives refusées</th><td>0</td>' in html


class TestSeanceSupprimee:
    """Un chèque n'est jamais lié à une séance supprimée : l'encaissement verrouille la séance et la relit."""

    def test_redeeming_for_a_deleted_session_is_refused_and_nothing_is_written(self, monde):
        from django.utils import timezone

        from maillage.accompagnements.models import Accompagnement
        from tests.accompagnements.factories import AccompagnementFactory

        carnet = carnet_en_etat(monde, EtatCarnet.REMIS)
        code = _code_libre(carnet)
        seance = AccompagnementFactory(structure=monde.lieu.structure, mediateur=monde.mediateur)
        Accompagnement.objects.filter(pk=seance.pk).update(deleted_at=timezone.now(), deleted_motif="DOUBLON")
        encaissements = Mouvement.objects.filter(type=TypeMouvement.ENCAISSEMENT).count()
        with pytest.raises(services.EncaissementRefuse) as exc:
            services.redeem_cheque(
                raw_code=code, lieu=monde.lieu, service=service("atelier-collectif"), by=monde.mediateur,
                accompagnement=seance,
            )  # fmt: skip
        assert exc.value.motif == MotifRefus.SEANCE_SUPPRIMEE
        assert "vient d'être supprimée" in exc.value.message
        assert Cheque.objects.get(code=code).redeemed_at is None
        assert Mouvement.objects.filter(type=TypeMouvement.ENCAISSEMENT).count() == encaissements
        # Une requête ordinaire suit : la transaction reste utilisable après le refus (PostgreSQL).
        assert TentativeRefusee.objects.get().motif == MotifRefus.SEANCE_SUPPRIMEE

    def test_redeeming_for_a_live_session_links_it(self, monde):
        from tests.accompagnements.factories import AccompagnementFactory

        carnet = carnet_en_etat(monde, EtatCarnet.REMIS)
        code = _code_libre(carnet)
        seance = AccompagnementFactory(structure=monde.lieu.structure, mediateur=monde.mediateur)
        cheque = services.redeem_cheque(
            raw_code=code, lieu=monde.lieu, service=service("atelier-collectif"), by=monde.mediateur,
            accompagnement=seance,
        )  # fmt: skip
        assert Cheque.objects.get(pk=cheque.pk).accompagnement_id == seance.pk
