"""Les boutons des pages suivent les tables d'états (enums.TRANSITIONS_*), lues par permissions.py et les modèles :
aucun gabarit ne réécrit la machine à états."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from maillage.pass_numerique import permissions as p
from maillage.pass_numerique import services
from maillage.pass_numerique.enums import (
    TRANSITIONS_QUALIFICATION,
    EtatCarnet,
    StatutCampagne,
    StatutQualification,
    StatutReleve,
)
from maillage.pass_numerique.models import Campagne, Releve
from tests.pass_numerique.factories import QualificationPassFactory, campagne_kwargs, service
from tests.pass_numerique.test_encaissement_remis import carnet_en_etat

ACTIONS = ("peut_generer", "peut_cloturer", "peut_etablir_releves", "peut_attribuer", "peut_corriger")

# statut → acteur → actions permises (les autres sont refusées)
ATTENDU = {
    StatutCampagne.BROUILLON: {"financeur": {"peut_generer"}, "coordination": set(), "prescripteur": set()},
    StatutCampagne.GENEREE: {
        "financeur": {"peut_cloturer", "peut_etablir_releves", "peut_attribuer", "peut_corriger"},
        "coordination": {"peut_attribuer", "peut_corriger"},
        "prescripteur": set(),
    },
    StatutCampagne.CLOTUREE: {"financeur": {"peut_etablir_releves"}, "coordination": set(), "prescripteur": set()},
}


def _campagne_en_statut(monde, statut) -> Campagne:
    if statut == StatutCampagne.BROUILLON:
        return services.create_campagne(
            territoire=monde.territoire, **campagne_kwargs(nom="Brouillon"), services=[service()], lieux=[],
            cofinancements=[(monde.financeur_structure, 100)], by=monde.financeur,
        )  # fmt: skip
    if statut == StatutCampagne.CLOTUREE:
        services.close_campagne(campagne=monde.campagne, by=monde.financeur)
    return Campagne.objects.get(pk=monde.campagne.pk)


class TestActionsCampagne:
    @pytest.mark.parametrize("statut", list(ATTENDU))
    @pytest.mark.parametrize("acteur", ["financeur", "coordination", "prescripteur"])
    def test_buttons_follow_role_and_state(self, monde, statut, acteur):
        campagne = _campagne_en_statut(monde, statut)
        actions = p.actions_campagne(getattr(monde, acteur), campagne)
        assert {a for a in ACTIONS if actions[a]} == ATTENDU[statut][acteur]

    @pytest.mark.parametrize("statut", list(ATTENDU))
    def test_page_shows_exactly_the_allowed_forms(self, client, monde, statut):
        campagne = _campagne_en_statut(monde, statut)
        client.force_login(monde.financeur)
        html = client.get(reverse("pass_numerique:campagne", args=[campagne.public_id])).content.decode()
        attendu = ATTENDU[statut]["financeur"]
        assert ("Générer les " in html) is ("peut_generer" in attendu)
        assert ("Clôturer la campagne et établir les avoirs" in html) is ("peut_cloturer" in attendu)
        assert ("Établir les relevés de ce mois" in html) is ("peut_etablir_releves" in attendu)
        assert ("Attribuer les carnets" in html) is ("peut_attribuer" in attendu)
        assert ("Corriger l'encaissement" in html) is ("peut_corriger" in attendu)


class TestDecisionsQualification:
    @pytest.mark.parametrize("statut", list(StatutQualification))
    def test_choices_are_the_allowed_transitions(self, statut):
        qualification = QualificationPassFactory.build(statut=statut)
        proposees = {s for s, _verbe in qualification.decisions_possibles}
        assert proposees == TRANSITIONS_QUALIFICATION[statut] - {StatutQualification.EN_ATTENTE}

    def test_home_page_lists_only_allowed_decisions(self, client, monde):
        retiree = QualificationPassFactory(territoire=monde.territoire, statut=StatutQualification.RETIREE)
        client.force_login(monde.financeur)
        html = client.get(reverse("pass_numerique:accueil")).content.decode()
        approuvee = html.split(f'id="statut-{monde.qualification.pk}"')[1].split("</select>")[0]
        assert '<option value="SUSPENDUE">Suspendre</option>' in approuvee
        assert '<option value="RETIREE">Retirer</option>' in approuvee
        assert 'value="APPROUVEE"' not in approuvee  # déjà approuvée
        assert f'id="statut-{retiree.pk}"' not in html  # retirée : plus rien à décider (le lieu redemande)


class TestCarnetAnnulable:
    @pytest.mark.parametrize("etat", list(EtatCarnet))
    def test_any_state_but_cancelled(self, monde, etat):
        assert carnet_en_etat(monde, etat).annulable is (etat != EtatCarnet.ANNULE)


class TestActionsReleve:
    @pytest.fixture
    def releve(self, monde):
        tz = timezone.get_current_timezone()
        with time_machine.travel(datetime.datetime.combine(monde.campagne.starts_on, datetime.time(10), tzinfo=tz)):
            monde.redeem(monde.codes(1)[0])
            mois = timezone.localdate()
        with time_machine.travel(
            datetime.datetime.combine(mois, datetime.time(10), tzinfo=tz) + datetime.timedelta(40)
        ):
            services.build_releves(mois=mois)
        return Releve.objects.get()

    def test_validate_then_pay_then_nothing(self, client, monde, releve):
        client.force_login(monde.financeur)
        url = reverse("pass_numerique:releve", args=[releve.public_id])
        etapes = [
            (StatutReleve.A_VALIDER, lambda: services.validate_releve(releve=releve, by=monde.financeur)),
            (StatutReleve.VALIDE, lambda: services.mark_releve_paid(releve=releve, by=monde.financeur,
                                                                    payment_reference="M-1")),
            (StatutReleve.PAYE, None),
        ]  # fmt: skip
        for statut, suivante in etapes:
            releve.refresh_from_db()
            assert releve.statut == statut
            html = client.get(url).content.decode()
            assert ("Valider ce relevé" in html) is (statut == StatutReleve.A_VALIDER)
            assert ("Marquer payé" in html) is (statut == StatutReleve.VALIDE)
            if suivante:
                suivante()

    def test_the_place_sees_the_statement_without_buttons(self, monde, releve):
        assert p.actions_releve(monde.gestionnaire, releve) == {"peut_valider": False, "peut_payer": False}
