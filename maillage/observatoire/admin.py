"""L'observatoire dans l'administration : lecture seule, toute écriture passe par les services (journal)."""

from django.contrib import admin

from maillage.core.admin import ReadOnlyAdmin
from maillage.observatoire.models import Indicateur, JournalObservatoire, Observation, OffreCommune


@admin.register(Indicateur)
class IndicateurAdmin(ReadOnlyAdmin):
    list_display = ["libelle", "code", "annee", "territoire"]
    list_filter = ["annee"]


@admin.register(OffreCommune)
class OffreCommuneAdmin(ReadOnlyAdmin):
    list_display = ["commune", "lieux", "lieux_ouverts", "heures_pour_1000", "distance_ouvert_km", "calcule_le"]
    list_select_related = ["commune"]
    search_fields = ["commune__code_insee", "commune__nom"]


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    list_display = ["pk", "territoire", "structure", "commune", "epci_code", "etat", "created_at"]
    list_filter = ["etat"]
    list_select_related = ["territoire", "structure", "commune"]
    raw_id_fields = ["auteur", "decide_par", "commune", "structure"]


@admin.register(JournalObservatoire)
class JournalObservatoireAdmin(ReadOnlyAdmin):
    list_display = ["event", "actor", "territoire", "created_at"]
    list_filter = ["event"]
    list_select_related = ["actor", "territoire"]
