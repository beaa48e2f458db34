"""Sécurité du Pass : 404 (et non 403) hors de son périmètre, administration qui ne change pas les preuves en
silence, demandes de qualification simultanées sans erreur 500."""

import threading
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from maillage.comptes.enums import Role
from maillage.pass_numerique import services
from maillage.pass_numerique.enums import MotifRefus, StatutQualification
from maillage.pass_numerique.models import (
    Campagne,
    Mouvement,
    QualificationJournal,
    QualificationPass,
    Releve,
    TentativeRefusee,
)
from tests.comptes.factories import StructureFactory, TerritoireFactory, UserFactory, user_with_role
from tests.lieux.factories import LieuFactory
from tests.pass_numerique.factories import IBAN_VALIDE, SIRET_VALIDE, QualificationPassFactory, charte, service

AUTRE_IBAN = "DE89370400440532013000"

# ---------------------------------------------------------------------------------------------------------------
# 404, et non 403, pour l'objet d'un autre territoire ou d'une autre structure
# ---------------------------------------------------------------------------------------------------------------


def _autre_territoire(role):
    territoire = TerritoireFactory()
    return user_with_role(role, structure=StructureFactory(), territoire=territoire)


QUI_NE_DECIDE_PAS = {
    "financeur d'un autre territoire": lambda monde: _autre_territoire(Role.COMMANDITAIRE),
    "coordination d'un autre territoire": lambda monde: _autre_territoire(Role.COORDINATEUR),
    "gestionnaire du lieu lui-même": lambda monde: monde.gestionnaire,
    "médiateur du lieu": lambda monde: monde.mediateur,
    "prescripteur du territoire": lambda monde: monde.prescripteur,
}


class TestDecisionQualification:
    @pytest.mark.parametrize("qui", QUI_NE_DECIDE_PAS)
    @pytest.mark.parametrize("statut", [StatutQualification.APPROUVEE, StatutQualification.SUSPENDUE,
                                        StatutQualification.RETIREE])  # fmt: skip
    def test_who_cannot_decide_gets_404_and_nothing_changes(self, client, monde, qui, statut):
        q = QualificationPassFactory(territoire=monde.territoire, lieu__structure=monde.lieu.structure)
        if statut != StatutQualification.APPROUVEE:
            services.decide_qualification(qualification=q, statut=StatutQualification.APPROUVEE, by=monde.financeur)
        avant = QualificationPass.objects.get(pk=q.pk).statut
        client.force_login(QUI_NE_DECIDE_PAS[qui](monde))
        url = reverse("pass_numerique:qualification_decision", args=[q.public_id])
        assert client.post(url, {"statut": statut, "motif": "Essai"}).status_code == 404
        assert QualificationPass.objects.get(pk=q.pk).statut == avant

    def test_qualification_of_another_territory_is_404_for_this_territory_funder(self, client, monde):
        ailleurs = QualificationPassFactory()  # autre territoire
        client.force_login(monde.financeur)
        url = reverse("pass_numerique:qualification_decision", args=[ailleurs.public_id])
        assert client.post(url, {"statut": "APPROUVEE"}).status_code == 404
        assert QualificationPass.objects.get(pk=ailleurs.pk).statut == StatutQualification.EN_ATTENTE

    def test_unknown_qualification_is_404(self, client, monde):
        client.force_login(monde.coordination)
        url = reverse("pass_numerique:qualification_decision", args=["00000000-0000-0000-0000-000000000000"])
        assert client.post(url, {"statut": "APPROUVEE"}).status_code == 404

    def test_territory_coordination_decides(self, client, monde):
        q = QualificationPassFactory(territoire=monde.territoire)
        client.force_login(monde.coordination)
        url = reverse("pass_numerique:qualification_decision", args=[q.public_id])
        assert client.post(url, {"statut": "APPROUVEE"}).status_code == 302
        assert QualificationPass.objects.get(pk=q.pk).statut == StatutQualification.APPROUVEE


