"""Administration du Pass : les preuves (registre, tentatives refusées, historiques, coordonnées bancaires) s'y
lisent sans s'y modifier. Tout changement passe par les services, qui écrivent leur ligne de registre ou d'historique.
"""

from django.contrib import admin

from maillage.core.admin import ReadOnlyAdmin
from maillage.pass_numerique.models import (
    Campagne,
    Charte,
    Mouvement,
    QualificationJournal,
    QualificationPass,
    Releve,
    ServicePass,
    TentativeRefusee,
)


@admin.register(Mouvement)
class MouvementAdmin(ReadOnlyAdmin):
    """Registre : lecture seule (ni ajout, ni modification, ni suppression, y compris en masse)."""

    list_display = ["created_at", "type", "campagne", "quantite", "montant", "actor", "motif"]
    list_filter = ["type"]
    list_select_related = ["campagne", "actor"]
    readonly_fields = [f.name for f in Mouvement._meta.fields]

    def get_actions(self, request):
        return {}


@admin.register(TentativeRefusee)
class TentativeRefuseeAdmin(ReadOnlyAdmin):
    """Encaissements refusés : lecture seule, comme le registre."""

    list_display = ["created_at", "motif", "campagne", "lieu", "actor"]
    list_filter = ["motif"]
    list_select_related = ["campagne", "lieu", "actor"]
    readonly_fields = [f.name for f in TentativeRefusee._meta.fields]

    def get_actions(self, request):
        return {}


@admin.register(QualificationJournal)
class QualificationJournalAdmin(ReadOnlyAdmin):
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


class ServicesOnlyAdmin(ReadOnlyAdmin):
    """Consultation seule : création, changement et suppression passent par les pages (services + registre)."""

    def get_actions(self, request):
        return {}


@admin.register(QualificationPass)
class QualificationPassAdmin(ServicesOnlyAdmin):
    """Coordonnées bancaires (IBAN, BIC, titulaire) et décisions : jamais modifiées ici, sans trace.

    Le compte se change par `services.change_bank_details`, la décision par `services.decide_qualification` : chacun
    écrit sa ligne d'historique.
    """

    list_display = ["lieu", "territoire", "statut", "decided_at"]
    list_filter = ["statut"]
    list_select_related = ["lieu", "territoire"]
    readonly_fields = [f.name for f in QualificationPass._meta.fields]


@admin.register(Campagne)
class CampagneAdmin(ServicesOnlyAdmin):
    list_display = ["nom", "territoire", "statut", "starts_on", "ends_on"]


@admin.register(Releve)
class ReleveAdmin(ServicesOnlyAdmin):
    list_display = ["qualification", "mois", "montant", "statut"]
