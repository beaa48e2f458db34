from django.contrib import admin

from maillage.core.admin import ReadOnlyAdmin
from maillage.orientations.models import Orientation, OrientationJournal, OrientationSimple


@admin.register(OrientationJournal)
class OrientationJournalAdmin(ReadOnlyAdmin):
    list_display = ["orientation", "event", "actor", "created_at"]
    list_filter = ["event"]
    list_select_related = ["orientation__lieu", "actor"]


#: Ce qui parle de la personne : prénom, commune, contact et textes libres ne concernent que les deux structures.
CHAMPS_MASQUES = ("personne_prenom", "personne_commune", "personne_contact", "message", "echeance_motif",
                  "motif_refus_precision")  # fmt: skip


@admin.register(Orientation)
class OrientationAdmin(ReadOnlyAdmin):
    """Lecture seule : toute écriture passe par les services (journal)."""

    list_display = ["public_id", "lieu", "structure_prescriptrice", "statut", "created_at"]
    list_filter = ["statut"]
    exclude = list(CHAMPS_MASQUES)
    readonly_fields = [f.name for f in Orientation._meta.fields if f.name not in CHAMPS_MASQUES]


@admin.register(OrientationSimple)
class OrientationSimpleAdmin(ReadOnlyAdmin):
    """Pièces en ajout seul (aucune donnée sur la personne) : lecture seule."""

    list_display = ["public_id", "lieu", "structure_prescriptrice", "created_at"]
    list_select_related = ["lieu", "structure_prescriptrice"]
    raw_id_fields = ["lieu", "structure_prescriptrice", "prescripteur"]