def _pages_campagne(monde):
    p = monde.campagne.public_id
    return [
        ("get", reverse("pass_numerique:campagne", args=[p]), {}),
        ("post", reverse("pass_numerique:campagne_generer", args=[p]), {}),
        ("post", reverse("pass_numerique:campagne_attribuer", args=[p]), {"nombre": "1"}),
        ("post", reverse("pass_numerique:campagne_releves", args=[p]), {"mois": "2026-01-01"}),
        ("post", reverse("pass_numerique:campagne_cloturer", args=[p]), {}),
        ("post", reverse("pass_numerique:campagne_corriger", args=[p]), {"code": monde.codes(1)[0], "motif": "x"}),
        ("get", reverse("pass_numerique:campagne_export", args=[p, "csv"]), {}),
        ("get", reverse("pass_numerique:campagne_registre", args=[p]), {}),
        (
            "get",
            reverse("pass_numerique:carnets_pdf", args=[p]),
            {"structure": monde.prescripteur_structure.public_id},
        ),
    ]


class TestAutresPagesHorsPerimetre:
    @pytest.mark.parametrize("role", [Role.COMMANDITAIRE, Role.COORDINATEUR])
    def test_campaign_pages_of_another_territory_are_404(self, client, monde, role):
        client.force_login(_autre_territoire(role))
        for method, url, data in _pages_campagne(monde):
            assert getattr(client, method)(url, data).status_code == 404, url
        assert Campagne.objects.get(pk=monde.campagne.pk).closed_at is None

    @pytest.mark.parametrize("page", ["carnet_remise", "carnet_annulation"])
    def test_booklet_pages_of_another_structure_are_404(self, client, monde, page):
        client.force_login(user_with_role(Role.PRESCRIPTEUR))
        url = reverse(f"pass_numerique:{page}", args=[monde.campagne.public_id, 3])
        assert client.get(url).status_code == 404
        assert client.post(url, {"motif": "Volé", "tranche_age": "PLUS_70"}).status_code == 404
        assert monde.carnet(3).cancelled_at is None and monde.carnet(3).handed_out_at is None

    def test_statement_pages_of_another_territory_are_404(self, client, monde):
        import datetime
        from decimal import Decimal

        releve = Releve.objects.create(
            campagne=monde.campagne, qualification=monde.qualification, mois=datetime.date(2026, 1, 1),
            nombre_cheques=0, montant=Decimal(0),
        )  # fmt: skip
        client.force_login(_autre_territoire(Role.COMMANDITAIRE))
        for name, args in [("releve", []), ("releve_fichier", ["csv"]), ("releve_valider", []), ("releve_payer", [])]:
            url = reverse(f"pass_numerique:{name}", args=[releve.public_id, *args])
            method = client.post if name in ("releve_valider", "releve_payer") else client.get
            assert method(url, {"payment_reference": "X"}).status_code == 404, name
        assert Releve.objects.get(pk=releve.pk).statut == "A_VALIDER"


# ---------------------------------------------------------------------------------------------------------------
# Administration : les preuves se lisent, ne se changent pas en silence (même pour un ou une superutilisatrice)
# ---------------------------------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(staff=True))  # is_superuser=True
    return client


class TestAdmin:
    def test_ledger_row_cannot_be_changed_added_or_deleted(self, admin_client, monde):
        m = Mouvement.objects.filter(campagne=monde.campagne).first()
        change = reverse("admin:pass_numerique_mouvement_change", args=[m.pk])
        assert admin_client.get(change).status_code == 200  # consultation
        response = admin_client.post(change, {"motif": "réécrit", "montant": "0", "quantite": "0", "type": "AVOIR"})
        assert response.status_code == 403
        m2 = Mouvement.objects.get(pk=m.pk)
        assert (m2.motif, m2.montant, m2.type) == (m.motif, m.montant, m.type)
        assert admin_client.get(reverse("admin:pass_numerique_mouvement_add")).status_code == 403
        delete = reverse("admin:pass_numerique_mouvement_delete", args=[m.pk])
        assert admin_client.post(delete, {"post": "yes"}).status_code == 403
        assert Mouvement.objects.filter(pk=m.pk).exists()

    def test_refused_attempt_cannot_be_changed_or_deleted(self, admin_client, monde):
        with pytest.raises(services.EncaissementRefuse):
            monde.redeem(monde.codes(3)[0])  # carnet en stock
        t = TentativeRefusee.objects.get()
        change = reverse("admin:pass_numerique_tentativerefusee_change", args=[t.pk])
        assert admin_client.get(change).status_code == 200
        assert admin_client.post(change, {"motif": "DEJA_ENCAISSE"}).status_code == 403
        assert TentativeRefusee.objects.get(pk=t.pk).motif == MotifRefus.NON_REMIS
        delete = reverse("admin:pass_numerique_tentativerefusee_delete", args=[t.pk])
        assert admin_client.post(delete, {"post": "yes"}).status_code == 403
        assert admin_client.get(reverse("admin:pass_numerique_tentativerefusee_add")).status_code == 403

    def test_bank_details_cannot_be_changed_in_admin(self, admin_client, monde):
        q = monde.qualification
        change = reverse("admin:pass_numerique_qualificationpass_change", args=[q.pk])
        page = admin_client.get(change)
        assert page.status_code == 200 and 'name="iban"' not in page.content.decode()  # lecture seule
        response = admin_client.post(
            change, {"iban": AUTRE_IBAN, "bic": "COBADEFFXXX", "titulaire_compte": "Escroc", "statut": "APPROUVEE",
                     "siret": SIRET_VALIDE, "motif": ""},
        )  # fmt: skip
        assert response.status_code == 403
        q2 = QualificationPass.objects.get(pk=q.pk)
        assert (q2.iban, q2.bic, q2.titulaire_compte) == (IBAN_VALIDE, "", "Association Test")
        assert admin_client.get(reverse("admin:pass_numerique_qualificationpass_add")).status_code == 403
        delete = reverse("admin:pass_numerique_qualificationpass_delete", args=[q.pk])
        assert admin_client.post(delete, {"post": "yes"}).status_code == 403

    @pytest.mark.parametrize("model", ["campagne", "releve"])
    def test_campaigns_and_statements_are_not_added_in_admin(self, admin_client, monde, model):
        assert admin_client.get(reverse(f"admin:pass_numerique_{model}_add")).status_code == 403


