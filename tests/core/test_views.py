import pytest
from django.urls import reverse

from tests.comptes.factories import UserFactory


@pytest.mark.parametrize(
    "url_name, expected",
    [
        ("core:accueil", "Se faire aider avec le numérique"),
        ("core:accessibilite", "Déclaration d'accessibilité"),
        ("core:mentions_legales", "Mentions légales"),
        ("core:donnees_personnelles", "Combien de temps"),
        ("core:plan_du_site", "Plan du site"),
    ],
)
def test_public_pages_need_no_account(client, url_name, expected):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    assert expected in html
    assert '<html lang="fr"' in html
    assert 'href="#contenu"' in html  # lien d'évitement
    assert "Site de démonstration" in html  # MAILLAGE_DEMO vrai en test : bandeau « fictif »


def test_demo_banner_hidden_outside_demo(client, settings):
    settings.MAILLAGE_DEMO = False
    assert "Site de démonstration" not in client.get("/").content.decode()


def test_dashboard_requires_login(client):
    response = client.get(reverse("core:tableau_de_bord"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("comptes:login"))


def test_dashboard_lists_roles(client):
    from maillage.comptes.enums import Role
    from tests.comptes.factories import user_with_role

    user = user_with_role(Role.MEDIATEUR)
    client.force_login(user)
    html = client.get(reverse("core:tableau_de_bord")).content.decode()
    assert "Médiatrice ou médiateur numérique" in html
    assert user.memberships.get().structure.nom in html


def test_healthz_checks_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"statut": "ok", "base_de_donnees": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_unknown_page_is_a_french_404(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404


def test_unknown_page_for_logged_in_user_is_french(client):
    client.force_login(UserFactory())
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_admin_is_reachable_by_staff(client):
    client.force_login(UserFactory(staff=True))
    assert client.get("/admin/").status_code == 200


def test_accueil_offre_une_carte_par_public_avec_son_lien(client):
    html = client.get(reverse("core:accueil")).content.decode()
    connexion = reverse("comptes:login")
    for url, titre in [
        ("/lieux/", "Vous cherchez de l'aide"),
        (connexion, "Vous accueillez du public"),
        (connexion, "Vous êtes médiateur ou médiatrice numérique"),
        (connexion, "Vous coordonnez ou financez"),
        ("/diagnostic/", "Vous ne savez pas quoi demander"),
    ]:
        assert f'<h2 class="fr-card__title"><a href="{url}">{titre}</a></h2>' in html
    assert html.count('class="fr-card fr-enlarge-link"') == 5
    assert f'<a href="{reverse("pass_numerique:public")}">Le Pass numérique dans mon territoire' in html
