from django.urls import reverse

from maillage.aidants import services
from maillage.aidants.models import JournalAidant
from maillage.aidants.navigation import navigation
from tests.comptes.factories import UserFactory


class TestAdmin:
    def test_published_charter_cannot_be_changed_in_admin(self, client, charte):
        client.force_login(UserFactory(staff=True))
        url = reverse("admin:aidants_charteaidants_change", args=[charte.pk])
        response = client.post(url, {"titre": "Changée", "preambule": "x"})
        assert response.status_code == 403
        charte.refresh_from_db()
        assert charte.titre != "Changée"

    def test_draft_can_be_corrected_in_admin(self, client, territoire, coordinateur, charte):
        draft = services.create_brouillon(territoire=territoire, by=coordinateur, depuis=charte)
        client.force_login(UserFactory(staff=True))
        response = client.get(reverse("admin:aidants_charteaidants_change", args=[draft.pk]))
        assert response.status_code == 200 and 'name="titre"' in response.content.decode()

    def test_journal_is_read_only(self, client, gestionnaire, structure):
        services.add_aidant(
            by=gestionnaire, structure=structure, prenom="A", nom="B", statut="BENEVOLE", niveaux=["REPERER_ORIENTER"]
        )
        client.force_login(UserFactory(staff=True))
        assert client.get(reverse("admin:aidants_journalaidant_add")).status_code == 403
        assert JournalAidant.objects.count() == 2


class TestNavigation:
    def test_entries_follow_predicates(self, gestionnaire, coordinateur, aidant_user):
        def labels(u):
            return [e.libelle for e in navigation(u)]

        assert labels(gestionnaire) == ["Les aidants de ma structure"]
        assert labels(coordinateur) == ["Le réseau des aidants"]
        assert labels(aidant_user) == ["Mon profil d'aidant"]
        assert labels(UserFactory()) == []
