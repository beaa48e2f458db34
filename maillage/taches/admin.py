from django.contrib import admin

from maillage.taches.models import Tache


@admin.register(Tache)
class TacheAdmin(admin.ModelAdmin):
    """Consultation seule : une tâche s'écrit par son travail, jamais à la main."""

    list_display = ["genre", "etat", "demandeur", "created_at", "finished_at", "expires_at"]
    list_filter = ["genre", "etat"]
    fields = [
        "public_id", "genre", "etat", "demandeur", "fait", "total", "message", "parametres", "resultat",
        "fichiers", "retour_url", "parent", "task_id", "created_at", "started_at", "finished_at", "expires_at",
    ]  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
