from django.urls import reverse

from maillage.accompagnements import services
from maillage.accompagnements.models import Accompagnement, BeneficiaireJournal
from tests.accompagnements.factories import AccompagnementFactory, BeneficiaireFactory
from tests.comptes.factories import UserFactory


def test_admin_never_shows_the_followed_person_nor_the_notes(client):
    accompagnement = AccompagnementFactory(notes="Notes confidentielles de la séance")
    person = BeneficiaireFactory(prenom="Huguette", nom="Delacroix", suivi_par=accompagnement.structure)
    accompagnement.beneficiaire = person
    accompagnement.save()
    client.force_login(UserFactory(staff=True))
    url = reverse("admin:accompagnements_accompagnement_change", args=[accompagnement.pk])
    page = client.get(url).content.decode()
    assert accompagnement.get_type_display() in page  # la page s'affiche bien
    assert "Delacroix" not in page and "Huguette" not in page and "confidentielles" not in page


class TestPreuvesEnLectureSeule:
    """Un accompagnement prouve l'activité sur laquelle reposent les financements ; le journal prouve qui a fait
    quoi : même une personne super-administratrice ne les modifie ni ne les supprime depuis l'admin."""

    def _objets(self):
        accompagnement = AccompagnementFactory(duree=30)
        person = BeneficiaireFactory(prenom="Huguette", nom="Delacroix", suivi_par=accompagnement.structure)
        services.log_read(beneficiaire=person, by=accompagnement.mediateur)
        return [
            ("accompagnements_accompagnement", accompagnement, {"duree": "600"}),
            ("accompagnements_beneficiairejournal", BeneficiaireJournal.objects.get(), {"event": "EXPORTED"}),
        ]

    def test_superuser_change_post_is_refused_and_nothing_changes(self, client):
        client.force_login(UserFactory(staff=True))
        for name, obj, data in self._objets():
            url = reverse(f"admin:{name}_change", args=[obj.pk])
            page = client.get(url)
            assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
            assert client.post(url, data).status_code == 403
            before = {k: getattr(obj, k) for k in data}
            obj.refresh_from_db()
            assert {k: getattr(obj, k) for k in data} == before

    def test_superuser_is_not_offered_delete(self, client):
        client.force_login(UserFactory(staff=True))
        for name, obj, _data in self._objets():
            delete_url = reverse(f"admin:{name}_delete", args=[obj.pk])
            assert delete_url not in client.get(reverse(f"admin:{name}_change", args=[obj.pk])).content.decode()
            assert client.post(delete_url, {"post": "yes"}).status_code == 403
            changelist = client.get(reverse(f"admin:{name}_changelist")).content.decode()
            assert "delete_selected" not in changelist
            assert type(obj).objects.filter(pk=obj.pk).exists()
        assert Accompagnement.objects.count() == 1

    def test_journal_admin_never_shows_the_followed_person(self, client):
        client.force_login(UserFactory(staff=True))
        self._objets()
        journal = BeneficiaireJournal.objects.get()
        for url in (
            reverse("admin:accompagnements_beneficiairejournal_changelist"),
            reverse("admin:accompagnements_beneficiairejournal_change", args=[journal.pk]),
        ):
            page = client.get(url).content.decode()
            assert "Huguette" not in page and "Delacroix" not in page
