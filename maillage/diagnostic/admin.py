"""Admin du diagnostic : lecture seule. Les écritures passent par les services ; les effacements par les commandes."""

from django.contrib import admin

from maillage.core.admin import ReadOnlyAdmin
from maillage.diagnostic.models import DemandeContact, DemandeEffacee, DiagnosticSeance, FicheDiagnostic, Reperage


@admin.register(Reperage)
class ReperageAdmin(ReadOnlyAdmin):
    list_display = ["jour", "commune", "besoin", "source"]
    list_filter = ["source", "besoin"]
    list_select_related = ["commune"]
    date_hierarchy = "jour"


@admin.register(FicheDiagnostic)
class FicheDiagnosticAdmin(ReadOnlyAdmin):
    list_display = ["code", "version", "commune", "created_at", "expires_at"]
    list_select_related = ["commune"]


@admin.register(DemandeContact)
class DemandeContactAdmin(ReadOnlyAdmin):
    """Ni prénom ni contact ici : seule la structure du lieu les lit, dans « Demandes de contact »."""

    list_display = ["lieu", "created_at", "traitee_at", "expires_at"]
    fields = ["lieu", "services", "consentement_version", "consentement_at", "created_at", "traitee_at", "expires_at"]
    list_select_related = ["lieu"]


@admin.register(DemandeEffacee)
class DemandeEffaceeAdmin(ReadOnlyAdmin):
    list_display = ["lieu", "demandee_le", "effacee_par", "effacee_at"]
    list_select_related = ["lieu", "effacee_par"]


@admin.register(DiagnosticSeance)
class DiagnosticSeanceAdmin(ReadOnlyAdmin):
    list_display = ["accompagnement", "version", "created_by", "created_at"]
    list_select_related = ["accompagnement", "created_by"]
