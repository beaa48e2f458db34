"""Pages de l'observatoire : panneaux (commune, EPCI, département, territoire), dépôt d'un indicateur, offre
(recalcul, communes éloignées), observations de terrain (proposer, modérer)."""

from maillage.observatoire.views.depot import deposer
from maillage.observatoire.views.observations import moderation, moderer, proposer
from maillage.observatoire.views.offre import eloignees, recalculer
from maillage.observatoire.views.panneaux import commune, departement, epci, hub, index

__all__ = ["commune", "departement", "deposer", "eloignees", "epci", "hub", "index", "moderation", "moderer",
           "proposer", "recalculer"]  # fmt: skip
