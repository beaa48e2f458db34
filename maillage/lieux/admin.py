"""Admin des lieux : consultation et recherche. Les modifications métier passent par les pages (services.py),
qui tiennent l'historique ; l'admin ne modifie donc pas les lieux."""

from django.contrib import admin

from maillage.core.admin import AppendOnlyAdmin
from maillage.lieux.models import Arret, Lieu, LieuHistorique


class ArretInline(admin.TabularInline):
    model = Arret
    extra = 0
    can_delete = False
    fields = ["ordre", "nom", "adresse", "commune", "latitude", "longitude", "horaires"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Lieu)
class LieuAdmin(admin.ModelAdmin):
    list_display = ["nom", "commune", "code_postal", "statut", "source_import", "date_maj", "verified_at"]
    list_filter = ["statut", "source_import", "position_approximative"]
    search_fields = ["nom", "search_text", "source_id", "pivot", "=public_id"]
    list_select_related = ["structure"]
    inlines = [ArretInline]
    show_full_result_count = False

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LieuHistorique)
class LieuHistoriqueAdmin(AppendOnlyAdmin):
    list_display = ["created_at", "lieu", "event", "actor"]
    list_filter = ["event"]
    list_select_related = ["lieu", "actor"]
    search_fields = ["lieu__nom"]
