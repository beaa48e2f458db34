from django.contrib import admin

from maillage.aidants.enums import EtatCharte
from maillage.aidants.models import (
    CharteAidants,
    Engagement,
    JournalAidant,
    ProfilAidant,
    RattachementAidant,
    SignatureCharte,
)
from maillage.aidants.services import CHARTE_FIGEE
from maillage.core.admin import ReadOnlyAdmin


@admin.register(JournalAidant)
class JournalAidantAdmin(ReadOnlyAdmin):
    list_display = ["event", "profil", "charte", "actor", "created_at"]
    list_filter = ["event"]
    list_select_related = ["profil", "charte__territoire", "actor"]


@admin.register(SignatureCharte)
class SignatureCharteAdmin(ReadOnlyAdmin):
    """Une signature est une preuve : lecture seule (le retrait passe par le service, qui tient le journal)."""

    list_display = ["profil", "charte", "moyen", "signed_on", "withdrawn_at"]


@admin.register(ProfilAidant)
class ProfilAidantAdmin(ReadOnlyAdmin):
    list_display = ["prenom", "nom", "niveaux", "aidants_connect", "archived_at"]
    search_fields = ["search_text"]


@admin.register(RattachementAidant)
class RattachementAidantAdmin(ReadOnlyAdmin):
    list_display = ["profil", "structure", "statut", "detached_at"]


class EngagementInline(admin.TabularInline):
    model = Engagement
    extra = 0

    def _figee(self, obj) -> bool:
        return obj is not None and obj.etat != EtatCharte.BROUILLON

    def has_add_permission(self, request, obj=None):
        return not self._figee(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._figee(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._figee(obj) and super().has_delete_permission(request, obj)


@admin.register(CharteAidants)
class CharteAidantsAdmin(admin.ModelAdmin):
    """Un brouillon se corrige ici ; une version publiée ou remplacée est en lecture seule (on publie une nouvelle
    version). La publication passe par la page de la coordination (service `publish_charte`)."""

    list_display = ["titre", "territoire", "version", "etat", "published_at"]
    list_filter = ["etat"]
    readonly_fields = ["territoire", "version", "etat", "published_at", "superseded_at"]
    inlines = [EngagementInline]

    def has_add_permission(self, request):
        return False  # une version se crée par la page de la coordination (numéro suivant, copie, import)

    def has_change_permission(self, request, obj=None):
        return (obj is None or obj.etat == EtatCharte.BROUILLON) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if CharteAidants.objects.filter(pk=obj.pk).exclude(etat=EtatCharte.BROUILLON).exists():
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied(CHARTE_FIGEE)
        super().save_model(request, obj, form, change)
