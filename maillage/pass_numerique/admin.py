from django.contrib import admin

from maillage.core.admin import AppendOnlyAdmin
from maillage.pass_numerique.models import (
    Campagne,
    Charte,
    Mouvement,
    QualificationJournal,
    QualificationPass,
    Releve,
    ServicePass,
)


@admin.register(Mouvement)
class MouvementAdmin(AppendOnlyAdmin):
    """Registre : lecture seule (ni ajout, ni modification, ni suppression, y compris en masse)."""

    list_display = ["created_at", "type", "campagne", "quantite", "montant", "actor", "motif"]
    list_filter = ["type"]
    list_select_related = ["campagne", "actor"]
    readonly_fields = [f.name for f in Mouvement._meta.fields]

    def get_actions(self, request):
        return {}


@admin.register(QualificationJournal)
class QualificationJournalAdmin(AppendOnlyAdmin):
    list_display = ["created_at", "qualification", "statut", "actor", "motif"]
    list_select_related = ["qualification__lieu", "actor"]
    readonly_fields = [f.name for f in QualificationJournal._meta.fields]

    def get_actions(self, request):
        return {}


@admin.register(ServicePass)
class ServicePassAdmin(admin.ModelAdmin):
    list_display = ["libelle", "code", "prix_cheques_defaut", "is_active"]


@admin.register(Charte)
class CharteAdmin(admin.ModelAdmin):
    """Une version publiée ne se modifie pas : on en crée une nouvelle."""

    list_display = ["version", "created_at"]

    def has_change_permission(self, request, obj=None):
        return obj is None

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(QualificationPass)
class QualificationPassAdmin(admin.ModelAdmin):
    list_display = ["lieu", "territoire", "statut", "decided_at"]
    list_filter = ["statut"]
    readonly_fields = ["statut", "decided_at", "decided_by", "iban", "siret", "charte", "charte_accepted_at"]


@admin.register(Campagne)
class CampagneAdmin(admin.ModelAdmin):
    list_display = ["nom", "territoire", "statut", "starts_on", "ends_on"]

    def has_change_permission(self, request, obj=None):
        return False  # les changements passent par les pages (services + registre)


@admin.register(Releve)
class ReleveAdmin(admin.ModelAdmin):
    list_display = ["qualification", "mois", "montant", "statut"]

    def has_change_permission(self, request, obj=None):
        return False
