"""Fabriques du label : un référentiel (grille d'exemple, profils), des niveaux, une demande."""

from maillage.label import services
from maillage.label.enums import CHAMPS, GRILLE_EXEMPLE


def profil_uniforme(niveau: int | None) -> dict:
    return dict.fromkeys(CHAMPS, niveau)


def referentiel(territoire, *, by=None, profils=None, **kwargs):
    """Un référentiel publié : profil « Repérer et orienter » à 1 partout, « Aider dans l'urgence » à 2 partout et
    3 en 4.2 (sans `by` : publié par la démonstration ou un script, sans prédicat)."""
    if profils is None:
        urgence = profil_uniforme(2) | {"4.2": 3}
        profils = {"REPERER_ORIENTER": profil_uniforme(1), "AIDER_URGENCE": urgence,
                   "ACCOMPAGNER_AUTONOMIE": profil_uniforme(3)}  # fmt: skip
    return services.publish_referentiel(
        territoire=territoire, by=by, grille=kwargs.pop("grille", GRILLE_EXEMPLE), profils=profils, **kwargs
    )
