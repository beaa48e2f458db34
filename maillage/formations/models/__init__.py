"""Modèles des formations des aidants (`formations.py`) et du service civique (`service_civique.py`)."""

from maillage.formations.models.formations import (  # noqa: F401
    DemandeFormation,
    Formation,
    Inscription,
    JournalFormation,
    Session,
    competences_text,
)
from maillage.formations.models.service_civique import (  # noqa: F401
    AGE_MINIMUM_VOLONTAIRE,
    Cohorte,
    Mission,
    PointEtape,
    Presence,
    Rencontre,
    Volontaire,
)
