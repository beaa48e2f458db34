"""Services du Pass numérique : chaque écriture, ses refus (un message chacun) et ses lignes de registre."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from maillage.pass_numerique import codes, services
from maillage.pass_numerique.enums import MotifRefus, StatutCampagne, StatutQualification, StatutReleve, TypeMouvement
from maillage.pass_numerique.models import Avoir, Campagne, Carnet, Cheque, Mouvement, QualificationPass, Releve
from tests.comptes.factories import StructureFactory
from tests.lieux.factories import LieuFactory
from tests.pass_numerique.factories import (
    IBAN_VALIDE,
    SIRET_VALIDE,
    QualificationPassFactory,
    campagne_kwargs,
    charte,
    service,
)


def _types(campagne):
    return list(Mouvement.objects.filter(campagne=campagne).values_list("type", flat=True))


class TestQualification:
    def _apply(self, monde, **overrides):
        lieu = overrides.pop("lieu", None) or LieuFactory(structure=monde.lieu.structure)
        data = dict(
            lieu=lieu, territoire=monde.territoire, siret=SIRET_VALIDE, titulaire_compte="Asso",
            iban="FR76 3000 6000 0112 3456 7890 189", offres={service("atelier-collectif"): 1}, charte=charte(),
            charte_acceptee=True, by=monde.gestionnaire,
        )  # fmt: skip
        data.update(overrides)
        return services.apply_qualification(**data)

    def test_apply_creates_pending_qualification_with_normalized_iban(self, monde):
        q = self._apply(monde)
        assert q.statut == StatutQualification.EN_ATTENTE
        assert q.iban == IBAN_VALIDE
        assert q.charte.version == "1.0"
        assert list(q.offres.values_list("service__code", "prix_cheques")) == [("atelier-collectif", 1)]
        journal = list(q.journal.values_list("statut", "actor", "details"))
        assert journal == [
            ("EN_ATTENTE", monde.gestionnaire.pk,
             {"charte": "1.0", "services": {"atelier-collectif": 1}, "siret": SIRET_VALIDE, "iban_fin": "0189"})
        ]  # fmt: skip

    @pytest.mark.parametrize(
        "field,value,message",
        [
            ("siret", "73282932000075", "clé de contrôle ne correspond pas"),
            ("siret", "1234", "14 chiffres"),
            ("iban", "FR7630006000011234567890188", "IBAN n'est pas valide : sa clé de contrôle"),
            ("iban", "XX12", "vérifiez le code pays"),
            ("charte_acceptee", False, "accepter la charte"),
            ("offres", {}, "au moins un service"),
        ],
    )
    def test_bad_input_has_its_own_message_and_writes_nothing(self, monde, field, value, message):
        before = QualificationPass.objects.count()
        with pytest.raises(ValidationError) as exc:
            self._apply(monde, **{field: value})
        assert message in " ".join(exc.value.messages)
        assert QualificationPass.objects.count() == before

    def test_same_place_cannot_apply_twice_unless_withdrawn(self, monde):
        with pytest.raises(ValidationError, match="déjà une demande"):
            self._apply(monde, lieu=monde.lieu)
        services.decide_qualification(
            qualification=monde.qualification, statut=StatutQualification.RETIREE, by=monde.financeur, motif="Fermé"
        )
        q = self._apply(monde, lieu=monde.lieu)
        assert q.pk == monde.qualification.pk and q.statut == StatutQualification.EN_ATTENTE

    def test_transitions_and_motif_required(self, monde):
        q = monde.qualification
        with pytest.raises(ValidationError, match="motif"):
            services.decide_qualification(qualification=q, statut=StatutQualification.SUSPENDUE, by=monde.financeur)
        services.decide_qualification(
            qualification=q, statut=StatutQualification.SUSPENDUE, by=monde.coordination, motif="Contrôle"
        )
        q.refresh_from_db()
        assert q.statut == StatutQualification.SUSPENDUE and q.decided_by == monde.coordination
        assert list(q.journal.values_list("statut", "actor", "motif")) == [
            ("SUSPENDUE", monde.coordination.pk, "Contrôle")
        ]  # l'échec (motif manquant) n'a rien écrit
        with pytest.raises(ValidationError, match="déjà dans l'état « Suspendue »"):
            services.decide_qualification(
                qualification=q, statut=StatutQualification.SUSPENDUE, by=monde.financeur, motif="x"
            )


class TestCampagne:
    def _create(self, monde, **overrides):
        cofs = overrides.pop("cofinancements", [(monde.financeur_structure, Decimal("100"))])
        svcs = overrides.pop("services", [service()])
        return services.create_campagne(
            territoire=monde.territoire, **campagne_kwargs(**overrides), services=svcs, lieux=[],
            cofinancements=cofs, by=monde.financeur,
        )  # fmt: skip

    @pytest.mark.parametrize(
        "overrides,field,message",
        [
            ({"starts_on": datetime.date(2026, 6, 1), "ends_on": datetime.date(2026, 5, 1)}, "ends_on", "est avant la date de début"),
            ({"budget": Decimal("199.99")}, "budget", "ne couvre pas la valeur des chèques"),
            ({"cofinancements": "parts"}, "cofinancements", "doivent faire 100 %"),
            ({"services": []}, "services", "au moins un service"),
            ({"nombre_carnets": 0}, "nombre_carnets", "de 1 à"),
        ],
    )  # fmt: skip
    def test_inconsistent_campaign_refused_with_own_message(self, monde, overrides, field, message):
        if overrides.get("cofinancements") == "parts":
            overrides["cofinancements"] = [
                (monde.financeur_structure, Decimal("60")),
                (monde.cofinanceur_structure, Decimal("30")),
            ]
        before = Campagne.objects.count()
        with pytest.raises(ValidationError) as exc:
            self._create(monde, **overrides)
        assert message in " ".join(exc.value.message_dict[field])
        assert Campagne.objects.count() == before

    def test_generation_creates_booklets_valid_unique_codes_and_one_ledger_entry(self, monde):
        c = monde.campagne
        assert c.statut == StatutCampagne.GENEREE
        assert Carnet.objects.filter(campagne=c).count() == 4
        all_codes = list(Cheque.objects.filter(campagne=c).values_list("code", flat=True))
        assert len(all_codes) == len(set(all_codes)) == 20
        assert all(codes.is_valid(x) for x in all_codes)
        emission = Mouvement.objects.get(campagne=c, type=TypeMouvement.EMISSION)
        assert (emission.quantite, emission.montant, emission.actor) == (20, Decimal("200.00"), monde.financeur)

    def test_generation_only_once(self, monde):
        with pytest.raises(ValidationError, match="déjà été générés"):
            services.generate_carnets(campagne=monde.campagne, by=monde.financeur)
        assert Cheque.objects.filter(campagne=monde.campagne).count() == 20


class TestDistribution:
    def test_allocation_takes_first_free_numbers_and_writes_ledger(self, monde):
        assert set(Carnet.objects.filter(structure=monde.prescripteur_structure).values_list("numero", flat=True)) == {
            1,
            2,
            3,
        }
        lo, hi = services.allocate_carnets(
            campagne=monde.campagne, structure=monde.prescripteur_structure, nombre=1, by=monde.coordination
        )
        assert (lo, hi) == (4, 4)
        m = Mouvement.objects.filter(type=TypeMouvement.ALLOCATION).last()
        assert m.details == {"nombre_carnets": 1, "du_numero": 4, "au_numero": 4} and m.quantite == 5

    def test_allocation_beyond_stock_refused(self, monde):
        with pytest.raises(ValidationError, match="Il ne reste que 1 carnet"):
            services.allocate_carnets(
                campagne=monde.campagne, structure=monde.prescripteur_structure, nombre=2, by=monde.financeur
            )

    def test_allocation_of_a_huge_number_refused_with_the_remaining_stock(self, monde):
        with pytest.raises(ValidationError, match="Il ne reste que 1 carnet"):
            services.allocate_carnets(
                campagne=monde.campagne, structure=monde.prescripteur_structure, nombre=10**23, by=monde.financeur
            )

    def test_allocation_to_structure_outside_territory_refused(self, monde):
        with pytest.raises(ValidationError, match="pas sur le territoire"):
            services.allocate_carnets(
                campagne=monde.campagne, structure=StructureFactory(), nombre=1, by=monde.financeur
            )

    def test_hand_out_records_no_name_and_one_ledger_entry(self, monde):
        carnet = services.hand_out_carnet(
            carnet=monde.carnet(3), by=monde.prescripteur, tranche_age="PLUS_70", commune=monde.territoire.communes.first(),
            situation="RETRAITE", besoin="DEMARCHES",
        )  # fmt: skip
        assert carnet.handed_out_at and carnet.handed_out_by == monde.prescripteur
        m = Mouvement.objects.get(type=TypeMouvement.DISTRIBUTION, carnet=carnet)
        assert set(m.details) == {"tranche_age", "commune", "situation", "besoin"}
        with pytest.raises(ValidationError, match="déjà été remis"):
            services.hand_out_carnet(
                carnet=carnet,
                by=monde.prescripteur,
                tranche_age="PLUS_70",
                commune=None,
                situation="RETRAITE",
                besoin="DEMARCHES",
            )

    def test_cannot_hand_out_unallocated_booklet(self, monde):
        with pytest.raises(ValidationError, match="attribué à aucune structure"):
            services.hand_out_carnet(
                carnet=monde.carnet(4),
                by=monde.prescripteur,
                tranche_age="PLUS_70",
                commune=None,
                situation="AUTRE",
                besoin="AUTRE",
            )

    def test_cancel_refuses_remaining_vouchers(self, monde):
        first = monde.codes(1)[0]
        monde.redeem(first)
        n = services.cancel_carnet(carnet=monde.carnet(1), by=monde.prescripteur, motif="Volé")
        assert n == 4
        m = Mouvement.objects.get(type=TypeMouvement.ANNULATION)
        assert (m.quantite, m.montant, m.motif) == (4, Decimal("40.00"), "Volé")
        with pytest.raises(services.EncaissementRefuse) as exc:
            monde.redeem(monde.codes(1)[1])
        assert exc.value.motif == MotifRefus.ANNULE
        with pytest.raises(ValidationError, match="déjà annulé"):
            services.cancel_carnet(carnet=monde.carnet(1), by=monde.prescripteur, motif="Volé")


class TestEncaissement:
    def test_success_writes_state_and_one_ledger_entry(self, monde):
        code = monde.codes(1)[0]
        cheque = monde.redeem(codes.format_code(code).lower())
        cheque.refresh_from_db()
        assert cheque.redeemed_at and cheque.lieu == monde.lieu and cheque.service.code == "atelier-collectif"
        assert Carnet.objects.get(pk=cheque.carnet_id).first_used_at == cheque.redeemed_at
        m = Mouvement.objects.get(type=TypeMouvement.ENCAISSEMENT)
        assert (m.cheque, m.lieu, m.actor, m.montant) == (cheque, monde.lieu, monde.mediateur, Decimal("10.00"))

    def test_every_redemption_writes_its_own_ledger_entry_even_in_a_started_booklet(self, monde):
        for code in monde.codes(1):
            monde.redeem(code)
        entries = Mouvement.objects.filter(type=TypeMouvement.ENCAISSEMENT, carnet=monde.carnet(1))
        assert entries.count() == 5
        assert set(entries.values_list("cheque__code", flat=True)) == set(monde.codes(1))

    def _refus(self, monde, code, **kwargs):
        before = Mouvement.objects.count()
        with pytest.raises(services.EncaissementRefuse) as exc:
            monde.redeem(code, **kwargs)
        assert Mouvement.objects.count() == before  # rien d'écrit
        return exc.value

    def test_each_refusal_has_its_own_message(self, monde):
        code = monde.codes(1)[0]
        messages = {}
        r = self._refus(monde, "ABC")
        messages[r.motif + "-longueur"] = r.message
        typo = code[:3] + ("X" if code[3] != "X" else "Y") + code[4:]
        r = self._refus(monde, typo)
        assert r.motif == MotifRefus.CLE_FAUSSE and "caractère semble mal saisi" in r.message
        messages[r.motif] = r.message
        body = "23456789ABCDEF"
        r = self._refus(monde, body + codes.check_character(body))
        assert r.motif == MotifRefus.CODE_INCONNU and "aucun chèque" in r.message
        messages[r.motif] = r.message
        autre_lieu = QualificationPassFactory(territoire=monde.territoire).lieu  # en attente : pas qualifié
        r = self._refus(monde, code, lieu=autre_lieu)
        assert r.motif == MotifRefus.LIEU_NON_QUALIFIE
        messages[r.motif] = r.message
        r = self._refus(monde, code, service_code="smartphone")  # éligible à la campagne, pas proposé par le lieu
        assert r.motif == MotifRefus.SERVICE_NON_ELIGIBLE
        r2 = self._refus(monde, code, service_code="accompagnement-individuel")  # proposé, pas éligible
        assert r2.motif == MotifRefus.SERVICE_NON_ELIGIBLE
        messages[r.motif] = r.message
        monde.redeem(code)
        r = self._refus(monde, code)
        assert r.motif == MotifRefus.DEJA_ENCAISSE and "déjà été encaissé le" in r.message
        messages[r.motif] = r.message
        services.cancel_carnet(carnet=monde.carnet(2), by=monde.prescripteur, motif="Perdu")
        r = self._refus(monde, monde.codes(2)[0])
        assert r.motif == MotifRefus.ANNULE
        messages[r.motif] = r.message
        assert len(set(messages.values())) == len(messages) == 7

    def test_campaign_dates_and_tolerance(self, monde):
        c = monde.campagne
        code = monde.codes(1)[0]
        with time_machine.travel(c.starts_on - datetime.timedelta(days=1)):
            assert self._refus(monde, code).motif == MotifRefus.CAMPAGNE_INACTIVE
        with time_machine.travel(
            datetime.datetime.combine(c.ends_on + datetime.timedelta(days=31), datetime.time(12))
        ):
            r = self._refus(monde, code)
            assert r.motif == MotifRefus.CAMPAGNE_INACTIVE and "a expiré" in r.message
        with time_machine.travel(
            datetime.datetime.combine(c.ends_on + datetime.timedelta(days=30), datetime.time(12))
        ):
            assert monde.redeem(code).redeemed_at  # dans la tolérance

    def test_suspended_place_refused(self, monde):
        services.decide_qualification(
            qualification=monde.qualification, statut=StatutQualification.SUSPENDUE, by=monde.financeur, motif="x"
        )
        assert self._refus(monde, monde.codes(1)[0]).motif == MotifRefus.LIEU_NON_QUALIFIE

    def test_place_not_in_restricted_campaign_list_refused(self, monde):
        autre = QualificationPassFactory(approuvee=True, territoire=monde.territoire)
        monde.campagne.lieux_eligibles.set([autre.lieu])
        assert self._refus(monde, monde.codes(1)[0]).motif == MotifRefus.LIEU_NON_QUALIFIE

    def test_failed_attempts_are_rate_limited_per_account_and_ip(self, monde):
        for i in range(services.RATE_LIMIT_USER):
            self._refus(monde, f"ZZZZZ{i}", ip=f"10.0.0.{i}")
        r = self._refus(monde, monde.codes(1)[0], ip="10.0.1.1")
        assert r.motif == MotifRefus.TROP_D_ESSAIS and "attendez 15 minutes" in r.message
        # Un autre compte, depuis une autre adresse, n'est pas bloqué.
        other = monde.gestionnaire
        assert monde.redeem(monde.codes(1)[0], by=other, ip="10.0.2.2").redeemed_at

    def test_rate_limit_per_ip(self, monde):
        for i in range(services.RATE_LIMIT_IP):
            by = monde.mediateur if i % 2 else monde.gestionnaire
            if i >= 2 * services.RATE_LIMIT_USER - 2:
                break
            self._refus(monde, "ZZZ", by=by, ip="10.9.9.9")
        assert not services.is_rate_limited(user_id=monde.coordination.pk, ip="10.9.9.8")
        for _ in range(services.RATE_LIMIT_IP):
            services._record_failure(user_id=0, ip="10.9.9.7")
        assert services.is_rate_limited(user_id=monde.coordination.pk, ip="10.9.9.7")


class TestCorrection:
    def test_correction_is_a_new_entry_and_voucher_usable_again(self, monde):
        cheque = monde.redeem(monde.codes(1)[0])
        with pytest.raises(ValidationError, match="pourquoi"):
            services.correct_encaissement(cheque=cheque, by=monde.financeur, motif=" ")
        m = services.correct_encaissement(cheque=cheque, by=monde.financeur, motif="Mauvais chèque scanné")
        origine = Mouvement.objects.get(type=TypeMouvement.ENCAISSEMENT)
        assert (m.type, m.corrige, m.montant, m.quantite) == (TypeMouvement.CORRECTION, origine, Decimal("-10.00"), -1)
        cheque.refresh_from_db()
        assert cheque.redeemed_at is None
        assert monde.redeem(cheque.code).redeemed_at
        assert _types(monde.campagne)[-3:] == ["ENCAISSEMENT", "CORRECTION", "ENCAISSEMENT"]


class TestReleves:
    def test_monthly_statement_validated_then_paid(self, monde):
        c = monde.campagne
        mois = timezone.localdate().replace(day=1)
        with time_machine.travel(
            datetime.datetime.combine(c.starts_on, datetime.time(10), tzinfo=timezone.get_current_timezone())
        ):
            for code in monde.codes(1)[:3]:
                monde.redeem(code)
            mois = timezone.localdate()
        with pytest.raises(ValidationError, match="une fois le mois terminé"):
            services.build_releves(mois=timezone.localdate())
        next_month = (mois.replace(day=28) + datetime.timedelta(days=5)).replace(day=2)
        with time_machine.travel(
            datetime.datetime.combine(next_month, datetime.time(9), tzinfo=timezone.get_current_timezone())
        ):
            releves = services.build_releves(mois=mois, campagne=c)
            assert len(releves) == 1
            r = releves[0]
            assert (r.nombre_cheques, r.montant, r.statut) == (3, Decimal("30.00"), StatutReleve.A_VALIDER)
            assert services.build_releves(mois=mois) == []  # idempotent : plus rien à relever
            with pytest.raises(ValidationError, match="Validez d'abord"):
                services.mark_releve_paid(releve=r, by=monde.financeur, payment_reference="M-1")
            services.validate_releve(releve=r, by=monde.financeur)
            with pytest.raises(ValidationError, match="référence du paiement"):
                services.mark_releve_paid(releve=r, by=monde.financeur, payment_reference="  ")
            services.mark_releve_paid(releve=r, by=monde.financeur, payment_reference="Mandat 2026-0042")
            r.refresh_from_db()
            assert r.statut == StatutReleve.PAYE and r.payment_reference == "Mandat 2026-0042"
            # Un chèque relevé ne se corrige plus directement.
            with pytest.raises(ValidationError, match="figure déjà sur un relevé"):
                services.correct_encaissement(cheque=r.cheques.first(), by=monde.financeur, motif="x")
        assert _types(c)[-2:] == ["RELEVE_VALIDE", "RELEVE_PAYE"]
        assert Releve.objects.count() == 1

    def test_statement_of_a_month_before_any_campaign_refused(self, monde):
        with pytest.raises(ValidationError, match="trop ancien"):
            services.build_releves(mois=datetime.date(1, 1, 1), campagne=monde.campagne)
        assert not Releve.objects.exists()


class TestCloture:
    def test_credit_notes_split_unused_by_share_exactly(self, monde):
        for code in monde.codes(1)[:3]:
            monde.redeem(code)
        cloture = services.close_campagne(campagne=monde.campagne, by=monde.financeur)
        assert cloture.cheques_inutilises == 17
        montants = {a.financeur_id: a.montant for a in Avoir.objects.filter(campagne=monde.campagne)}
        assert montants == {
            monde.financeur_structure.pk: Decimal("119.00"),
            monde.cofinanceur_structure.pk: Decimal("51.00"),
        }
        assert sum(montants.values()) == Decimal("170.00")
        assert _types(monde.campagne)[-2:] == ["AVOIR", "AVOIR"]
        r = None
        with pytest.raises(services.EncaissementRefuse) as exc:
            monde.redeem(monde.codes(1)[3])
        r = exc.value
        assert r.motif == MotifRefus.CAMPAGNE_INACTIVE and "close" in r.message
        with pytest.raises(ValidationError, match="Seule une campagne en cours"):
            services.close_campagne(campagne=monde.campagne, by=monde.financeur)

    def test_rounding_goes_to_last_funder(self, monde):
        campagne = services.create_campagne(
            territoire=monde.territoire, **campagne_kwargs(nombre_carnets=1, cheques_par_carnet=1, valeur_cheque=Decimal("0.10"), budget=Decimal("1")),
            services=[service()], lieux=[], by=monde.financeur,
            cofinancements=[(monde.financeur_structure, Decimal("33.33")), (monde.cofinanceur_structure, Decimal("66.67"))],
        )  # fmt: skip
        services.generate_carnets(campagne=campagne, by=monde.financeur)
        cloture = services.close_campagne(campagne=campagne, by=monde.financeur)
        assert sum(a.montant for a in cloture.avoirs) == Decimal("0.10")


class TestCommandeReleves:
    def test_command_builds_previous_month_and_refuses_bad_month(self, monde):
        from io import StringIO

        from django.core.management import CommandError, call_command

        tz = timezone.get_current_timezone()
        with time_machine.travel(datetime.datetime.combine(monde.campagne.starts_on, datetime.time(10), tzinfo=tz)):
            monde.redeem(monde.codes(1)[0])
            mois = timezone.localdate().replace(day=1)
        next_month = (mois + datetime.timedelta(days=40)).replace(day=1)
        with time_machine.travel(datetime.datetime.combine(next_month, datetime.time(6), tzinfo=tz)):
            out = StringIO()
            call_command("releves_pass", stdout=out)
            assert "1 relevé(s) établi(s)" in out.getvalue() and "10.00 €" in out.getvalue()
            with pytest.raises(CommandError, match="AAAA-MM"):
                call_command("releves_pass", mois="mars")


class TestSaisiesQuelconques:
    @hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(raw=st.text(max_size=40))
    def test_any_typed_text_is_refused_with_a_reason_never_a_crash(self, monde, raw):
        try:
            services.check_cheque(raw_code=raw, lieu=monde.lieu, service=service())
        except services.EncaissementRefuse as refus:
            assert refus.motif in (MotifRefus.CODE_INCONNU, MotifRefus.CLE_FAUSSE) and refus.message
        else:  # pragma: no cover — un texte aléatoire qui tomberait sur un vrai code
            raise AssertionError(f"code accepté par hasard : {raw!r}")
