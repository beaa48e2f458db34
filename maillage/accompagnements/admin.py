from django.contrib import admin

from maillage.accompagnements.models import Accompagnement, AccompagnementJournal, BeneficiaireJournal
from maillage.core.admin import ReadOnlyAdmin


@admin.register(BeneficiaireJournal)
class BeneficiaireJournalAdmin(ReadOnlyAdmin):
    # La personne n'apparaît que par son numéro : son nom (str) ne regarde que les structures qui la suivent.
    list_display = ["beneficiaire_id", "event", "actor", "created_at"]
    list_filter = ["event"]
    exclude = ["beneficiaire"]


#: Ni la personne suivie (son nom s'afficherait) ni les textes libres ou la commune où elle habite : réservés aux
#: structures qui la suivent.
CHAMPS_MASQUES = ("beneficiaire", "notes", "precisions_demarche", "commune")


@admin.register(Accompagnement)
class AccompagnementAdmin(ReadOnlyAdmin):
    """Lecture seule : un accompagnement est la preuve d'activité sur laquelle reposent les financements ; le
    modifier ou le supprimer depuis l'admin changerait les chiffres sans laisser de trace."""

    list_display = ["public_id", "type", "structure", "date", "duree"]
    list_filter = ["type", "type_lieu"]
    exclude = list(CHAMPS_MASQUES)
    readonly_fields = [f.name for f in Accompagnement._meta.fields if f.name not in CHAMPS_MASQUES]


@admin.register(AccompagnementJournal)
class AccompagnementJournalAdmin(ReadOnlyAdmin):
    list_display = ["accompagnement_id", "event", "actor", "created_at"]
    list_filter = ["event"]
    exclude = ["accompagnement"]
