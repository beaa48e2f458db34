"""Pages et API du Pass numérique : accès, mauvaises saisies (un message chacune, jamais de 500), exports."""

import datetime
import io
import json
from html import unescape

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from maillage.pass_numerique import codes, services
from maillage.pass_numerique.enums import StatutQualification
from maillage.pass_numerique.models import Campagne, Carnet, Cheque, Mouvement, QualificationPass, Releve
from tests.comptes.factories import user_with_role
from tests.core.factories import CommuneFactory
from tests.lieux.factories import LieuFactory
from tests.pass_numerique.factories import QualificationPassFactory, service

URL_ENCAISSER = "/pass-numerique/encaisser/"


def login(client, user):
    client.force_login(user)
    return client


class TestAccueil:
    @pytest.mark.parametrize("role", ["financeur", "coordination", "prescripteur", "gestionnaire", "mediateur"])
    def test_role_aware_home(self, client, monde, role, django_assert_max_num_queries):
        login(client, getattr(monde, role))
        with django_assert_max_num_queries(20):
            response = client.get(reverse("pass_numerique:accueil"))
        assert response.status_code == 200
        html = response.content.decode()
        assert ("Créer une campagne" in html) is (role == "financeur")
        assert ("Encaisser un chèque" in html) is (role in ("gestionnaire", "mediateur"))
        assert ("Remettre le carnet n° 3" in html) is (role == "prescripteur")

    def test_anonymous_is_sent_to_login(self, client):
        response = client.get(reverse("pass_numerique:accueil"))
        assert response.status_code == 302 and "connexion" in response["Location"]


class TestQualificationPages:
    def test_bad_iban_shows_message_and_writes_nothing(self, client, monde):
        lieu = LieuFactory(structure=monde.lieu.structure)
        login(client, monde.gestionnaire)
        response = client.post(
            reverse("pass_numerique:qualification_demande"),
            {"lieu": lieu.pk, "territoire": monde.territoire.pk, "siret": "73282932000074", "titulaire_compte": "A",
             "iban": "FR7630006000011234567890188", "charte_acceptee": "on", "prix_atelier-collectif": "1"},
        )  # fmt: skip
        assert response.status_code == 200
        assert "sa clé de contrôle ne correspond pas" in response.content.decode()
        assert not QualificationPass.objects.filter(lieu=lieu).exists()

    def test_full_application_then_approval(self, client, monde):
        lieu = LieuFactory(structure=monde.lieu.structure)
        login(client, monde.gestionnaire)
        response = client.post(
            reverse("pass_numerique:qualification_demande"),
            {"lieu": lieu.pk, "territoire": monde.territoire.pk, "siret": "73282932000074", "titulaire_compte": "A",
             "iban": "FR76 3000 6000 0112 3456 7890 189", "charte_acceptee": "on", "prix_smartphone": "2"},
        )  # fmt: skip
        assert response.status_code == 302
        q = QualificationPass.objects.get(lieu=lieu)
        url = reverse("pass_numerique:qualification_decision", args=[q.public_id])
        assert client.post(url, {"statut": "APPROUVEE"}).status_code == 404  # le lieu ne se qualifie pas lui-même
        login(client, monde.coordination)
        client.post(url, {"statut": "APPROUVEE"})
        q.refresh_from_db()
        assert q.statut == StatutQualification.APPROUVEE


