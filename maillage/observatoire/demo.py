"""Démonstration de l'observatoire : les indicateurs publics du Maine-et-Loire (fichier livré dans data/), l'offre
des communes du territoire de démonstration calculée, et des observations de terrain (publiées et à relire)."""

from maillage.comptes.enums import Role
from maillage.core.demo import DemoContext
from maillage.observatoire import services
from maillage.observatoire.enums import EtatObservation
from maillage.observatoire.models import Observation

#: (index de la structure, commune ou None, SIREN de l'EPCI ou "", texte, publiée ?)
OBSERVATIONS = [
    (1, "49007", "", "Depuis la rentrée, beaucoup de demandes pour la déclaration de revenus en ligne et les comptes "
     "Ameli : les créneaux du mardi sont pleins trois semaines à l'avance.", True),
    (5, "49353", "", "Le guichet de la CAF n'ouvre plus que sur rendez-vous : les personnes arrivent chez nous sans "
     "identifiants ni courrier. Un atelier « retrouver ses identifiants » serait utile.", True),
    (6, "", "244900015", "Dans les communes du nord de l'agglomération, les personnes âgées ne se déplacent pas "
     "jusqu'aux lieux du centre : le passage d'un médiateur itinérant au marché est très demandé.", True),
    (3, "49007", "", "Les collégiens viennent faire leurs devoirs sur nos postes : la demande dépasse ce qu'on "
     "peut offrir le mercredi après-midi.", False),
]  # fmt: skip


def load(ctx: DemoContext) -> None:
    r = services.charger_indicateurs()
    calcul = services.calculer_offre(communes_de=ctx.territoire) if ctx.territoire is not None else None
    coordination = ctx.users.get(Role.COORDINATEUR)
    n = 0
    for idx, code, epci, texte, publiee in OBSERVATIONS:
        structure = ctx.structures[idx] if idx < len(ctx.structures) else None
        auteur = next((m.user for m in structure.memberships.filter(is_active=True)), None) if structure else None
        if ctx.territoire is None or auteur is None or Observation.objects.filter(texte=texte).exists():
            continue
        commune = ctx.territoire.communes.filter(pk=code).first() if code else None
        if (code and commune is None) or (epci and not ctx.territoire.communes.filter(epci_code=epci).exists()):
            continue  # référentiel partiel (sans EPCI, par exemple) : l'observation n'aurait pas de sujet
        obs = services.proposer_observation(territoire=ctx.territoire, structure=structure, by=auteur, texte=texte,
                                            commune=commune, epci_code=epci)  # fmt: skip
        if publiee and coordination is not None:
            services.moderer_observation(observation=obs, by=coordination, etat=EtatObservation.PUBLIEE)
        n += 1
    if ctx.stdout is not None:
        ctx.stdout.write(
            f"Observatoire : {r.indicateurs} indicateurs publics, {r.valeurs.creees} valeurs chargées, offre de "
            f"{calcul.communes if calcul else 0} communes calculée, {n} observations de terrain."
        )
