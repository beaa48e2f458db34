from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from maillage.aidants import selectors, services
from maillage.aidants.enums import AidantEvent, EtatCharte, EtatRapprochement, EtatSignature, MoyenSignature
from maillage.aidants.models import JournalAidant, ProfilAidant, Rapprochement
from maillage.comptes.enums import Role
from tests.aidants.factories import CharteFactory
from tests.comptes.factories import MembershipFactory, StructureFactory


def events(**filters):
    return list(JournalAidant.objects.filter(**filters).order_by("pk").values_list("event", flat=True))


def add(gestionnaire, structure, **kwargs):
    data = {"prenom": "Josiane", "nom": "Martin", "statut": "BENEVOLE", "niveaux": ["REPERER_ORIENTER"]}
    return services.add_aidant(by=gestionnaire, structure=structure, **{**data, **kwargs})


class TestAddAidant:
    def test_person_without_email_writes_created_and_attached(self, gestionnaire, structure):
        profil = add(gestionnaire, structure)
        assert profil.user is None and profil.email == ""
        assert events(profil=profil) == [AidantEvent.PROFIL_CREE, AidantEvent.RATTACHE]
        details = JournalAidant.objects.get(event=AidantEvent.PROFIL_CREE).details
        assert details["sans_email"] is True and "Josiane" not in str(details)

    def test_refuses_without_level(self, gestionnaire, structure):
        with pytest.raises(ValidationError, match="au moins un niveau"):
            add(gestionnaire, structure, niveaux=[])
        assert not ProfilAidant.objects.exists() and not JournalAidant.objects.exists()

    def test_refuses_under_16(self, gestionnaire, structure):
        with pytest.raises(ValidationError, match="à partir de 16 ans"):
            add(gestionnaire, structure, annee_naissance=timezone.localdate().year - 14)
        assert not ProfilAidant.objects.exists()

    def test_other_structure_gestionnaire_refused(self, structure):
        other = MembershipFactory(role=Role.GESTIONNAIRE).user
        with pytest.raises(PermissionDenied):
            add(other, structure)

    def test_same_name_and_year_in_territory_proposes_rapprochement(self, gestionnaire, structure, territoire):
        first = add(gestionnaire, structure, annee_naissance=1970)
        autre = StructureFactory(commune=structure.commune)
        g2 = MembershipFactory(role=Role.GESTIONNAIRE, structure=autre).user
        second = add(g2, autre, annee_naissance=1970, statut="MEDIATEUR")
        assert second.pk != first.pk
        r = Rapprochement.objects.get()
        assert (r.profil, r.profil_existant, r.etat) == (second, first, EtatRapprochement.PROPOSE)
        assert AidantEvent.RAPPROCHEMENT_PROPOSE in events(profil=second)

    def test_confirmed_rapprochement_merges_into_one_profile(self, gestionnaire, structure, territoire, coordinateur):
        first = add(gestionnaire, structure, annee_naissance=1970)
        autre = StructureFactory(commune=structure.commune)
        second = add(MembershipFactory(role=Role.GESTIONNAIRE, structure=autre).user, autre, annee_naissance=1970)
        r = Rapprochement.objects.get()
        with pytest.raises(PermissionDenied):
            services.decide_rapprochement(rapprochement=r, by=gestionnaire, confirme=True)
        services.decide_rapprochement(rapprochement=r, by=coordinateur, confirme=True)
        second.refresh_from_db()
        assert second.archived_at and second.fusionne_dans == first
        assert set(first.rattachements.filter(detached_at=None).values_list("structure", flat=True)) == {
            structure.pk,
            autre.pk,
        }
        assert events(event=AidantEvent.RAPPROCHEMENT_CONFIRME) == [AidantEvent.RAPPROCHEMENT_CONFIRME]
        with pytest.raises(ValidationError, match="déjà été examiné"):
            services.decide_rapprochement(rapprochement=r, by=coordinateur, confirme=False)


