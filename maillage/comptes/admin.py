from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from maillage.comptes.models import Invitation, Membership, Structure, Territoire, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["structure", "territoire"]


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
    filter_horizontal = ["communes"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "structure", "role", "expires_at", "accepted_at"]
    readonly_fields = ["token"]
