"""Le registre des mouvements est en ajout seul : ni modification ni suppression, par aucun chemin."""

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from maillage.pass_numerique.models import Mouvement
from tests.comptes.factories import UserFactory


@pytest.fixture
def mouvement(monde):
    return Mouvement.objects.filter(campagne=monde.campagne).first()


class TestAppendOnly:
    def test_save_again_is_refused(self, mouvement):
        mouvement.motif = "réécrit"
        with pytest.raises(ValidationError):
            mouvement.save()
        mouvement.refresh_from_db()
        assert mouvement.motif != "réécrit"

    def test_delete_is_refused(self, mouvement):
        with pytest.raises(ValidationError):
            mouvement.delete()
        assert Mouvement.objects.filter(pk=mouvement.pk).exists()

    def test_queryset_update_and_delete_are_refused(self, monde):
        n = Mouvement.objects.count()
        with pytest.raises(ValidationError):
            Mouvement.objects.filter(campagne=monde.campagne).update(motif="x")
        with pytest.raises(ValidationError):
            Mouvement.objects.all().delete()
        assert Mouvement.objects.count() == n

    @pytest.mark.parametrize("model", ["Mouvement", "QualificationJournal"])
    def test_admin_is_read_only(self, mouvement, model):
        from maillage.pass_numerique import models

        admin = site._registry[getattr(models, model)]
        request = RequestFactory().get("/")
        request.user = UserFactory(staff=True)
        assert not admin.has_add_permission(request)
        assert not admin.has_change_permission(request, mouvement)
        assert not admin.has_delete_permission(request, mouvement)
        assert admin.get_actions(request) == {}

    def test_admin_pages_refuse_edit_and_delete(self, client, mouvement):
        staff = UserFactory(staff=True)
        client.force_login(staff)
        change = reverse("admin:pass_numerique_mouvement_change", args=[mouvement.pk])
        assert client.get(reverse("admin:pass_numerique_mouvement_changelist")).status_code == 200
        assert client.get(change).status_code == 200  # consultation seule
        client.post(change, {"motif": "réécrit"})
        mouvement.refresh_from_db()
        assert mouvement.motif != "réécrit"
        delete = reverse("admin:pass_numerique_mouvement_delete", args=[mouvement.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
        assert client.get(reverse("admin:pass_numerique_mouvement_add")).status_code == 403
        assert Mouvement.objects.filter(pk=mouvement.pk).exists()
