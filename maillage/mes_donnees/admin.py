"""Admin en lecture seule : le code n'y est pas (seule l'empreinte est gardée), les journaux sont des preuves."""

from django.contrib import admin

from maillage.core.admin import ReadOnlyAdmin
from maillage.mes_donnees.models import CodePersonnel, DemandeEffacement, MesDonneesJournal


@admin.register(CodePersonnel)
class CodePersonnelAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "structure", "expires_at"]
    exclude = ["code_hash"]


@admin.register(DemandeEffacement)
class DemandeEffacementAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "statut", "due_at", "done_at"]


@admin.register(MesDonneesJournal)
class MesDonneesJournalAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "event", "actor"]