class TestProfil:
    def test_detach_and_archive_write_journal(self, gestionnaire, structure):
        profil = add(gestionnaire, structure)
        services.detach_rattachement(rattachement=profil.rattachements.get(), by=gestionnaire)
        # Détaché : la ou le gestionnaire n'a plus la main sur le profil.
        with pytest.raises(PermissionDenied):
            services.archive_profil(profil=profil, by=gestionnaire)
        assert events(profil=profil)[-1] == AidantEvent.DETACHE

    def test_archive(self, gestionnaire, structure):
        profil = add(gestionnaire, structure)
        services.archive_profil(profil=profil, by=gestionnaire)
        assert profil.archived_at and events(profil=profil)[-1] == AidantEvent.ARCHIVE

    def test_minor_cannot_open_public_verification(self, aidant_user, structure):
        profil = services.create_own_profil(
            user=aidant_user, structure=structure, statut="MEDIATEUR", niveaux=["REPERER_ORIENTER"], mineur=True
        )
        with pytest.raises(ValidationError, match="moins de 18 ans"):
            services.set_verification_publique(profil=profil, by=aidant_user, ouverte=True)

    def test_verification_opt_in_and_out_are_journaled(self, aidant_user, structure):
        profil = services.create_own_profil(
            user=aidant_user, structure=structure, statut="MEDIATEUR", niveaux=["REPERER_ORIENTER"]
        )
        services.set_verification_publique(profil=profil, by=aidant_user, ouverte=True)
        services.set_verification_publique(profil=profil, by=aidant_user, ouverte=False)
        assert events(profil=profil)[-2:] == [AidantEvent.VERIFICATION_OUVERTE, AidantEvent.VERIFICATION_FERMEE]


class TestCharte:
    def test_publish_supersedes_previous_and_journals(self, territoire, coordinateur, charte):
        v2 = services.create_brouillon(territoire=territoire, by=coordinateur, depuis=charte)
        assert v2.version == 2 and v2.engagements.count() == 3
        services.publish_charte(charte=v2, by=coordinateur)
        charte.refresh_from_db()
        assert charte.etat == EtatCharte.REMPLACEE and charte.superseded_at
        assert events(event=AidantEvent.CHARTE_PUBLIEE) == [AidantEvent.CHARTE_PUBLIEE]

    def test_published_version_is_frozen(self, coordinateur, charte):
        with pytest.raises(ValidationError, match="ne change plus"):
            services.add_engagement(charte=charte, by=coordinateur, texte="Nouveau", niveaux=[])
        with pytest.raises(ValidationError, match="ne peut pas devenir"):
            services.publish_charte(charte=charte, by=coordinateur)

    def test_empty_draft_cannot_be_published(self, territoire, coordinateur):
        draft = services.create_brouillon(territoire=territoire, by=coordinateur)
        with pytest.raises(ValidationError, match="sans engagement"):
            services.publish_charte(charte=draft, by=coordinateur)

    def test_gestionnaire_cannot_write_charter(self, territoire, gestionnaire):
        with pytest.raises(PermissionDenied):
            services.create_brouillon(territoire=territoire, by=gestionnaire)


