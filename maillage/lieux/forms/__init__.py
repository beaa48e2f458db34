"""Formulaires des lieux, un module par idée : grille d'horaires (`horaires`), recherche publique (`recherche`),
modification d'un lieu (`lieu`), dépôt d'un import (`importer`). Les noms restent importables d'ici."""

from maillage.lieux.forms.horaires import (
    JOUR_CODES,
    JOURS,
    PLAGE_LIBELLES,
    PLAGES,
    HorairesForm,
    grid_to_osm,
    horaires_error,
    osm_to_grid,
)
from maillage.lieux.forms.importer import ImportForm
from maillage.lieux.forms.lieu import ArretForm, ArretFormSet, FusionForm, LieuForm, ListeTexteField, StatutForm
from maillage.lieux.forms.recherche import RAYON_DEFAUT, RAYONS, RechercheForm

__all__ = [
    "JOURS", "JOUR_CODES", "PLAGES", "PLAGE_LIBELLES", "RAYONS", "RAYON_DEFAUT", "ArretForm", "ArretFormSet",
    "FusionForm", "HorairesForm", "ImportForm", "LieuForm", "ListeTexteField", "RechercheForm", "StatutForm",
    "grid_to_osm", "horaires_error", "osm_to_grid",
]  # fmt: skip
