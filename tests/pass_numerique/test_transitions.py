"""Changements d'état du Pass : écrits une fois (enums.TRANSITIONS_*), appliqués par chaque service qui change un état.

Chaque couple (état actuel, état visé) est essayé : permis → le service réussit ; interdit → refus en français qui
nomme les deux états, et rien ne change.
"""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from maillage.pass_numerique import services
from maillage.pass_numerique.enums import (
    TRANSITIONS_CAMPAGNE,
    TRANSITIONS_CARNET,
    TRANSITIONS_QUALIFICATION,
    TRANSITIONS_RELEVE,
    EtatCarnet,
    StatutCampagne,
    StatutQualification,
    StatutReleve,
    check_transition,
)
from maillage.pass_numerique.models import Campagne, Carnet, QualificationPass, Releve
from tests.pass_numerique.factories import QualificationPassFactory, campagne_kwargs, charte, service
from tests.pass_numerique.test_encaissement_remis import carnet_en_etat

TABLES = {
    "qualification": (TRANSITIONS_QUALIFICATION, StatutQualification),
    "campagne": (TRANSITIONS_CAMPAGNE, StatutCampagne),
    "carnet": (TRANSITIONS_CARNET, EtatCarnet),
    "releve": (TRANSITIONS_RELEVE, StatutReleve),
}


def _couples(choices):
    return list(itertools.product(choices.values, repeat=2))


def _refus_nomme_les_deux_etats(exc, choices, actuel, vise):
    message = " ".join(exc.value.messages)
    assert f"« {choices(actuel).label} »" in message and f"« {choices(vise).label} »" in message, message


class TestTables:
    @pytest.mark.parametrize("nom", TABLES)
    def test_every_state_has_an_entry(self, nom):
        table, choices = TABLES[nom]
        assert set(table) == set(choices.values)
        assert all(set(suivants) <= set(choices.values) for suivants in table.values())

    @pytest.mark.parametrize(
        "nom,actuel,vise", [(nom, a, b) for nom, (_t, choices) in TABLES.items() for a, b in _couples(choices)]
    )
    def test_helper_allows_exactly_the_table(self, nom, actuel, vise):
        table, choices = TABLES[nom]
        if vise in table[actuel]:
            check_transition(table, actuel, vise, sujet="Objet")
            return
        with pytest.raises(ValidationError) as exc:
            check_transition(table, actuel, vise, sujet="Objet", precision="Raison concrète.")
        _refus_nomme_les_deux_etats(exc, choices, actuel, vise)
        assert exc.value.messages[0].startswith("Objet : ") and exc.value.messages[0].endswith("Raison concrète.")


# ---------------------------------------------------------------------------------------------------------------
# Par les services
# ---------------------------------------------------------------------------------------------------------------


class TestQualification:
    CIBLES = StatutQualification.values

    @pytest.mark.parametrize("actuel,vise", _couples(StatutQualification))
    def test_service_follows_the_table(self, monde, actuel, vise):
        q = QualificationPassFactory(territoire=monde.territoire, lieu__structure=monde.lieu.structure, statut=actuel)

        def go():
            if vise == StatutQualification.EN_ATTENTE:  # une nouvelle demande du lieu
                services.apply_qualification(
                    lieu=q.lieu, territoire=monde.territoire, siret="73282932000074", titulaire_compte="Asso",
                    iban="FR7630006000011234567890189", offres={service(): 1}, charte=charte(), charte_acceptee=True,
                    by=monde.gestionnaire,
                )  # fmt: skip
            else:
                services.decide_qualification(qualification=q, statut=vise, by=monde.coordination, motif="Contrôle")

        if vise in TRANSITIONS_QUALIFICATION[actuel]:
            go()
            assert QualificationPass.objects.get(pk=q.pk).statut == vise
            assert q.journal.last().statut == vise
            return
        with pytest.raises(ValidationError) as exc:
            go()
        _refus_nomme_les_deux_etats(exc, StatutQualification, actuel, vise)
        assert QualificationPass.objects.get(pk=q.pk).statut == actuel
        assert not q.journal.exists()

    def test_pending_is_not_a_decision(self, monde):
        with pytest.raises(ValidationError, match="Choisissez une décision"):
            services.decide_qualification(
                qualification=monde.qualification, statut=StatutQualification.EN_ATTENTE, by=monde.coordination
            )


def _campagne(monde, statut) -> Campagne:
    campagne = services.create_campagne(
        territoire=monde.territoire, **campagne_kwargs(nom=f"Campagne {statut}", nombre_carnets=1,
        cheques_par_carnet=1, budget=Decimal("10")), services=[service()], lieux=[],
        cofinancements=[(monde.financeur_structure, Decimal("100"))], by=monde.financeur,
    )  # fmt: skip
    if statut in (StatutCampagne.GENEREE, StatutCampagne.CLOTUREE):
        services.generate_carnets(campagne=campagne, by=monde.financeur)
    if statut == StatutCampagne.CLOTUREE:
        services.close_campagne(campagne=campagne, by=monde.financeur)
    campagne.refresh_from_db()
    assert campagne.statut == statut
    return campagne


