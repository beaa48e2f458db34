import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from maillage.comptes.enums import Role
from maillage.comptes.models import Invitation, Membership, User
from tests.comptes.factories import PASSWORD, MembershipFactory, StructureFactory, UserFactory

LOGIN = reverse("comptes:login")


def post_login(client, email, password):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR="10.0.0.1")


class TestLogin:
    def test_good_credentials_open_the_dashboard(self, client):
        user = UserFactory()
        response = post_login(client, user.email, PASSWORD)
        assert response.status_code == 302 and response.url == reverse("core:tableau_de_bord")

    def test_email_is_case_insensitive(self, client):
        user = UserFactory(email="claire@exemple.fr")
        assert post_login(client, "Claire@Exemple.fr", PASSWORD).status_code == 302
        assert client.session["_auth_user_id"] == str(user.pk)

    def test_wrong_password_gives_a_clear_french_message(self, client):
        user = UserFactory()
        response = post_login(client, user.email, "mauvais")
        assert response.status_code == 200
        assert "Adresse électronique ou mot de passe incorrect" in response.content.decode()

    def test_unknown_email_gives_the_same_message(self, client):
        response = post_login(client, "inconnu@exemple.fr", "mauvais")
        assert "Adresse électronique ou mot de passe incorrect" in response.content.decode()

    def test_locked_after_repeated_failures(self, client, settings):
        user = UserFactory()
        for _ in range(settings.AXES_FAILURE_LIMIT):
            post_login(client, user.email, "mauvais")
        response = post_login(client, user.email, PASSWORD)  # même le bon mot de passe est refusé
        assert response.status_code == 429
        assert "Connexion bloquée" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_lock_lifts_after_cooloff(self, client, settings):
        user = UserFactory()
        for _ in range(settings.AXES_FAILURE_LIMIT):
            post_login(client, user.email, "mauvais")
        with time_machine.travel(datetime.datetime.now() + datetime.timedelta(hours=1)):
            assert post_login(client, user.email, PASSWORD).status_code == 302

    def test_demo_accounts_refused_outside_demo(self, client, settings):
        settings.MAILLAGE_DEMO = False
        user = UserFactory(demo=True)
        response = post_login(client, user.email, PASSWORD)
        assert response.status_code == 200
        assert "comptes de démonstration ne fonctionnent pas" in response.content.decode()

    def test_logout_is_a_post(self, client):
        client.force_login(UserFactory())
        response = client.post(reverse("comptes:logout"))
        assert response.status_code == 302
        assert "_auth_user_id" not in client.session


class TestPasswordReset:
    def test_full_reset_flow(self, client):
        user = UserFactory(email="oubli@exemple.fr")
        response = client.post(reverse("comptes:password_reset"), {"email": "oubli@exemple.fr"})
        assert response.status_code == 302
        assert len(mail.outbox) == 1
        link = re.search(r"http://\S+", mail.outbox[0].body).group(0)
        path = link.split("testserver", 1)[1]
        response = client.get(path, follow=True)
        assert "Choisissez un nouveau mot de passe" in response.content.decode()
        response = client.post(
            response.redirect_chain[-1][0],
            {"new_password1": "nouveau-mot-de-passe-2026", "new_password2": "nouveau-mot-de-passe-2026"},
        )
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.check_password("nouveau-mot-de-passe-2026")

    def test_unknown_email_sends_nothing_but_says_the_same(self, client):
        response = client.post(reverse("comptes:password_reset"), {"email": "inconnu@exemple.fr"}, follow=True)
        assert "Regardez votre messagerie" in response.content.decode()
        assert mail.outbox == []


@pytest.fixture
def manager():
    return MembershipFactory(role=Role.GESTIONNAIRE)


