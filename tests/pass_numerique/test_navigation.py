"""L'entrée « Pass numérique » du menu et l'accueil du Pass suivent le même prédicat (`can_open_pass`)."""

import pytest
from django.urls import reverse

from maillage.comptes.enums import Role
from maillage.comptes.models import User
from maillage.core.navigation import navigation_for
from maillage.pass_numerique.permissions import can_open_pass
from tests.comptes.factories import user_with_role


def _user(role: str) -> User:
    if role == "STAFF":
        return User.objects.create_user(email="equipe@example.org", password="x", is_staff=True)
    if role == "SANS_ROLE":
        return User.objects.create_user(email="personne@example.org", password="x")
    return user_with_role(role)


def _menu(user: User) -> dict[str, str]:
    return {item["label"]: item["url"] for item in navigation_for(user)}


class TestEntreePass:
    @pytest.mark.parametrize("role", [*Role.values, "STAFF", "SANS_ROLE"])
    def test_le_menu_et_l_accueil_disent_la_meme_chose(self, client, role):
        user = _user(role)
        client.force_login(user)
        dans_le_menu = "Pass numérique" in _menu(user)
        response = client.get(reverse("pass_numerique:accueil"))
        assert dans_le_menu is can_open_pass(user)
        # Une entrée du menu ouvre une page qui répond ; sans entrée, la page refuse en le disant.
        assert response.status_code == (200 if dans_le_menu else 403), role
        if not dans_le_menu:
            assert "aucun rôle" in response.content.decode()

    @pytest.mark.parametrize("role", Role.values)
    def test_chaque_role_du_pass_a_l_entree(self, role):
        # Financeur et coordination d'un territoire ; structures qui distribuent, encaissent ou reçoivent des relevés.
        assert can_open_pass(user_with_role(role))

    def test_sans_role_ni_compte_pas_d_entree(self):
        from django.contrib.auth.models import AnonymousUser

        assert not can_open_pass(AnonymousUser())
        assert not can_open_pass(_user("SANS_ROLE"))
        assert not can_open_pass(_user("STAFF"))

    def test_compte_desactive_pas_d_entree(self):
        user = user_with_role(Role.MEDIATEUR)
        user.is_active = False
        user.save(update_fields=["is_active"])
        assert not can_open_pass(user)


class TestMenuDesComptesDeDemo:
    def test_chaque_lien_du_menu_d_un_compte_de_demo_repond_200(self, client, communes_49):
        from maillage.core.demo import load_demo

        ctx = load_demo()
        for email in [email for _libelle, email in ctx.comptes]:
            user = User.objects.get(email=email)
            client.force_login(user)
            menu = _menu(user)
            assert ("Pass numérique" in menu) is can_open_pass(user), email
            for label, url in menu.items():
                assert client.get(url, follow=True).status_code == 200, (email, label, url)
