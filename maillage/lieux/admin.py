"""Admin des lieux : consultation et recherche. Les modifications métier passent par les pages (services.py),
qui tiennent l'historique ; l'admin ne modifie donc pas les lieux, et ne les supprime jamais : un lieu qui
n'existe plus est fermé (action « Fermer »), son historique et les données qui le citent restent.
L'historique est une preuve : lecture seule, même pour un superutilisateur."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models

from maillage.core.admin import LectureSeuleInline, ReadOnlyAdmin
from maillage.lieux import services
from maillage.lieux.enums import StatutLieu
from maillage.lieux.models import Arret, Lieu, LieuHistorique
from maillage.lieux.permissions import can_edit_lieu


class ArretInline(LectureSeuleInline):
    model = Arret
    fields = ["ordre", "nom", "adresse", "commune", "latitude", "longitude", "horaires"]
    readonly_fields = fields


@admin.register(Lieu)
class LieuAdmin(admin.ModelAdmin):
    list_display = ["nom", "commune", "code_postal", "statut", "source_import", "date_maj", "verified_at"]
    list_filter = ["statut", "source_import", "position_approximative"]
    search_fields = ["nom", "search_text", "source_id", "pivot", "=public_id"]
    list_select_related = ["structure"]
    inlines = [ArretInline]
    show_full_result_count = False
    actions = ["fermer"]
    # Adresses web lues en https par défaut (Django 6) : la fiche en lecture seule ne lève plus d'avertissement.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Jamais : un lieu fermé garde son historique et ce qui le cite (Pass numérique, orientations).
        return False

    def has_fermer_permission(self, request):
        return bool(request.user.is_active and request.user.is_staff)

    @admin.action(description="Fermer les lieux sélectionnés (ils restent consultables)", permissions=["fermer"])
    def fermer(self, request, queryset):
        """Ferme par le service (une ligne d'historique par lieu, avec qui) ; n'efface rien."""
        closed = 0
        for lieu in queryset.exclude(statut=StatutLieu.FERME):
            if not can_edit_lieu(request.user, lieu):
                continue
            try:
                services.set_statut(lieu=lieu, statut=StatutLieu.FERME, by=request.user, reason="admin")
            except ValidationError as error:  # pragma: no cover — fermer ne demande rien au lieu
                self.message_user(request, f"{lieu} : {' '.join(error.messages)}", messages.ERROR)
            else:
                closed += 1
        self.message_user(request, "1 lieu fermé." if closed == 1 else f"{closed} lieux fermés.", messages.SUCCESS)


@admin.register(LieuHistorique)
class LieuHistoriqueAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "lieu", "event", "actor"]
    list_filter = ["event"]
    list_select_related = ["lieu", "actor"]
    search_fields = ["lieu__nom"]
    # Aucune action (pas même « supprimer la sélection ») sur une preuve.
    actions = None
