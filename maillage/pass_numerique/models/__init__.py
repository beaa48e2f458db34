"""Pass numérique : lieux qualifiés, campagnes, carnets, chèques, relevés (`principal`) et registres (`journaux`)."""

from maillage.pass_numerique.models.journaux import Mouvement, QualificationJournal, TentativeRefusee
from maillage.pass_numerique.models.principal import (
    Avoir,
    Campagne,
    Carnet,
    Charte,
    Cheque,
    Cofinancement,
    PointDistribution,
    QualificationPass,
    QualificationPassQuerySet,
    QualificationService,
    Releve,
    ServicePass,
)

__all__ = [
    "Avoir", "Campagne", "Carnet", "Charte", "Cheque", "Cofinancement", "Mouvement", "PointDistribution",
    "QualificationJournal", "QualificationPass", "QualificationPassQuerySet", "QualificationService", "Releve",
    "ServicePass", "TentativeRefusee",
]  # fmt: skip
