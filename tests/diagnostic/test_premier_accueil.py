"""Kit de premier accueil : qui l'ouvre, trois lieux avec horaires en mots, fiche, repérage anonyme."""

import pytest
from django.urls import reverse

from maillage.comptes.enums import Role
from maillage.diagnostic.models import Reperage
from maillage.diagnostic.navigation import navigation
from maillage.diagnostic.permissions import can_use_premier_accueil
from tests.comptes.factories import user_with_role

URL = reverse("diagnostic:premier_accueil")


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.PRESCRIPTEUR, True),
        (Role.MEDIATEUR, True),
        (Role.AIDANT, True),
        (Role.COORDINATEUR, True),
        (Role.GESTIONNAIRE, False),
        (Role.COMMANDITAIRE, False),
    ],
)
def test_role_matrix(client, role, allowed):
    user = user_with_role(role)
    assert can_use_premier_accueil(user) is allowed
    assert any(e.url_name == "diagnostic:premier_accueil" for e in navigation(user)) is allowed
    client.force_login(user)
    assert client.get(URL).status_code == (200 if allowed else 403)


def test_anonymous_is_sent_to_login_but_sees_public_entry(client, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert client.get(URL).status_code == 302
    assert [e.url_name for e in navigation(AnonymousUser())] == ["diagnostic:accueil"]


class TestFiche:
    @pytest.fixture
    def agent(self, client, lieux):
        user = user_with_role(Role.PRESCRIPTEUR, structure=lieux["demarches"].structure)
        client.force_login(user)
        return user

    def test_three_places_hours_in_words_and_orientation_link(self, client, agent, lieux):
        response = client.post(URL, {"besoin": "DEMARCHE_SOCIAL", "ou": "Angers (49100)"}, follow=True)
        html = response.content.decode()
        assert response.status_code == 200
        assert "Maison France Services" in html
        assert "Aujourd'hui" in html or "Ouvre" in html or "Ouvert" in html
        assert f"besoins=DEMARCHE_SOCIAL&amp;lieu={lieux['demarches'].public_id}" in html
        assert "Imprimer la fiche" in html
        assert list(Reperage.objects.values_list("commune_id", "besoin", "source")) == [
            ("49007", "AIDE_DEMARCHES", "PREMIER_ACCUEIL")
        ]

    def test_language_constraint_prefers_places_with_languages(self, client, agent, lieux):
        html = client.post(
            URL,
            {"besoin": "OUTILS_QUOTIDIEN", "ou": "Angers", "contraintes": ["LANGUE", "SANS_APPAREIL"]},
            follow=True,
        ).content.decode()
        assert "Café numérique" in html
        assert "Ressourcerie numérique" not in html  # ne dit pas accueillir en langues étrangères

    def test_missing_need_and_unknown_commune(self, client, agent, lieux):
        html = client.post(URL, {"besoin": "", "ou": "Zzyzx"}).content.decode()
        assert "Ce champ est obligatoire" in html
        html = client.post(URL, {"besoin": "DEMARCHE_SOCIAL", "ou": "Zzyzx"}).content.decode()
        assert "Nous ne trouvons pas la commune" in html
        assert Reperage.objects.count() == 0


class TestUneUtilisationCompteUneFois:
    """Recharger la fiche (ou revenir en arrière puis en avant) ne compte pas deux fois ; une nouvelle recherche
    compte de nouveau ; le lien du résultat se relit sans compter et s'imprime (page GET)."""

    @pytest.fixture
    def agent(self, client, lieux):
        client.force_login(user_with_role(Role.PRESCRIPTEUR, structure=lieux["demarches"].structure))

    CRITERES = {"besoin": "DEMARCHE_SOCIAL", "ou": "Angers (49100)", "contraintes": ["URGENCE"]}

    def test_reloading_the_result_counts_once_and_a_new_search_once_more(self, client, agent, lieux):
        envoi = client.post(URL, self.CRITERES)
        assert envoi.status_code == 302
        resultat = envoi["Location"]
        assert resultat.startswith(f"{URL}?r=") and resultat.endswith("#fiche")
        assert Reperage.objects.count() == 1
        for _ in range(2):  # rechargement, puis retour arrière et avant : deux GET de la même adresse
            page = client.get(resultat)
            html = page.content.decode()
            assert page.status_code == 200
            assert "Maison France Services" in html and "Imprimer la fiche" in html
            assert 'value="URGENCE"' in html and "checked" in html  # les critères restent dans le formulaire
        assert Reperage.objects.count() == 1
        client.post(URL, self.CRITERES)  # nouvelle recherche, mêmes critères : une utilisation de plus
        assert Reperage.objects.count() == 2

    def test_forged_result_link_counts_nothing_and_says_why(self, client, agent, lieux):
        page = client.get(URL, {"r": "abime:faux"})
        html = page.content.decode()
        assert page.status_code == 200
        assert "ne peut pas être relu" in html and "Maison France Services" not in html
        assert Reperage.objects.count() == 0

    def test_old_get_link_with_criteria_counts_nothing(self, client, agent, lieux):
        client.get(URL, {"besoin": "DEMARCHE_SOCIAL", "ou": "Angers (49100)"})
        assert Reperage.objects.count() == 0
