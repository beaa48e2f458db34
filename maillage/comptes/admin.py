"""Administration des comptes.

Les rôles et les invitations sont des preuves (qui a donné quel accès, quand) : ici on les lit, on ne les écrit
pas. Un rôle se donne par la page « Inviter un membre » de la structure, qui applique les règles d'attribution
(`permissions.can_grant_role`) et garde la trace de qui l'a donné ; l'administration peut seulement retirer un
rôle (action « Retirer les rôles sélectionnés ») et supprimer une invitation encore en attente.
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from maillage.comptes import services
from maillage.comptes.models import Invitation, Membership, Structure, Territoire, User
from maillage.core.admin import LectureSeuleInline, SansEcritureMixin

MEMBERSHIP_FIELDS = ["user", "structure", "role", "territoire", "is_active", "created_at", "updated_at"]


class MembershipInline(LectureSeuleInline):
    """Rôles de la personne, en lecture seule : les ajouter ici contournerait les règles d'attribution."""

    model = Membership
    fields = ["structure", "role", "territoire", "is_active", "created_at"]
    readonly_fields = fields
    show_change_link = True


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "is_demo"]
    search_fields = ["email", "first_name", "last_name"]
    list_filter = ["is_staff", "is_active", "is_demo"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Identité", {"fields": ["first_name", "last_name"]}),
        ("Droits", {"fields": ["is_active", "is_staff", "is_superuser", "is_demo", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    inlines = [MembershipInline]


@admin.register(Structure)
class StructureAdmin(admin.ModelAdmin):
    list_display = ["nom", "typologie", "commune", "siret"]
    search_fields = ["nom", "siret", "search_text"]
    list_filter = ["typologie", "is_demo"]
    autocomplete_fields = ["commune"]


@admin.register(Territoire)
class TerritoireAdmin(admin.ModelAdmin):
    list_display = ["nom", "type"]
    search_fields = ["nom"]
    prepopulated_fields = {"slug": ["nom"]}
    # Les communes par leur code (un territoire en compte des centaines) : ni une liste de toutes les communes
    # (35 000), ni une liste de toutes celles du territoire.
    raw_id_fields = ["communes"]


@admin.register(Membership)
class MembershipAdmin(SansEcritureMixin, admin.ModelAdmin):
    """Lecture seule, plus une action pour retirer un rôle (par le service)."""

    list_display = ["user", "structure", "role", "territoire", "is_active", "created_at"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__email", "structure__nom"]
    list_select_related = ["user", "structure", "territoire"]
    fields = MEMBERSHIP_FIELDS
    readonly_fields = MEMBERSHIP_FIELDS
    actions = ["revoke"]

    def has_delete_permission(self, request, obj=None):
        # Un rôle actif se retire (il reste une trace) ; une fois retiré, la ligne peut partir avec la personne.
        return obj is not None and not obj.is_active and super().has_delete_permission(request, obj)

    def has_revoke_permission(self, request):
        return request.user.has_perm("comptes.change_membership")

    @admin.action(description="Retirer les rôles sélectionnés", permissions=["revoke"])
    def revoke(self, request, queryset):
        count = 0
        for membership in queryset.filter(is_active=True):
            services.revoke_membership(membership=membership, by=request.user)
            count += 1
        self.message_user(request, f"{count} rôle(s) retiré(s).", messages.SUCCESS)


@admin.register(Invitation)
class InvitationAdmin(SansEcritureMixin, admin.ModelAdmin):
    """Lecture seule. Modifier une invitation changerait le rôle donné sans changer qui l'a donné : on en envoie
    une nouvelle depuis la page de la structure. Une invitation acceptée est une preuve : jamais supprimée ;
    une invitation en attente peut être supprimée (retirée)."""

    list_display = ["email", "structure", "role", "territoire", "invited_by", "expires_at", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["email", "structure__nom"]
    list_select_related = ["structure", "territoire", "invited_by"]
    fields = ["email", "structure", "role", "territoire", "invited_by", "created_at", "expires_at", "accepted_at"]
    readonly_fields = fields

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.accepted_at is not None:
            return False
        return super().has_delete_permission(request, obj)