class TestSignature:
    def test_online_signature_by_the_aidant(self, aidant_user, structure, territoire, charte):
        profil = services.create_own_profil(
            user=aidant_user, structure=structure, statut="MEDIATEUR", niveaux=["AIDER_URGENCE"]
        )
        services.sign_charte(profil=profil, charte=charte, by=aidant_user)
        assert selectors.etat_signature(profil, territoire) == EtatSignature.SIGNEE
        assert events(event=AidantEvent.SIGNE) == [AidantEvent.SIGNE]
        with pytest.raises(ValidationError, match="déjà signée"):
            services.sign_charte(profil=profil, charte=charte, by=aidant_user)

    def test_paper_signature_by_gestionnaire(self, gestionnaire, structure, territoire, charte):
        profil = add(gestionnaire, structure)
        s = services.sign_charte(profil=profil, charte=charte, by=gestionnaire, moyen=MoyenSignature.PAPIER)
        assert s.recueillie_par == gestionnaire
        with pytest.raises(ValidationError, match="futur"):
            services.sign_charte(
                profil=profil, charte=charte, by=gestionnaire, moyen=MoyenSignature.PAPIER,
                signed_on=timezone.localdate() + timedelta(days=1),
            )  # fmt: skip

    def test_cannot_sign_draft_or_superseded(self, gestionnaire, structure, territoire, coordinateur, charte):
        profil = add(gestionnaire, structure)
        draft = services.create_brouillon(territoire=territoire, by=coordinateur, depuis=charte)
        with pytest.raises(ValidationError, match="version publiée"):
            services.sign_charte(profil=profil, charte=draft, by=gestionnaire, moyen=MoyenSignature.PAPIER)
        services.publish_charte(charte=draft, by=coordinateur)
        charte.refresh_from_db()
        with pytest.raises(ValidationError, match="version publiée"):
            services.sign_charte(profil=profil, charte=charte, by=gestionnaire, moyen=MoyenSignature.PAPIER)

    def test_new_version_grace_period_then_to_resign(self, gestionnaire, structure, territoire, coordinateur, charte):
        profil = add(gestionnaire, structure)
        services.sign_charte(profil=profil, charte=charte, by=gestionnaire, moyen=MoyenSignature.PAPIER)
        services.set_delai_resignature(territoire=territoire, by=coordinateur, jours=30)
        v2 = services.create_brouillon(territoire=territoire, by=coordinateur, depuis=charte)
        services.publish_charte(charte=v2, by=coordinateur)
        assert selectors.etat_signature(profil, territoire) == EtatSignature.EN_DELAI
        with time_machine.travel(timezone.now() + timedelta(days=29)):
            assert selectors.etat_signature(profil, territoire) == EtatSignature.EN_DELAI
        with time_machine.travel(timezone.now() + timedelta(days=31)):
            assert selectors.etat_signature(profil, territoire) == EtatSignature.A_RESIGNER

    def test_added_level_pending_until_signed(self, aidant_user, structure, territoire, charte):
        profil = services.create_own_profil(
            user=aidant_user, structure=structure, statut="MEDIATEUR", niveaux=["REPERER_ORIENTER"]
        )
        services.sign_charte(profil=profil, charte=charte, by=aidant_user)
        services.update_niveaux(profil=profil, by=aidant_user, niveaux=["REPERER_ORIENTER", "AIDER_URGENCE"])
        assert profil.niveaux == ["REPERER_ORIENTER"] and profil.niveaux_en_attente == ["AIDER_URGENCE"]
        services.sign_charte(profil=profil, charte=charte, by=aidant_user)
        profil.refresh_from_db()
        assert profil.niveaux == ["REPERER_ORIENTER", "AIDER_URGENCE"] and profil.niveaux_en_attente == []
        assert events(profil=profil).count(AidantEvent.SIGNE) == 2

    def test_withdrawal(self, aidant_user, structure, territoire, charte):
        profil = services.create_own_profil(
            user=aidant_user, structure=structure, statut="MEDIATEUR", niveaux=["REPERER_ORIENTER"]
        )
        services.sign_charte(profil=profil, charte=charte, by=aidant_user)
        services.withdraw_signature(profil=profil, territoire=territoire, by=aidant_user)
        assert selectors.etat_signature(profil, territoire) == EtatSignature.NON_SIGNEE
        assert events(profil=profil)[-1] == AidantEvent.RETIRE


class TestJournal:
    def test_database_refuses_update_and_delete(self, gestionnaire, structure):
        add(gestionnaire, structure)
        from django.db import connection

        for sql in ("UPDATE aidants_journalaidant SET event = 'X'", "DELETE FROM aidants_journalaidant"):
            with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql)

    def test_other_territory_charter_untouched(self, coordinateur):
        other = CharteFactory()
        with pytest.raises(PermissionDenied):
            services.create_brouillon(territoire=other.territoire, by=coordinateur)
