"""L'admin du diagnostic : lecture seule, et sans le prénom ni le contact d'une demande."""

from django.contrib import admin
from django.test import RequestFactory

from maillage.diagnostic.models import DemandeContact, DemandeEffacee, DiagnosticSeance, FicheDiagnostic, Reperage


def test_models_registered_read_only(db, admin_user):
    request = RequestFactory().get("/")
    request.user = admin_user
    for model in (Reperage, FicheDiagnostic, DemandeContact, DemandeEffacee, DiagnosticSeance):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)
    champs = admin.site._registry[DemandeContact].get_fields(request)
    assert "prenom" not in champs and "contact" not in champs


def test_changelists_render(admin_client):
    for name in ("reperage", "fichediagnostic", "demandecontact", "demandeeffacee", "diagnosticseance"):
        assert admin_client.get(f"/admin/diagnostic/{name}/").status_code == 200
