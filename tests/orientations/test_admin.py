from django.urls import reverse

from maillage.orientations import services
from maillage.orientations.models import Orientation, OrientationJournal
from tests.comptes.factories import UserFactory
from tests.orientations.factories import OrientationFactory


def test_admin_never_shows_the_person(client):
    orientation = OrientationFactory(
        personne_prenom="Josiane", personne_contact="06 12 34 56 78", contact_consenti=True, message="Très inquiète"
    )
    client.force_login(UserFactory(staff=True))
    page = client.get(reverse("admin:orientations_orientation_change", args=[orientation.pk])).content.decode()
    assert orientation.lieu.nom in page  # la page s'affiche bien
    assert "Josiane" not in page and "06 12 34 56 78" not in page and "inquiète" not in page


def test_admin_never_shows_the_free_texts_about_the_person(client):
    orientation = OrientationFactory(echeance_motif="RSA de Josiane", statut="REFUSEE", motif_refus="AUTRE",
                                     motif_refus_precision="Josiane habite loin")  # fmt: skip
    client.force_login(UserFactory(staff=True))
    page = client.get(reverse("admin:orientations_orientation_change", args=[orientation.pk])).content.decode()
    assert orientation.lieu.nom in page and "Josiane" not in page


class TestPreuvesEnLectureSeule:
    """Orientations, journal et textes de consentement lus aux personnes : consultables, jamais modifiés ni
    supprimés depuis l'admin, même par une personne super-administratrice."""

    def _objets(self):
        orientation = OrientationFactory()
        services.accept_orientation(orientation=orientation, by=orientation.prescripteur)
        return [
            ("orientations_orientation", Orientation.objects.get(pk=orientation.pk), {"statut": "CLOSE"}),
            ("orientations_orientationjournal", OrientationJournal.objects.get(), {"event": "CLOSED"}),
            ("core_texteconsentement", orientation.consentement, {"texte": "Autre texte"}),
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
            assert "delete_selected" not in client.get(reverse(f"admin:{name}_changelist")).content.decode()
            assert type(obj).objects.filter(pk=obj.pk).exists()
