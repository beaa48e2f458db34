"""Pages du Pass numérique, un module par idée. Chaque vue : récupère (périmètre du compte), vérifie, valide, appelle
le service, affiche. Ce paquet les réexporte pour `urls.py`."""

from maillage.pass_numerique.views.accueil import accueil
from maillage.pass_numerique.views.campagnes import (
    campagne_attribuer,
    campagne_cloturer,
    campagne_corriger,
    campagne_detail,
    campagne_generer,
    campagne_nouvelle,
    campagne_releves,
)
from maillage.pass_numerique.views.carnets import carnet_annulation, carnet_remise
from maillage.pass_numerique.views.encaissement import encaisser
from maillage.pass_numerique.views.fichiers import campagne_export, campagne_registre, carnets_pdf, releve_fichier
from maillage.pass_numerique.views.observatoire import dans_mon_territoire, observatoire, point_distribution
from maillage.pass_numerique.views.qualification import qualification_decision, qualification_demande
from maillage.pass_numerique.views.releves import releve_detail, releve_payer, releve_valider

__all__ = [
    "dans_mon_territoire",
    "observatoire",
    "point_distribution",
    "accueil",
    "campagne_attribuer",
    "campagne_cloturer",
    "campagne_corriger",
    "campagne_detail",
    "campagne_export",
    "campagne_generer",
    "campagne_nouvelle",
    "campagne_registre",
    "campagne_releves",
    "carnet_annulation",
    "carnet_remise",
    "carnets_pdf",
    "encaisser",
    "qualification_decision",
    "qualification_demande",
    "releve_detail",
    "releve_fichier",
    "releve_payer",
    "releve_valider",
]