class TestChangeBankDetails:
    def test_change_goes_through_the_service_with_a_journal_line(self, monde):
        q = services.change_bank_details(
            qualification=monde.qualification, titulaire_compte="Association Test", iban="DE89 3704 0044 0532 0130 00",
            bic="cobadeffxxx", by=monde.gestionnaire, motif="Changement de banque",
        )  # fmt: skip
        q.refresh_from_db()
        assert (q.iban, q.bic) == (AUTRE_IBAN, "COBADEFFXXX")
        ligne = QualificationJournal.objects.get(qualification=q)
        assert (ligne.actor, ligne.motif, ligne.statut) == (monde.gestionnaire, "Changement de banque", "APPROUVEE")
        assert ligne.details == {
            "coordonnees_bancaires": True, "ancien_iban_fin": "0189", "iban_fin": "3000", "titulaire_change": False,
        }  # fmt: skip

    @pytest.mark.parametrize(
        "champ,valeur,message",
        [("iban", "FR7630006000011234567890188", "clé de contrôle"), ("motif", " ", "pourquoi le compte change"),
         ("titulaire_compte", "", "titulaire")],
    )  # fmt: skip
    def test_bad_input_refused_and_nothing_written(self, monde, champ, valeur, message):
        data = {"titulaire_compte": "Asso", "iban": AUTRE_IBAN, "motif": "Nouveau RIB", champ: valeur}
        with pytest.raises(ValidationError) as exc:
            services.change_bank_details(qualification=monde.qualification, by=monde.gestionnaire, **data)
        assert message in " ".join(exc.value.messages)
        assert QualificationPass.objects.get(pk=monde.qualification.pk).iban == IBAN_VALIDE
        assert not QualificationJournal.objects.exists()


# ---------------------------------------------------------------------------------------------------------------
# Deux demandes de qualification du même lieu au même instant : un message, jamais une erreur 500
# ---------------------------------------------------------------------------------------------------------------


def _apply(monde, lieu):
    return services.apply_qualification(
        lieu=lieu, territoire=monde.territoire, siret=SIRET_VALIDE, titulaire_compte="Asso", iban=IBAN_VALIDE,
        offres={service(): 1}, charte=charte(), charte_acceptee=True, by=monde.gestionnaire,
    )  # fmt: skip


def _simulate_other_request_in_between(monkeypatch, monde, lieu):
    """L'autre demande s'écrit entre nos contrôles et notre écriture (ce que fait la vraie concurrence)."""
    full_clean = QualificationPass.full_clean

    def full_clean_then_other_request_commits(self, *args, **kwargs):
        full_clean(self, *args, **kwargs)
        if self._state.adding:
            monkeypatch.setattr(QualificationPass, "full_clean", full_clean)
            QualificationPassFactory(lieu=lieu, territoire=monde.territoire)

    monkeypatch.setattr(QualificationPass, "full_clean", full_clean_then_other_request_commits)