class TestCampagnePages:
    def _post(self, client, monde, **overrides):
        today = timezone.localdate()
        data = {
            "nom": "Pass test", "territoire": monde.territoire.pk, "valeur_cheque": "10", "cheques_par_carnet": "10",
            "nombre_carnets": "3", "starts_on": today.isoformat(), "ends_on": (today + datetime.timedelta(days=90)).isoformat(),
            "tolerance_jours": "30", "budget": "300", "services": [service().pk], "financeur_1": monde.financeur_structure.pk,
            "part_1": "100",
        }  # fmt: skip
        data.update(overrides)
        return client.post(reverse("pass_numerique:campagne_nouvelle"), data)

    @pytest.mark.parametrize(
        "overrides,message",
        [
            ({"ends_on": "2020-01-01"}, "est avant la date de début"),
            ({"budget": "299"}, "ne couvre pas la valeur des chèques"),
            ({"part_1": "90"}, "doivent faire 100 %"),
            ({"services": []}, "au moins un service"),
        ],
    )
    def test_inconsistent_campaign_refused(self, client, monde, overrides, message):
        login(client, monde.financeur)
        before = Campagne.objects.count()
        response = self._post(client, monde, **overrides)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert Campagne.objects.count() == before

    def test_create_generate_and_dashboard(self, client, monde, django_assert_max_num_queries):
        login(client, monde.financeur)
        response = self._post(client, monde)
        campagne = Campagne.objects.get(nom="Pass test")
        assert response["Location"] == reverse("pass_numerique:campagne", args=[campagne.public_id])
        client.post(reverse("pass_numerique:campagne_generer", args=[campagne.public_id]))
        assert Carnet.objects.filter(campagne=campagne).count() == 3
        with django_assert_max_num_queries(30):
            response = client.get(reverse("pass_numerique:campagne", args=[campagne.public_id]))
        assert response.status_code == 200 and "Carnets générés" in response.content.decode()

    def test_other_territory_funder_gets_404(self, client, monde):
        login(client, user_with_role("COMMANDITAIRE"))
        assert client.get(reverse("pass_numerique:campagne", args=[monde.campagne.public_id])).status_code == 404

    def test_prescriber_cannot_create(self, client, monde):
        login(client, monde.prescripteur)
        assert self._post(client, monde).status_code == 403

    def test_export_hides_small_counts_and_neutralises_formulas(self, client, monde):
        monde.lieu.nom = '=HYPERLINK("http://x")'
        monde.lieu.save()
        for code in monde.codes(1) + monde.codes(2)[:1]:
            monde.redeem(code)
        login(client, monde.financeur)
        response = client.get(reverse("pass_numerique:campagne_export", args=[monde.campagne.public_id, "csv"]))
        text = response.content.decode("utf-8-sig")
        assert "'=HYPERLINK" in text
        assert ";6\r\n" in text  # 6 chèques encaissés dans ce lieu : publié
        assert "< 5" in text  # carnets entamés : 2, masqué
        xlsx = client.get(reverse("pass_numerique:campagne_export", args=[monde.campagne.public_id, "xlsx"]))
        assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
        assert b"<f>" not in _xlsx_sheet(xlsx.content)

    def test_booklets_pdf(self, client, monde):
        login(client, monde.prescripteur)
        url = reverse("pass_numerique:carnets_pdf", args=[monde.campagne.public_id])
        response = client.get(url, {"structure": monde.prescripteur_structure.public_id})
        assert response.status_code == 200 and response.content[:5] == b"%PDF-"


