"""Le diagnostic est annoncé : lien depuis l'accueil, durées sur la page « Données personnelles »."""

from django.urls import reverse


def test_home_links_to_diagnostic(client):
    assert reverse("diagnostic:accueil") in client.get("/").content.decode()


def test_personal_data_page_states_30_days(client):
    html = client.get(reverse("core:donnees_personnelles")).content.decode()
    assert 'id="conservation-diagnostic"' in html and "30 jours" in html
