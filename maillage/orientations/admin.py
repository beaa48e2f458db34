from django.contrib import admin

from maillage.core.admin import AppendOnlyAdmin
from maillage.orientations.models import Orientation, OrientationJournal, TexteConsentement


@admin.register(TexteConsentement)
class TexteConsentementAdmin(AppendOnlyAdmin):
    """Un texte lu aux personnes ne se modifie pas : on publie une nouvelle version (service publish_consent_text)."""

    list_display = ["type", "version", "created_at"]


@admin.register(OrientationJournal)
class OrientationJournalAdmin(AppendOnlyAdmin):
    list_display = ["orientation", "event", "actor", "created_at"]
    list_filter = ["event"]


@admin.register(Orientation)
class OrientationAdmin(admin.ModelAdmin):
    """Lecture seule : toute écriture passe par les services (journal)."""

    list_display = ["public_id", "lieu", "structure_prescriptrice", "statut", "created_at"]
    list_filter = ["statut"]
    # Rien sur la personne : prénom, commune, contact et message ne concernent que les deux structures.
    exclude = ["personne_prenom", "personne_commune", "personne_contact", "message"]
    readonly_fields = [
        f.name
        for f in Orientation._meta.fields
        if f.name not in ("personne_prenom", "personne_commune", "personne_contact", "message")
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