class TestInvitationPages:
    def test_manager_invites_then_newcomer_creates_account(self, client, manager, django_capture_on_commit_callbacks):
        client.force_login(manager.user)
        url = reverse("comptes:invite_member", args=[manager.structure.public_id])
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"email": "nouvelle@exemple.fr", "role": Role.MEDIATEUR})
        assert response.status_code == 302
        invitation = Invitation.objects.get()
        client.logout()
        response = client.post(
            reverse("comptes:invitation", args=[invitation.token]),
            {"first_name": "Nour", "last_name": "Ben", "password1": "un-mot-de-passe-solide",
             "password2": "un-mot-de-passe-solide"},
        )  # fmt: skip
        assert response.status_code == 302
        user = User.objects.get(email="nouvelle@exemple.fr")
        assert Membership.objects.filter(user=user, structure=manager.structure, role=Role.MEDIATEUR).exists()
        assert client.session["_auth_user_id"] == str(user.pk)

    def test_expired_invitation_page_says_so(self, client, manager):
        invitation = Invitation.objects.create(
            structure=manager.structure, email="x@exemple.fr", role=Role.AIDANT, invited_by=manager.user
        )
        with time_machine.travel(datetime.datetime.now() + datetime.timedelta(days=30)):
            response = client.get(reverse("comptes:invitation", args=[invitation.token]))
        assert response.status_code == 410
        assert "a expiré" in response.content.decode()

    def test_mismatched_passwords_create_nothing(self, client, manager):
        invitation = Invitation.objects.create(
            structure=manager.structure, email="x@exemple.fr", role=Role.AIDANT, invited_by=manager.user
        )
        response = client.post(
            reverse("comptes:invitation", args=[invitation.token]),
            {"first_name": "A", "last_name": "B", "password1": "un-mot-de-passe-solide", "password2": "autre"},
        )
        assert response.status_code == 200
        assert "ne sont pas identiques" in response.content.decode()
        assert not User.objects.filter(email="x@exemple.fr").exists()

    def test_duplicate_invitation_is_explained(self, client, manager):
        member = MembershipFactory(structure=manager.structure, role=Role.MEDIATEUR)
        client.force_login(manager.user)
        response = client.post(
            reverse("comptes:invite_member", args=[manager.structure.public_id]),
            {"email": member.user.email, "role": Role.MEDIATEUR},
        )
        assert response.status_code == 200
        assert "déjà ce rôle" in response.content.decode()
        assert not Invitation.objects.exists()

    def test_mediator_cannot_invite(self, client):
        member = MembershipFactory(role=Role.MEDIATEUR)
        client.force_login(member.user)
        response = client.get(reverse("comptes:invite_member", args=[member.structure.public_id]))
        assert response.status_code == 403

    @pytest.mark.parametrize("method", ["get", "post"])
    def test_invite_page_of_another_structure_is_a_404(self, client, manager, method):
        client.force_login(manager.user)
        url = reverse("comptes:invite_member", args=[StructureFactory().public_id])
        response = getattr(client, method)(url, {"email": "x@exemple.fr", "role": Role.MEDIATEUR})
        assert response.status_code == 404
        assert not Invitation.objects.exists()

    def test_funder_of_the_territoire_gets_a_404_on_the_invite_page(self, client, manager):
        """Le financeur voit la structure de son territoire, mais n'y invite personne : 404, comme ailleurs."""
        funder = MembershipFactory(
            role=Role.COMMANDITAIRE, structure=StructureFactory(commune=manager.structure.commune)
        )
        client.force_login(funder.user)
        response = client.get(reverse("comptes:invite_member", args=[manager.structure.public_id]))
        assert response.status_code == 404


class TestStructurePages:
    def test_member_sees_members(self, client, manager, django_assert_max_num_queries):
        MembershipFactory.create_batch(5, structure=manager.structure)
        client.force_login(manager.user)
        url = reverse("comptes:structure_detail", args=[manager.structure.public_id])
        client.get(url)  # la première requête après la connexion prolonge la session (une écriture) : hors mesure
        with django_assert_max_num_queries(8):
            response = client.get(url)
        assert response.status_code == 200
        assert manager.user.email in response.content.decode()

    def test_other_structure_is_a_404(self, client, manager):
        client.force_login(manager.user)
        other = StructureFactory()
        assert client.get(reverse("comptes:structure_detail", args=[other.public_id])).status_code == 404


class TestStructureEdit:
    def test_manager_updates_commune_by_name_and_siret(self, client, communes_49):
        manager = MembershipFactory(role=Role.GESTIONNAIRE, structure=StructureFactory(commune=communes_49["49007"]))
        client.force_login(manager.user)
        url = reverse("comptes:structure_edit", args=[manager.structure.public_id])
        response = client.post(
            url,
            {"nom": "Espace numérique", "siret": "13002526500013", "typologie": "ASSO", "adresse": "1 rue X",
             "code_postal": "49130", "commune": "Les Ponts-de-Cé", "telephone": "", "email": ""},
        )  # fmt: skip
        assert response.status_code == 302
        manager.structure.refresh_from_db()
        assert manager.structure.commune_id == "49246"
        assert manager.structure.siret == "13002526500013"

    def test_bad_siret_keeps_old_values(self, client, communes_49):
        manager = MembershipFactory(role=Role.GESTIONNAIRE, structure=StructureFactory(commune=communes_49["49007"]))
        client.force_login(manager.user)
        url = reverse("comptes:structure_edit", args=[manager.structure.public_id])
        response = client.post(
            url, {"nom": "Nouveau nom", "siret": "13002526500014", "typologie": "ASSO", "commune": "Angers"}
        )
        assert response.status_code == 200
        assert "clé de contrôle" in response.content.decode()
        manager.structure.refresh_from_db()
        assert manager.structure.nom != "Nouveau nom"

    @pytest.mark.parametrize("method", ["get", "post"])
    def test_coordination_of_the_territoire_gets_a_404_on_edit(self, client, method):
        """La coordination voit la structure, mais ne la gère pas : la page de modification répond 404."""
        structure = StructureFactory()
        coordinator = MembershipFactory(role=Role.COORDINATEUR, structure=StructureFactory(commune=structure.commune))
        client.force_login(coordinator.user)
        url = reverse("comptes:structure_edit", args=[structure.public_id])
        response = getattr(client, method)(url, {"nom": "Piraté", "commune": structure.commune.nom})
        assert response.status_code == 404
        structure.refresh_from_db()
        assert structure.nom != "Piraté"

    def test_manager_of_another_structure_gets_a_404_on_edit(self, client):
        manager = MembershipFactory(role=Role.GESTIONNAIRE)
        client.force_login(manager.user)
        assert client.get(reverse("comptes:structure_edit", args=[StructureFactory().public_id])).status_code == 404

    def test_mediator_cannot_edit(self, client):
        member = MembershipFactory(role=Role.MEDIATEUR)
        client.force_login(member.user)
        url = reverse("comptes:structure_edit", args=[member.structure.public_id])
        assert client.get(url).status_code == 403
