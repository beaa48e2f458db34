from django.urls import reverse

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
