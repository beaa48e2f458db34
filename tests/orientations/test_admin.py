from django.urls import reverse

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