class TestCampagne:
    SERVICES = {
        StatutCampagne.GENEREE: lambda monde, c: services.generate_carnets(campagne=c, by=monde.financeur),
        StatutCampagne.CLOTUREE: lambda monde, c: services.close_campagne(campagne=c, by=monde.financeur),
    }

    def test_no_service_goes_back_to_draft(self):
        assert all(StatutCampagne.BROUILLON not in suivants for suivants in TRANSITIONS_CAMPAGNE.values())

    @pytest.mark.parametrize("actuel,vise", list(itertools.product(StatutCampagne.values, SERVICES)))
    def test_service_follows_the_table(self, monde, actuel, vise):
        campagne = _campagne(monde, actuel)
        if vise in TRANSITIONS_CAMPAGNE[actuel]:
            self.SERVICES[vise](monde, campagne)
            campagne.refresh_from_db()
            assert campagne.statut == vise
            return
        with pytest.raises(ValidationError) as exc:
            self.SERVICES[vise](monde, campagne)
        _refus_nomme_les_deux_etats(exc, StatutCampagne, actuel, vise)
        campagne.refresh_from_db()
        assert campagne.statut == actuel


class TestCarnet:
    def _remettre(self, monde, carnet):
        services.hand_out_carnet(
            carnet=carnet, by=monde.prescripteur, tranche_age="PLUS_70", commune=None, situation="AUTRE",
            besoin="AUTRE",
        )  # fmt: skip

    def _attribuer(self, monde, carnet):
        services.allocate_carnets(
            campagne=carnet.campagne, structure=monde.prescripteur_structure, nombre=1, by=monde.financeur
        )

    def _annuler(self, monde, carnet):
        services.cancel_carnet(carnet=carnet, by=monde.financeur, motif="Perdu")

    @pytest.mark.parametrize(
        "actuel,vise",
        list(itertools.product(EtatCarnet.values, [EtatCarnet.ATTRIBUE, EtatCarnet.REMIS, EtatCarnet.ANNULE])),
    )
    def test_service_follows_the_table(self, monde, actuel, vise):
        carnet = carnet_en_etat(monde, actuel)
        go = {EtatCarnet.ATTRIBUE: self._attribuer, EtatCarnet.REMIS: self._remettre, EtatCarnet.ANNULE: self._annuler}
        if vise in TRANSITIONS_CARNET[actuel]:
            go[vise](monde, carnet)
            assert Carnet.objects.get(pk=carnet.pk).etat_code == vise
            return
        with pytest.raises(ValidationError) as exc:
            go[vise](monde, carnet)
        if vise != EtatCarnet.ATTRIBUE:  # l'attribution est en masse : « il ne reste que 0 carnet »
            _refus_nomme_les_deux_etats(exc, EtatCarnet, actuel, vise)
        assert Carnet.objects.get(pk=carnet.pk).etat_code == actuel

    def test_messages_keep_the_concrete_reason(self, monde):
        carnet = carnet_en_etat(monde, EtatCarnet.REMIS)
        with pytest.raises(ValidationError, match=r"Carnet n° 1 : déjà dans l'état « Remis ». Ce carnet a déjà été"):
            self._remettre(monde, carnet)


class TestReleve:
    SERVICES = {
        StatutReleve.VALIDE: lambda monde, r: services.validate_releve(releve=r, by=monde.financeur),
        StatutReleve.PAYE: lambda monde, r: services.mark_releve_paid(
            releve=r, by=monde.financeur, payment_reference="Mandat 1"
        ),
    }

    def test_no_service_goes_back_to_draft(self):
        assert all(StatutReleve.A_VALIDER not in suivants for suivants in TRANSITIONS_RELEVE.values())

    @pytest.mark.parametrize("actuel,vise", list(itertools.product(StatutReleve.values, SERVICES)))
    def test_service_follows_the_table(self, monde, actuel, vise):
        # Un relevé dans l'état voulu (sans chèque : seul l'état compte ici).
        releve = Releve.objects.create(
            campagne=monde.campagne, qualification=monde.qualification, mois=datetime.date(2026, 1, 1),
            nombre_cheques=0, montant=Decimal(0), statut=actuel,
            payment_reference="Mandat 0" if actuel == StatutReleve.PAYE else "",
        )  # fmt: skip
        if vise in TRANSITIONS_RELEVE[actuel]:
            self.SERVICES[vise](monde, releve)
            assert Releve.objects.get(pk=releve.pk).statut == vise
            return
        with pytest.raises(ValidationError) as exc:
            self.SERVICES[vise](monde, releve)
        _refus_nomme_les_deux_etats(exc, StatutReleve, actuel, vise)
        assert Releve.objects.get(pk=releve.pk).statut == actuel