class TestDemandesSimultanees:
    def test_same_place_twice_gets_a_french_message(self, monde):
        lieu = LieuFactory(structure=monde.lieu.structure)
        _apply(monde, lieu)
        with pytest.raises(ValidationError, match="déjà une demande de qualification"):
            _apply(monde, lieu)
        assert QualificationPass.objects.filter(lieu=lieu).count() == 1

    def test_race_on_the_unique_constraint_gets_a_french_message(self, monde, monkeypatch):
        lieu = LieuFactory(structure=monde.lieu.structure)
        _simulate_other_request_in_between(monkeypatch, monde, lieu)
        with pytest.raises(ValidationError, match="vient d'être envoyée pour ce lieu"):
            _apply(monde, lieu)
        # (La ligne « de l'autre requête » est annulée avec la nôtre ici : elle est écrite dans notre transaction.)

    def test_race_through_the_page_is_not_a_500(self, client, monde, monkeypatch):
        lieu = LieuFactory(structure=monde.lieu.structure)
        _simulate_other_request_in_between(monkeypatch, monde, lieu)
        client.force_login(monde.gestionnaire)
        response = client.post(
            reverse("pass_numerique:qualification_demande"),
            {"lieu": lieu.pk, "territoire": monde.territoire.pk, "siret": SIRET_VALIDE, "titulaire_compte": "A",
             "iban": IBAN_VALIDE, "charte_acceptee": "on", "prix_atelier-collectif": "1"},
        )  # fmt: skip
        assert response.status_code == 200
        assert "vient d'être envoyée pour ce lieu" in unescape(response.content.decode())


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrence réelle : PostgreSQL seulement")
@pytest.mark.parametrize("round_", range(3))
def test_concurrent_applications_for_the_same_place_one_wins_the_other_gets_a_message(transactional_db, monde,
                                                                                        round_):  # fmt: skip
    from django.db import transaction

    lieu = LieuFactory(structure=monde.lieu.structure)
    n = 2
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def worker(i):
        try:
            barrier.wait(timeout=30)
            with transaction.atomic():  # comme une requête (ATOMIC_REQUESTS)
                _apply(monde, lieu)
            results[i] = "OK"
        except ValidationError as e:
            results[i] = " ".join(e.messages)
        except Exception as exc:  # noqa: BLE001 — toute autre issue (IntegrityError : erreur 500) fait échouer
            results[i] = repr(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert results.count("OK") == 1, results
    autre = next(r for r in results if r != "OK")
    assert "vient d'être envoyée" in autre or "déjà une demande" in autre, results
    assert QualificationPass.objects.filter(lieu=lieu).count() == 1


class TestDrapeauDuLieu:
    """Le lieu « accepte le Pass » suit les décisions, dans leur transaction (issue 9 : aucune recherche du modèle
    du Pass par son nom dans lieux)."""

    def test_approve_then_suspend_then_approve_elsewhere(self):
        from maillage.lieux.models import Lieu
        from maillage.lieux.selectors import search_lieux
        from maillage.pass_numerique import services
        from maillage.pass_numerique.enums import StatutQualification
        from tests.comptes.factories import UserFactory
        from tests.pass_numerique.factories import QualificationPassFactory

        staff = UserFactory(is_staff=True)
        q = QualificationPassFactory()
        lieu = Lieu.objects.get(pk=q.lieu_id)
        assert lieu.accepte_pass is False
        services.decide_qualification(qualification=q, statut=StatutQualification.APPROUVEE, by=staff)
        assert Lieu.objects.get(pk=lieu.pk).accepte_pass is True
        assert [i.lieu.pk for i in search_lieux(pass_numerique=True).items] == [lieu.pk]
        autre = QualificationPassFactory(lieu=lieu, approuvee=True)  # qualifié aussi sur un autre territoire
        services.decide_qualification(
            qualification=q, statut=StatutQualification.SUSPENDUE, by=staff, motif="Contrôle"
        )
        assert Lieu.objects.get(pk=lieu.pk).accepte_pass is True  # encore approuvé ailleurs
        services.decide_qualification(qualification=autre, statut=StatutQualification.RETIREE, by=staff, motif="Fin")
        assert Lieu.objects.get(pk=lieu.pk).accepte_pass is False
        assert search_lieux(pass_numerique=True).total == 0
