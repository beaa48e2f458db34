from django.contrib import admin

from maillage.core.models import Commune, Departement, Region, TexteConsentement


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["code_insee", "nom", "departement", "population"]
    search_fields = ["code_insee", "nom", "search_text"]
    list_filter = ["departement__region"]


@admin.register(Departement)
class DepartementAdmin(admin.ModelAdmin):
    list_display = ["code", "nom", "region"]
    search_fields = ["nom", "code"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "nom"]


class SansEcritureMixin:
    """Ni ajout, ni modification, ni action de masse (la suppression en masse contournerait les règles) : toute
    écriture passe par les services, qui tiennent le journal. La suppression reste à décider par chaque admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class LectureSeuleMixin(SansEcritureMixin):
    """Lecture seule complète : ni ajout, ni modification, ni suppression."""

    def has_delete_permission(self, request, obj=None):
        return False


class LectureSeuleInline(LectureSeuleMixin, admin.TabularInline):
    """Lignes liées montrées pour information (rôles d'une personne, arrêts d'un lieu), jamais modifiées ici."""

    extra = 0
    can_delete = False


class ReadOnlyAdmin(LectureSeuleMixin, admin.ModelAdmin):
    """Admin des preuves (journaux, textes lus aux personnes, accompagnements qui fondent les financements) :
    on consulte, on ne modifie ni ne supprime. Toute écriture passe par les services, qui tiennent le journal."""


@admin.register(TexteConsentement)
class TexteConsentementAdmin(ReadOnlyAdmin):
    """Un texte lu aux personnes ne se modifie pas : on publie une nouvelle version (core.consentement)."""

    list_display = ["type", "version", "created_at"]
