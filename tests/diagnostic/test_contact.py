"""« Qu'un lieu me contacte » : avec accord seulement, vers la structure du lieu, effacé après 30 jours."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from maillage.comptes.enums import Role
from maillage.diagnostic.etat import Etat
from maillage.diagnostic.models import DemandeContact, DemandeEffacee
from maillage.diagnostic.services import effacer_demande_contact, effacer_fiches_expirees
from tests.comptes.factories import user_with_role

ETAT = Etat().repondre("ARNAQUES", "NON")


def _url(lieu):
    return reverse("diagnostic:contact", args=[lieu.public_id])


class TestDemande:
    def test_result_offers_contact_for_places_receiving_by_maillage(self, client, lieux):
        html = client.get(reverse("diagnostic:resultat"), {"etat": ETAT.jeton(), "ou": "Angers"}).content.decode()
        assert _url(lieux["securite"]) in html

    def test_without_consent_nothing_stored(self, client, lieux):
        response = client.post(_url(lieux["securite"]), {"etat": ETAT.jeton(), "prenom": "Lina", "contact": "0600"})
        assert "cochez la case" in response.content.decode()
        assert DemandeContact.objects.count() == 0

    def test_with_consent_stored_and_structure_notified_without_personal_data(
        self, client, lieux, django_capture_on_commit_callbacks
    ):
        mediateur = user_with_role(Role.MEDIATEUR, structure=lieux["securite"].structure)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                _url(lieux["securite"]),
                {"etat": ETAT.jeton(), "prenom": "Lina", "contact": "06 00 00 00 00", "consenti": "on"},
            )
        assert "Votre demande est envoyée" in response.content.decode()
        demande = DemandeContact.objects.get()
        assert demande.services == ["USAGE_SECURISE"] and demande.consentement_version == "2026-11"
        assert (demande.expires_at - demande.created_at).days == 30
        assert [m.to for m in mail.outbox] == [[mediateur.email]]
        assert "Lina" not in mail.outbox[0].body and "06 00" not in mail.outbox[0].body

    def test_draft_place_is_404(self, client, lieux):
        assert client.get(_url(lieux["brouillon"]), {"etat": ETAT.jeton()}).status_code == 404


class TestBoite:
    @pytest.fixture
    def demande(self, lieux):
        return DemandeContact.objects.create(
            lieu=lieux["securite"], services=["USAGE_SECURISE"], prenom="Lina", contact="0600",
            consentement_version="2026-11", consentement_at=timezone.now(),
        )  # fmt: skip

    def test_structure_sees_and_handles(self, client, demande):
        client.force_login(user_with_role(Role.MEDIATEUR, structure=demande.lieu.structure))
        assert "Lina" in client.get(reverse("diagnostic:demandes")).content.decode()
        client.post(reverse("diagnostic:traiter", args=[demande.public_id]))
        demande.refresh_from_db()
        assert demande.traitee_at is not None

    def test_other_structure_gets_404(self, client, demande):
        client.force_login(user_with_role(Role.MEDIATEUR))
        assert "Lina" not in client.get(reverse("diagnostic:demandes")).content.decode()
        assert client.post(reverse("diagnostic:traiter", args=[demande.public_id])).status_code == 404

    def test_prescriber_only_gets_403(self, client, demande):
        client.force_login(user_with_role(Role.PRESCRIPTEUR, structure=demande.lieu.structure))
        assert client.get(reverse("diagnostic:demandes")).status_code == 403

    def test_deleted_after_30_days(self, demande):
        assert effacer_fiches_expirees(now=timezone.now() + timedelta(days=29)) == 0
        assert effacer_fiches_expirees(now=timezone.now() + timedelta(days=31)) == 1
        assert DemandeContact.objects.count() == 0


class TestEffacement:
    @pytest.fixture
    def demande(self, lieux):
        return DemandeContact.objects.create(
            lieu=lieux["securite"], services=["USAGE_SECURISE"], prenom="Lina", contact="06 12 34 56 78",
            consentement_version="2026-11", consentement_at=timezone.now(),
        )  # fmt: skip

    def test_structure_confirms_then_erases_every_copy(self, client, demande):
        mediatrice = user_with_role(Role.MEDIATEUR, structure=demande.lieu.structure)
        client.force_login(mediatrice)
        url = reverse("diagnostic:effacer", args=[demande.public_id])
        assert url in client.get(reverse("diagnostic:demandes")).content.decode()
        confirmation = client.get(url).content.decode()
        assert "Oui, effacer la demande" in confirmation and DemandeContact.objects.count() == 1
        response = client.post(url, follow=True)
        assert "Demande effacée" in response.content.decode()
        assert DemandeContact.objects.count() == 0
        trace = DemandeEffacee.objects.get()
        assert (trace.lieu, trace.effacee_par) == (demande.lieu, mediatrice)
        valeurs = " ".join(str(v) for v in DemandeEffacee.objects.values().get().values())
        assert "Lina" not in valeurs and "06 12" not in valeurs and "USAGE" not in valeurs

    def test_other_structure_404_and_service_refuses(self, client, demande):
        autre = user_with_role(Role.MEDIATEUR)
        client.force_login(autre)
        assert client.post(reverse("diagnostic:effacer", args=[demande.public_id])).status_code == 404
        with pytest.raises(ValidationError, match="Seule la structure"):
            effacer_demande_contact(demande=demande, by=autre)
        assert DemandeContact.objects.count() == 1 and DemandeEffacee.objects.count() == 0