def _xlsx_sheet(content: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return z.read("xl/worksheets/sheet1.xml")


class TestDistributionPages:
    def test_hand_out_by_page(self, client, monde):
        login(client, monde.prescripteur)
        url = reverse("pass_numerique:carnet_remise", args=[monde.campagne.public_id, 3])
        assert client.get(url).status_code == 200
        response = client.post(
            url, {"tranche_age": "PLUS_70", "commune": "", "situation": "RETRAITE", "besoin": "DEMARCHES"}
        )
        assert response.status_code == 302
        assert monde.carnet(3).handed_out_at is not None

    def test_unknown_commune_refused(self, client, monde):
        login(client, monde.prescripteur)
        url = reverse("pass_numerique:carnet_remise", args=[monde.campagne.public_id, 3])
        response = client.post(
            url, {"tranche_age": "PLUS_70", "commune": "Zzzz", "situation": "RETRAITE", "besoin": "DEMARCHES"}
        )
        assert "Nous ne trouvons pas la commune « Zzzz »" in unescape(response.content.decode())
        assert monde.carnet(3).handed_out_at is None

    def test_homonym_in_the_campaign_territory_wins(self, client, monde):
        """Même règle que partout (core.communes) : l'homonyme du territoire passe devant, même moins peuplé."""
        ici = CommuneFactory(nom="Saint-Martin", population=300)
        monde.territoire.communes.add(ici)
        CommuneFactory(nom="Saint-Martin", population=9000)  # hors du territoire, plus peuplée
        login(client, monde.prescripteur)
        url = reverse("pass_numerique:carnet_remise", args=[monde.campagne.public_id, 3])
        data = {"tranche_age": "PLUS_70", "commune": "saint martin", "situation": "RETRAITE", "besoin": "DEMARCHES"}
        assert client.post(url, data).status_code == 302
        assert monde.carnet(3).commune == ici

    def test_ambiguous_commune_is_asked_not_guessed(self, client, monde):
        CommuneFactory(nom="Sainte-Anne", population=300)
        CommuneFactory(nom="Sainte-Anne", population=9000)
        login(client, monde.prescripteur)
        url = reverse("pass_numerique:carnet_remise", args=[monde.campagne.public_id, 3])
        data = {"tranche_age": "PLUS_70", "commune": "Sainte-Anne", "situation": "RETRAITE", "besoin": "DEMARCHES"}
        response = client.post(url, data)
        assert response.status_code == 200
        assert "Plusieurs communes correspondent à « Sainte-Anne »" in unescape(response.content.decode())
        assert monde.carnet(3).handed_out_at is None

    def test_other_structure_gets_404(self, client, monde):
        login(client, user_with_role("PRESCRIPTEUR"))
        assert (
            client.get(reverse("pass_numerique:carnet_remise", args=[monde.campagne.public_id, 1])).status_code == 404
        )

    def test_cancel_by_page(self, client, monde):
        login(client, monde.prescripteur)
        url = reverse("pass_numerique:carnet_annulation", args=[monde.campagne.public_id, 2])
        assert client.post(url, {"motif": ""}).status_code == 200
        assert monde.carnet(2).cancelled_at is None
        client.post(url, {"motif": "Volé"})
        assert monde.carnet(2).cancelled_at is not None


class TestEncaisserPage:
    def _post(self, client, monde, code, service_code="atelier-collectif"):
        return client.post(URL_ENCAISSER, {"code": code, "lieu": monde.lieu.pk, "service": service(service_code).pk})

    def test_only_place_team_can_open(self, client, monde):
        login(client, monde.prescripteur)
        assert client.get(URL_ENCAISSER).status_code == 403
        login(client, monde.mediateur)
        response = client.get(URL_ENCAISSER)
        assert response.status_code == 200
        assert "html5-qrcode.min.js" in response.content.decode()

    def test_success_then_already_redeemed(self, client, monde):
        login(client, monde.mediateur)
        code = monde.codes(1)[0]
        response = self._post(client, monde, codes.format_code(code))
        assert response.status_code == 200 and "Chèque accepté" in response.content.decode()
        response = self._post(client, monde, code)
        assert response.status_code == 422 and "déjà été encaissé" in response.content.decode()

    def test_service_worth_several_vouchers_says_so(self, client, monde):
        monde.qualification.offres.filter(service__code="atelier-collectif").update(prix_cheques=2)
        login(client, monde.mediateur)
        response = self._post(client, monde, monde.codes(1)[0])
        assert "ce service vaut 2 chèques : encaissez aussi le chèque suivant" in response.content.decode()

    @pytest.mark.parametrize(
        "code,message",
        [("ABC", "compte 15 caractères"), ("23456789ABCDEFX", "caractère semble mal saisi")],
    )
    def test_bad_codes(self, client, monde, code, message):
        login(client, monde.mediateur)
        response = self._post(client, monde, code)
        assert response.status_code == 422 and message in response.content.decode()
        assert not Mouvement.objects.filter(type="ENCAISSEMENT").exists()


class TestApi:
    URL = "/api/v1/pass/encaissements"

    def _post(self, client, monde, code, service_code="atelier-collectif", lieu=None):
        client.get(URL_ENCAISSER)  # cookie CSRF
        body = {"code": code, "lieu": str((lieu or monde.lieu).public_id), "service": service_code}
        return client.post(
            self.URL,
            json.dumps(body),
            content_type="application/json",
            HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
        )

    def test_anonymous_refused(self, client, monde):
        response = client.post(
            self.URL,
            json.dumps({"code": "x", "lieu": str(monde.lieu.public_id), "service": "x"}),
            content_type="application/json",
        )
        assert response.status_code == 401

    def test_success_and_refusals(self, client, monde):
        client = login(client, monde.mediateur)
        code = monde.codes(1)[0]
        ok = self._post(client, monde, code)
        assert ok.status_code == 200 and ok.json()["ok"] is True
        again = self._post(client, monde, code)
        assert again.status_code == 409 and again.json()["motif"] == "DEJA_ENCAISSE"
        bad = self._post(client, monde, monde.codes(1)[1], service_code="smartphone")
        assert bad.status_code == 422 and bad.json()["motif"] == "SERVICE_NON_ELIGIBLE"

    def test_not_place_team_forbidden(self, client, monde):
        client = login(client, monde.mediateur)
        autre = QualificationPassFactory(approuvee=True, territoire=monde.territoire).lieu
        assert self._post(client, monde, monde.codes(1)[0], lieu=autre).status_code == 403


class TestRelevePages:
    def test_statement_validate_pay_and_files(self, client, monde):
        tz = timezone.get_current_timezone()
        with time_machine.travel(datetime.datetime.combine(monde.campagne.starts_on, datetime.time(10), tzinfo=tz)):
            monde.redeem(monde.codes(1)[0])
            mois = timezone.localdate()
        next_month = (mois.replace(day=28) + datetime.timedelta(days=5)).replace(day=2)
        with time_machine.travel(datetime.datetime.combine(next_month, datetime.time(9), tzinfo=tz)):
            login(client, monde.financeur)
            client.post(
                reverse("pass_numerique:campagne_releves", args=[monde.campagne.public_id]), {"mois": mois.isoformat()}
            )
            releve = Releve.objects.get()
            client.post(reverse("pass_numerique:releve_valider", args=[releve.public_id]))
            response = client.post(
                reverse("pass_numerique:releve_payer", args=[releve.public_id]), {"payment_reference": ""}
            )
            releve.refresh_from_db()
            assert releve.statut == "VALIDE"
            client.post(reverse("pass_numerique:releve_payer", args=[releve.public_id]), {"payment_reference": "M-7"})
            releve.refresh_from_db()
            assert releve.statut == "PAYE"
            pdf = client.get(reverse("pass_numerique:releve_fichier", args=[releve.public_id, "pdf"]))
            assert pdf.content[:5] == b"%PDF-"
            csv = client.get(reverse("pass_numerique:releve_fichier", args=[releve.public_id, "csv"])).content.decode(
                "utf-8-sig"
            )
            assert "Total;;1 chèques;10.00" in csv
            login(client, monde.gestionnaire)  # le lieu voit son relevé…
            assert client.get(reverse("pass_numerique:releve", args=[releve.public_id])).status_code == 200
            login(client, monde.prescripteur)  # … pas les autres
            assert client.get(reverse("pass_numerique:releve", args=[releve.public_id])).status_code == 404
        assert response.status_code == 302


def test_close_by_page_shows_credit_notes(client, monde):
    login(client, monde.financeur)
    client.post(reverse("pass_numerique:campagne_cloturer", args=[monde.campagne.public_id]))
    html = client.get(reverse("pass_numerique:campagne", args=[monde.campagne.public_id])).content.decode()
    assert (
        "Avoirs de fin de campagne" in html and "140,00\u00a0€" in html and "60,00\u00a0€" in html
    )  # core.formats.euros
    assert services.EncaissementRefuse  # module importé pour les refus


class TestLiensFacultatifs:
    def test_hand_out_linked_to_own_orientation(self, client, monde):
        from tests.orientations.factories import OrientationFactory

        orientation = OrientationFactory(
            prescripteur=monde.prescripteur, structure_prescriptrice=monde.prescripteur_structure
        )
        autre = OrientationFactory()  # orientation d'une autre structure : pas proposée
        login(client, monde.prescripteur)
        url = reverse("pass_numerique:carnet_remise", args=[monde.campagne.public_id, 3])
        html = client.get(url).content.decode()
        assert "Josiane" not in html  # libellé sans donnée personnelle
        data = {"tranche_age": "PLUS_70", "commune": "", "situation": "RETRAITE", "besoin": "DEMARCHES"}
        assert client.post(url, {**data, "orientation": autre.pk}).status_code == 200
        assert monde.carnet(3).handed_out_at is None
        client.post(url, {**data, "orientation": orientation.pk})
        assert monde.carnet(3).orientation == orientation

    def test_redemption_linked_to_session_record(self, client, monde):
        from tests.accompagnements.factories import AccompagnementFactory

        seance = AccompagnementFactory(structure=monde.lieu.structure, mediateur=monde.mediateur)
        login(client, monde.mediateur)
        code = monde.codes(1)[0]
        client.post(
            URL_ENCAISSER,
            {"code": code, "lieu": monde.lieu.pk, "service": service().pk, "accompagnement": seance.pk},
        )
        assert Cheque.objects.get(code=code).accompagnement == seance


class TestCarteObservatoire:
    def test_map_shows_only_counts_of_at_least_five(self, client, monde):
        login(client, monde.financeur)
        url = reverse("pass_numerique:campagne", args=[monde.campagne.public_id])
        for code in monde.codes(1)[:4]:
            monde.redeem(code)
        assert 'id="carte-donnees"' not in client.get(url).content.decode()  # 4 encaissements : rien sur la carte
        monde.redeem(monde.codes(1)[4])
        from maillage.pass_numerique import selectors

        selectors.invalidate(monde.campagne.pk)
        html = client.get(url).content.decode()
        assert 'id="carte-donnees"' in html and '"n": 5' in html


def test_ledger_csv_lists_every_movement_in_order(client, monde):
    cheque = monde.redeem(monde.codes(1)[0])
    services.correct_encaissement(cheque=cheque, by=monde.financeur, motif="=erreur de scan")
    login(client, monde.financeur)
    response = client.get(reverse("pass_numerique:campagne_registre", args=[monde.campagne.public_id]))
    text = response.getvalue().decode("utf-8-sig")  # réponse en flux : le registre peut compter 1 M de lignes
    lines = text.strip().splitlines()
    assert len(lines) == 1 + Mouvement.objects.filter(campagne=monde.campagne).count()
    assert [line.split(";")[2] for line in lines[1:]] == [
        "Émission des carnets", "Attribution à une structure", "Remise à une personne", "Remise à une personne",
        "Encaissement d'un chèque", "Correction d'un encaissement",
    ]  # fmt: skip
    assert "'=erreur de scan" in lines[-1]  # pas d'injection de formule
    login(client, monde.prescripteur)
    assert client.get(reverse("pass_numerique:campagne_registre", args=[monde.campagne.public_id])).status_code == 404


@pytest.mark.parametrize("structure", ["", "pas-un-uuid", "00000000-0000-0000-0000-000000000000"])
def test_booklets_pdf_bad_structure_is_404_not_500(client, monde, structure):
    login(client, monde.financeur)
    url = reverse("pass_numerique:carnets_pdf", args=[monde.campagne.public_id])
    assert client.get(url, {"structure": structure}).status_code == 404
