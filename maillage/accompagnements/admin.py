from django.contrib import admin

from maillage.accompagnements.models import Accompagnement, BeneficiaireJournal
from maillage.core.admin import AppendOnlyAdmin


@admin.register(BeneficiaireJournal)
class BeneficiaireJournalAdmin(AppendOnlyAdmin):
    list_display = ["beneficiaire", "event", "actor", "created_at"]
    list_filter = ["event"]


@admin.register(Accompagnement)
class AccompagnementAdmin(admin.ModelAdmin):
    """Pas de personnes suivies dans l'admin : seules les structures qui les suivent les voient."""

    list_display = ["public_id", "type", "structure", "date", "duree"]
    list_filter = ["type", "type_lieu"]
    # Ni la personne suivie (son nom s'afficherait) ni les notes : réservées aux structures qui la suivent.
    exclude = ["beneficiaire", "notes"]
    readonly_fields = [f.name for f in Accompagnement._meta.fields if f.name not in ("beneficiaire", "notes")]

    def has_add_permission(self, request):
        return False
