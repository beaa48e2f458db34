"""Admin des lieux vu par un superutilisateur : l'historique (preuve) est en lecture seule, un lieu se ferme et ne
se supprime pas."""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from maillage.lieux.enums import StatutLieu
from maillage.lieux.models import Lieu, LieuEvent, LieuHistorique
from tests.comptes.factories import UserFactory
from tests.lieux.factories import LieuFactory, LieuHistoriqueFactory


@pytest.fixture
def superuser_client(client):
    user = UserFactory(staff=True)
    assert user.is_superuser
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def entry():
    return LieuHistoriqueFactory(event=LieuEvent.UPDATED, details={"changes": {"nom": ["Avant", "Après"]}})


class TestHistoriqueEnLectureSeule:
    def test_liste_et_fiche_consultables_sans_bouton_d_ecriture(self, superuser_client, entry):
        response = superuser_client.get(reverse("admin:lieux_lieuhistorique_changelist"))
        assert response.status_code == 200
        html = response.content.decode()
        assert 'name="action"' not in html  # aucune action, pas même « supprimer la sélection »
        assert reverse("admin:lieux_lieuhistorique_add") not in html
        response = superuser_client.get(reverse("admin:lieux_lieuhistorique_change", args=[entry.pk]))
        assert response.status_code == 200
        html = response.content.decode()
        assert 'name="_save"' not in html and "deletelink" not in html

    def test_ajout_modification_suppression_refusees(self, superuser_client, entry):
        assert superuser_client.get(reverse("admin:lieux_lieuhistorique_add")).status_code == 403
        response = superuser_client.post(
            reverse("admin:lieux_lieuhistorique_change", args=[entry.pk]),
            {"event": LieuEvent.CREATED, "details": "{}", "lieu": entry.lieu_id},
        )
        assert response.status_code == 403
        response = superuser_client.post(
            reverse("admin:lieux_lieuhistorique_delete", args=[entry.pk]), {"post": "yes"}
        )
        assert response.status_code == 403
        response = superuser_client.post(
            reverse("admin:lieux_lieuhistorique_changelist"),
            {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
        )
        assert response.status_code in (200, 302)
        entry.refresh_from_db()
        assert (entry.event, entry.details) == (LieuEvent.UPDATED, {"changes": {"nom": ["Avant", "Après"]}})


class TestLieuFermeJamaisSupprime:
    def test_pas_de_suppression_ni_de_modification(self, superuser_client):
        lieu = LieuFactory(published=True)
        html = superuser_client.get(reverse("admin:lieux_lieu_changelist")).content.decode()
        assert 'value="delete_selected"' not in html
        assert 'value="fermer"' in html
        assert (
            superuser_client.post(reverse("admin:lieux_lieu_delete", args=[lieu.pk]), {"post": "yes"}).status_code
            == 403
        )
        response = superuser_client.post(
            reverse("admin:lieux_lieu_changelist"),
            {"action": "delete_selected", "_selected_action": [lieu.pk], "post": "yes"},
        )
        assert response.status_code in (200, 302)
        assert Lieu.objects.filter(pk=lieu.pk).exists()
        response = superuser_client.post(reverse("admin:lieux_lieu_change", args=[lieu.pk]), {"nom": "Changé"})
        assert response.status_code == 403
        lieu.refresh_from_db()
        assert lieu.nom != "Changé"

    def test_fermer_passe_par_le_service_et_l_historique(self, superuser_client):
        ouvert, deja_ferme = LieuFactory(published=True), LieuFactory(ferme=True)
        response = superuser_client.post(
            reverse("admin:lieux_lieu_changelist"),
            {"action": "fermer", "_selected_action": [ouvert.pk, deja_ferme.pk]},
            follow=True,
        )
        assert "1 lieu fermé." in response.content.decode()
        ouvert.refresh_from_db()
        assert ouvert.statut == StatutLieu.FERME
        entry = ouvert.historique.get()
        assert (entry.event, entry.actor, entry.details["to"]) == (LieuEvent.STATUS, superuser_client.user, "FERME")
        assert not deja_ferme.historique.exists()

    def test_un_lieu_avec_historique_ne_peut_pas_etre_supprime(self, entry):
        """Même hors de l'admin (shell) : l'historique protège le lieu (on_delete=PROTECT)."""
        with pytest.raises(ProtectedError):
            entry.lieu.delete()
        assert LieuHistorique.objects.filter(pk=entry.pk).exists()
