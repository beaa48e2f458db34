"""Lieux de démonstration en Maine-et-Loire : fictifs mais réalistes (services, publics, frais, horaires variés).

Un lieu par structure de démonstration, quelques permanences en plus, un bus France Services itinérant avec ses
arrêts, un lieu fermé et un brouillon. Idempotent : chaque lieu porte `source_import="demo"` et un identifiant
stable ; relancer la démo met à jour les mêmes lignes.

Écrit par les services, comme une page ou un import : chaque lieu créé ou changé a sa ligne d'historique
(chaînée, `verifier_journaux` la vérifie) ; relancer la démo le même jour n'en écrit aucune.
"""

import hashlib
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from maillage.core.demo import DemoContext
from maillage.core.models import Commune
from maillage.lieux import services
from maillage.lieux.enums import (
    Dispositif,
    Frais,
    Itinerance,
    ModaliteAcces,
    ModaliteAccompagnement,
    PriseEnCharge,
    Public,
    Service,
    StatutLieu,
)
from maillage.lieux.models import Lieu

SOURCE = "demo"
# Noté dans l'historique des lieux : d'où vient la ligne.
TRACE = {"source": SOURCE, "via": "demo"}

S, P, F, A, M, D, C = Service, Public, Frais, ModaliteAcces, ModaliteAccompagnement, Dispositif, PriseEnCharge

# Horaires types (syntaxe OpenStreetMap du standard).
H_BUREAU = "Mo-Fr 09:00-12:00,14:00-17:00; PH off"
H_MEDIATHEQUE = "Tu 14:00-18:00; We 10:00-12:30,14:00-18:00; Fr 14:00-18:00; Sa 10:00-17:00; PH off"
H_CCAS = "Mo-Th 08:30-12:00,13:30-17:00; Fr 08:30-12:00; PH off"
H_CENTRE_SOCIAL = "Mo 14:00-18:00; Tu-Fr 09:00-12:00,14:00-18:00; PH off"
H_FRANCE_SERVICES = "Mo-Fr 09:00-12:30,13:30-17:30; Sa 09:00-12:00; PH off"
H_TIERS_LIEU = "We-Sa 10:00-19:00"
H_FABLAB = "We 14:00-19:00; Fr 17:00-22:00; Sa 10:00-18:00"
H_PERMANENCE = "Th 09:30-12:00"
H_SOIR = "Mo-Fr 17:30-20:00"

# (index de la structure ou None, nom, INSEE, adresse, services, publics, frais, horaires, accès, accompagnement,
#  dispositifs, prises en charge, résumé)
LIEUX = [
    (1, "Espace numérique du Lac de Maine", "49007", "12 rue du Lac de Maine",
     [S.OUTILS_QUOTIDIEN, S.USAGE_SECURISE, S.AIDE_DEMARCHES, S.ACCES_MATERIEL], [], [F.GRATUIT], H_BUREAU,
     [A.SE_PRESENTER, A.TELEPHONER], [M.INDIVIDUEL, M.ATELIER, M.AUTONOMIE], [D.CONSEILLERS_NUMERIQUES],
     [C.HANDICAPS_MOTEURS], "Ateliers et rendez-vous individuels pour apprendre à se servir d'un ordinateur ou d'un smartphone."),
    (2, "Médiathèque Toussaint — espace multimédia", "49007", "49 rue Toussaint",
     [S.ACCES_MATERIEL, S.OUTILS_QUOTIDIEN, S.LOISIRS_CREATION, S.COMPREHENSION], [], [F.GRATUIT], H_MEDIATHEQUE,
     [A.SE_PRESENTER], [M.AUTONOMIE, M.ATELIER], [D.CONSEILLERS_NUMERIQUES, D.BNR],
     [C.HANDICAPS_MOTEURS, C.DEFICIENCE_VISUELLE], "Ordinateurs en libre accès, wifi, impression et ateliers du samedi."),
    (3, "CCAS d'Angers — accueil numérique", "49007", "2 place Maurice Saillant",
     [S.AIDE_DEMARCHES, S.OUTILS_QUOTIDIEN], [P.SENIORS], [F.GRATUIT], H_CCAS,
     [A.SE_PRESENTER, A.TELEPHONER, A.FICHE_PRESCRIPTION], [M.INDIVIDUEL], [D.AIDANTS_CONNECT],
     [C.HANDICAPS_MOTEURS, C.ILLETTRISME], "Aide aux démarches en ligne pour les personnes suivies par le CCAS."),
    (4, "Centre social Belle-Beille", "49007", "5 rue Eugène Bréchet",
     [S.OUTILS_QUOTIDIEN, S.PARENTALITE, S.AIDE_DEMARCHES], [P.FAMILLES_ENFANTS], [F.GRATUIT_SOUS_CONDITION],
     H_CENTRE_SOCIAL, [A.SE_PRESENTER, A.TELEPHONER], [M.ATELIER, M.INDIVIDUEL], [D.CONSEILLERS_NUMERIQUES],
     [C.LANGUES_AUTRES], "Ateliers parents-enfants, aide à Pronote et à l'espace famille de la CAF."),
    (5, "France Services Trélazé", "49353", "1 place de la Mairie",
     [S.AIDE_DEMARCHES, S.INSERTION_PRO, S.ACCES_MATERIEL], [], [F.GRATUIT], H_FRANCE_SERVICES,
     [A.SE_PRESENTER, A.TELEPHONER, A.RDV_EN_LIGNE], [M.INDIVIDUEL, M.AUTONOMIE], [D.FRANCE_SERVICES, D.AIDANTS_CONNECT],
     [C.HANDICAPS_MOTEURS, C.SURDITE], "Un seul guichet pour vos démarches : CAF, impôts, retraite, santé, emploi."),
    (6, "Mairie d'Avrillé — point numérique", "49015", "1 place de l'Hôtel de Ville",
     [S.AIDE_DEMARCHES, S.ACCES_MATERIEL], [], [F.GRATUIT], "Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-12:00; PH off",
     [A.SE_PRESENTER], [M.AUTONOMIE, M.INDIVIDUEL], [], [C.HANDICAPS_MOTEURS],
     "Un ordinateur et une imprimante en accès libre à l'accueil de la mairie, avec de l'aide si besoin."),
    (7, "Tiers-lieu La Filature", "49099", "3 rue de la Filature",
     [S.LOISIRS_CREATION, S.COMPREHENSION, S.OUTILS_QUOTIDIEN], [P.JEUNES, P.ETUDIANTS], [F.PAYANT], H_TIERS_LIEU,
     [A.SE_PRESENTER, A.MAIL], [M.ATELIER, M.AUTONOMIE], [D.PROMENEURS_DU_NET], [],
     "Espace de coworking, ateliers vidéo et podcast, café numérique le samedi."),
    (8, "CCAS de Cholet", "49099", "9 rue Travot",
     [S.AIDE_DEMARCHES], [P.SENIORS], [F.GRATUIT], H_CCAS,
     [A.TELEPHONER, A.FICHE_PRESCRIPTION], [M.INDIVIDUEL], [D.AIDANTS_CONNECT], [C.ILLETTRISME],
     "Rendez-vous individuels pour les démarches de retraite, d'aide sociale et de santé."),
    (9, "Médiathèque Élie Chamard", "49099", "Place de la République",
     [S.ACCES_MATERIEL, S.OUTILS_QUOTIDIEN, S.COMPREHENSION], [], [F.GRATUIT], H_MEDIATHEQUE,
     [A.SE_PRESENTER], [M.AUTONOMIE, M.ATELIER], [D.BNR], [C.DEFICIENCE_VISUELLE, C.HANDICAPS_MOTEURS],
     "Postes en libre accès, wifi et ateliers « premiers pas sur Internet »."),
    (10, "FabLab des Mauges", "49092", "8 rue du Commerce",
     [S.LOISIRS_CREATION, S.COMPREHENSION], [P.JEUNES], [F.PAYANT], H_FABLAB,
     [A.SE_PRESENTER, A.RDV_EN_LIGNE], [M.ATELIER, M.AUTONOMIE], [], [],
     "Impression 3D, découpe laser, électronique : on apprend en fabriquant."),
    (11, "France Services Chemillé-en-Anjou", "49092", "Place du Château",
     [S.AIDE_DEMARCHES, S.INSERTION_PRO, S.OUTILS_QUOTIDIEN], [], [F.GRATUIT], H_FRANCE_SERVICES,
     [A.SE_PRESENTER, A.TELEPHONER, A.RDV_EN_LIGNE], [M.INDIVIDUEL], [D.FRANCE_SERVICES, D.CONSEILLERS_NUMERIQUES],
     [C.HANDICAPS_MOTEURS], "Démarches administratives et accompagnement au numérique sur rendez-vous ou sans."),
    (12, "Centre social du Saumurois", "49328", "10 rue de la Petite Bilange",
     [S.OUTILS_QUOTIDIEN, S.PARENTALITE, S.USAGE_SECURISE], [P.FAMILLES_ENFANTS, P.FEMMES], [F.GRATUIT_SOUS_CONDITION],
     H_CENTRE_SOCIAL, [A.SE_PRESENTER, A.TELEPHONER], [M.ATELIER], [D.CONSEILLERS_NUMERIQUES],
     [C.LANGUES_AUTRES, C.LANGUES_ANGLAIS], "Ateliers collectifs en petit groupe, garde d'enfants possible."),
    (13, "Médiathèque de Saumur", "49328", "Place de la Bilange",
     [S.ACCES_MATERIEL, S.OUTILS_QUOTIDIEN], [], [F.GRATUIT], H_MEDIATHEQUE,
     [A.SE_PRESENTER], [M.AUTONOMIE], [D.BNR], [C.HANDICAPS_MOTEURS], "Ordinateurs, wifi et impression."),
    (14, "CCAS de Saumur", "49328", "Rue Molière",
     [S.AIDE_DEMARCHES], [P.SENIORS], [F.GRATUIT], H_CCAS,
     [A.TELEPHONER], [M.INDIVIDUEL], [], [], "Aide aux démarches pour les personnes âgées et isolées."),
    (16, "Espace de vie sociale de Segré", "49331", "2 rue David d'Angers",
     [S.OUTILS_QUOTIDIEN, S.AIDE_DEMARCHES], [], [F.GRATUIT], "Tu,Th 09:00-12:00,14:00-17:00; PH off",
     [A.SE_PRESENTER, A.TELEPHONER], [M.INDIVIDUEL, M.ATELIER], [], [C.ILLETTRISME],
     "Permanences numériques deux jours par semaine, sans rendez-vous le matin."),
    (17, "France Services Segré-en-Anjou Bleu", "49331", "Place du Port",
     [S.AIDE_DEMARCHES, S.INSERTION_PRO, S.ACCES_MATERIEL], [], [F.GRATUIT], H_FRANCE_SERVICES,
     [A.SE_PRESENTER, A.TELEPHONER, A.RDV_EN_LIGNE], [M.INDIVIDUEL, M.AUTONOMIE], [D.FRANCE_SERVICES], [C.SURDITE],
     "CAF, Assurance maladie, impôts, retraite, France Travail : on vous aide à faire vos démarches."),
    (18, "Médiathèque de Baugé", "49018", "Rue de la Girouardière",
     [S.ACCES_MATERIEL, S.OUTILS_QUOTIDIEN, S.LOISIRS_CREATION], [], [F.GRATUIT], H_MEDIATHEQUE,
     [A.SE_PRESENTER], [M.AUTONOMIE, M.ATELIER], [], [C.HANDICAPS_MOTEURS], "Ordinateurs et ateliers photo."),
    (19, "Association Clic'Anjou", "49023", "4 rue Nationale",
     [S.OUTILS_QUOTIDIEN, S.USAGE_SECURISE, S.COMPREHENSION], [P.SENIORS], [F.PAYANT], "Mo,We,Fr 14:00-17:00",
     [A.TELEPHONER, A.MAIL], [M.ATELIER], [], [],
     "Cours d'informatique en petit groupe pour les seniors (adhésion annuelle)."),
    (20, "Mission locale angevine — espace emploi", "49007", "12 place Imbach",
     [S.INSERTION_PRO, S.AIDE_DEMARCHES], [P.JEUNES], [F.GRATUIT], H_BUREAU,
     [A.SE_PRESENTER, A.TELEPHONER], [M.INDIVIDUEL, M.ATELIER], [D.PROMENEURS_DU_NET], [],
     "Pour les 16-25 ans : CV, candidatures en ligne, compte France Travail."),
    (21, "Maison de l'emploi du Choletais", "49099", "2 avenue Manet",
     [S.INSERTION_PRO, S.ACCES_MATERIEL], [], [F.GRATUIT], H_BUREAU,
     [A.SE_PRESENTER], [M.AUTONOMIE, M.INDIVIDUEL], [], [C.HANDICAPS_MOTEURS],
     "Ordinateurs pour chercher un emploi, aide au CV et aux candidatures."),
    (22, "Épicerie solidaire du Baugeois — coin numérique", "49174", "Place de la Mairie",
     [S.MATERIEL_SOLIDAIRE, S.AIDE_DEMARCHES], [], [F.GRATUIT_SOUS_CONDITION], "Tu 14:00-17:00; Fr 09:30-12:00",
     [A.SE_PRESENTER], [M.INDIVIDUEL], [], [], "Recharges téléphoniques et forfaits solidaires, aide aux démarches."),
    (23, "Mairie de Doué-en-Anjou — accueil numérique", "49125", "Place du Champ de Foire",
     [S.AIDE_DEMARCHES, S.ACCES_MATERIEL], [], [F.GRATUIT], "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off",
     [A.SE_PRESENTER], [M.AUTONOMIE, M.INDIVIDUEL], [], [C.HANDICAPS_MOTEURS], "Poste en libre accès à l'accueil."),
    (24, "Centre social de Beaufort", "49021", "Rue de l'Hôtel de Ville",
     [S.OUTILS_QUOTIDIEN, S.PARENTALITE], [P.FAMILLES_ENFANTS], [F.GRATUIT], H_CENTRE_SOCIAL,
     [A.SE_PRESENTER, A.TELEPHONER], [M.ATELIER], [D.CONSEILLERS_NUMERIQUES], [], "Ateliers smartphone et tablette."),
    (25, "Médiathèque de Montreuil-Bellay", "49215", "Place du Concorde",
     [S.ACCES_MATERIEL, S.OUTILS_QUOTIDIEN], [], [F.GRATUIT], H_MEDIATHEQUE,
     [A.SE_PRESENTER], [M.AUTONOMIE], [], [], "Deux ordinateurs en libre accès et le wifi."),
    (26, "Point numérique CAF d'Angers", "49007", "32 rue Louis Gain",
     [S.AIDE_DEMARCHES], [P.FAMILLES_ENFANTS], [F.GRATUIT], "Mo-Fr 08:30-16:30; PH off",
     [A.SE_PRESENTER, A.RDV_EN_LIGNE], [M.AUTONOMIE, M.INDIVIDUEL], [D.POINT_CAF], [C.HANDICAPS_MOTEURS],
     "Bornes et ordinateurs pour vos démarches CAF, avec un agent pour vous aider."),
    (27, "Emmaüs Connect Angers", "49007", "7 rue de la Roë",
     [S.MATERIEL_SOLIDAIRE, S.OUTILS_QUOTIDIEN, S.ACCES_MATERIEL], [], [F.GRATUIT_SOUS_CONDITION],
     "Tu-Th 09:30-12:30,14:00-17:00", [A.SE_PRESENTER, A.FICHE_PRESCRIPTION], [M.INDIVIDUEL, M.ATELIER],
     [D.EMMAUS_CONNECT, D.RELAIS_EMMAUS], [C.LANGUES_AUTRES],
     "Ordinateurs et smartphones reconditionnés à prix solidaire, sur orientation d'un travailleur social."),
    (28, "Ressourcerie des Mauges — boutique informatique", "49092", "Zone de la Croix Cadeau",
     [S.MATERIEL_SOLIDAIRE], [], [F.PAYANT], "We,Sa 10:00-12:00,14:00-18:00",
     [A.SE_PRESENTER], [M.AUTONOMIE], [], [], "Ordinateurs reconditionnés garantis un an, à petit prix."),
    (29, "Tiers-lieu Le Champ Commun", "49244", "1 place de la Mairie",
     [S.OUTILS_QUOTIDIEN, S.LOISIRS_CREATION, S.ACCES_MATERIEL], [], [F.GRATUIT], "We-Su 10:00-18:00",
     [A.SE_PRESENTER], [M.AUTONOMIE, M.ATELIER], [D.CONSEILLERS_NUMERIQUES], [], "Café, ateliers et ordinateurs."),
    (0, "Département — permanence numérique de la Maison des solidarités", "49007", "48 boulevard Foch",
     [S.AIDE_DEMARCHES, S.OUTILS_QUOTIDIEN], [], [F.GRATUIT], H_PERMANENCE,
     [A.FICHE_PRESCRIPTION, A.TELEPHONER], [M.INDIVIDUEL], [D.CONSEILLERS_NUMERIQUES], [C.ILLETTRISME],
     "Permanence du jeudi matin, sur orientation des travailleurs sociaux."),
    # — Permanences et antennes en plus —
    (1, "Espace numérique — permanence de Monplaisir", "49007", "Place de l'Europe",
     [S.AIDE_DEMARCHES, S.OUTILS_QUOTIDIEN], [], [F.GRATUIT], "We 14:00-17:00",
     [A.SE_PRESENTER], [M.INDIVIDUEL], [D.CONSEILLERS_NUMERIQUES], [C.LANGUES_AUTRES], "Permanence du mercredi."),
    (2, "Médiathèque de la Roseraie", "49007", "Rue Jean Vilar",
     [S.ACCES_MATERIEL, S.LOISIRS_CREATION], [P.JEUNES, P.FAMILLES_ENFANTS], [F.GRATUIT], H_MEDIATHEQUE,
     [A.SE_PRESENTER], [M.AUTONOMIE, M.ATELIER], [], [], "Jeux vidéo, ateliers créatifs, ordinateurs."),
    (5, "France Services Trélazé — antenne des Plaines", "49353", "Rue Jean Jaurès",
     [S.AIDE_DEMARCHES], [], [F.GRATUIT], "Tu,Th 09:00-12:00; PH off",
     [A.SE_PRESENTER, A.RDV_EN_LIGNE], [M.INDIVIDUEL], [D.FRANCE_SERVICES], [], "Antenne ouverte deux matinées."),
    (7, "La Filature — cours du soir", "49099", "3 rue de la Filature",
     [S.OUTILS_QUOTIDIEN, S.USAGE_SECURISE], [], [F.PAYANT], H_SOIR,
     [A.MAIL, A.RDV_EN_LIGNE], [M.ATELIER, M.A_DISTANCE], [], [], "Cours du soir, sur place ou en visioconférence."),
    (12, "Centre social du Saumurois — atelier Bagneux", "49328", "Rue du Pont Fouchard",
     [S.OUTILS_QUOTIDIEN], [P.SENIORS], [F.GRATUIT], "Mo 14:00-16:30",
     [A.TELEPHONER], [M.ATELIER], [], [C.HANDICAPS_MOTEURS], "Atelier tablette du lundi après-midi."),
    (20, "Mission locale — antenne de Segré", "49331", "Rue Lakanal",
     [S.INSERTION_PRO], [P.JEUNES], [F.GRATUIT], "We 09:00-12:00,14:00-17:00",
     [A.TELEPHONER, A.RDV_EN_LIGNE], [M.INDIVIDUEL], [], [], "Pour les 16-25 ans, le mercredi."),
    (27, "Emmaüs Connect — permanence téléphonique", "49007", "7 rue de la Roë",
     [S.OUTILS_QUOTIDIEN], [], [F.GRATUIT], "Mo-Fr 10:00-12:00",
     [A.TELEPHONER], [M.A_DISTANCE], [D.EMMAUS_CONNECT], [], "Aide par téléphone pour les premiers pas sur Internet."),
    (9, "Médiathèque du Puy-Saint-Bonnet", "49099", "Place de l'Église",
     [S.ACCES_MATERIEL], [], [F.GRATUIT], "We 14:00-18:00; Sa 10:00-12:00",
     [A.SE_PRESENTER], [M.AUTONOMIE], [], [], "Un ordinateur en libre accès."),
    (3, "CCAS d'Angers — aide aux démarches en soirée", "49007", "2 place Maurice Saillant",
     [S.AIDE_DEMARCHES], [], [F.GRATUIT], "Tu 17:00-19:30; PH off",
     [A.TELEPHONER], [M.INDIVIDUEL], [], [], "Pour celles et ceux qui travaillent en journée, sur rendez-vous."),
]  # fmt: skip

# Bus France Services : (INSEE, nom de l'arrêt, adresse, horaires).
BUS_ARRETS = [
    ("49090", "Cheffes — place de l'Église", "Place de l'Église", "Mo 09:30-12:30"),
    ("49048", "Briollay — parking de la mairie", "Rue de la Mairie", "Mo 14:00-17:00"),
    ("49174", "Huillé-Lézigné — salle des fêtes", "Rue du Stade", "Tu 09:30-12:30"),
    ("49021", "Beaufort-en-Anjou — marché", "Place Jeanne de Laval", "Th 08:30-12:30"),
    ("49018", "Baugé-en-Anjou — champ de foire", "Place du Champ de Foire", "Fr 09:00-12:00,13:30-16:30"),
]


def _jitter(key: str) -> tuple[float, float]:
    """Petit décalage stable (± 500 m environ) pour que les lieux d'une même commune ne se superposent pas."""
    digest = hashlib.sha256(key.encode()).digest()
    return (digest[0] - 128) / 128 * 0.005, (digest[1] - 128) / 128 * 0.007


def _data(commune: Commune, source_id: str, **fields: object) -> dict:
    """Les champs d'un lieu de démonstration : commune du référentiel, position légèrement décalée, publié."""
    dlat, dlon = _jitter(source_id)
    return {
        "commune": commune.nom,
        "code_postal": commune.code_postal,
        "code_insee": commune.code_insee,
        "commune_ref": commune,
        "latitude": round(commune.latitude + dlat, 6) if commune.latitude is not None else None,
        "longitude": round(commune.longitude + dlon, 6) if commune.longitude is not None else None,
        "source": "Réseau de médiation numérique de Maine-et-Loire (démonstration)",
        "statut": StatutLieu.PUBLIE,
        **fields,
    }


def _save(entries: list[tuple[str, dict]]) -> dict[str, Lieu]:
    """Crée ou met à jour les lieux (identifiant à la source, champs) par `services.save_lieux_batch`, en un
    paquet : validés comme une page ou un import, une ligne d'historique par lieu créé ou changé, aucune pour
    un lieu déjà à jour."""
    existing = {
        lieu.source_id: lieu
        for lieu in Lieu.objects.filter(source_import=SOURCE, source_id__in=[sid for sid, _ in entries])
    }
    created, updated, lieux = [], [], {}
    for source_id, data in entries:
        lieu = existing.get(source_id)
        if lieu is None:
            lieu = Lieu(source_import=SOURCE, source_id=source_id, **data)
            created.append(lieu)
        else:
            changes = services.apply_changes(lieu, data)
            if changes:
                updated.append((lieu, changes))
        lieux[source_id] = lieu
    services.save_lieux_batch(created=created, updated=updated, by=None, details=TRACE)
    return lieux


def _reseau(ctx: DemoContext, communes: dict[str, Commune], today: date) -> list[tuple[str, dict]]:
    """Un lieu par structure de démonstration, et les permanences en plus."""
    entries = []
    for n, (idx, nom, insee, adresse, offre, publics, frais, horaires, acces, accompagnement, dispositifs,
            prises_en_charge, resume) in enumerate(LIEUX):  # fmt: skip
        structure = ctx.structures[idx] if idx is not None and idx < len(ctx.structures) else None
        commune = communes.get(insee)
        if commune is None:
            continue
        verified = today - timedelta(days=30 + 23 * n)  # certains lieux ne sont plus vérifiés depuis plus d'un an
        source_id = f"demo-{n:03d}"
        entries.append((source_id, _data(
            commune, source_id,
            nom=nom,
            adresse=adresse,
            structure=structure,
            pivot=(structure.siret if structure else "") or "",
            structure_parente=structure.nom if structure else "",
            telephone=f"02 41 {10 + n:02d} {20 + n:02d} {30 + n:02d}",
            courriels=[f"contact-{n:03d}@demo.maillage.fr"],
            site_web=[],
            horaires=horaires,
            presentation_resume=resume,
            presentation_detail="",
            # Codes data·inclusion : ceux des structures le sont déjà (même liste, `core/typologies.py`).
            typologie=[structure.typologie] if structure and structure.typologie else [],
            itinerance=[Itinerance.FIXE],
            date_maj=verified,
            verified_at=timezone.make_aware(datetime.combine(verified, time(10))),
            services=[str(s) for s in offre],
            publics_specifiquement_adresses=[str(p) for p in publics],
            prise_en_charge_specifique=[str(c) for c in prises_en_charge],
            frais_a_charge=[str(f) for f in frais],
            modalites_acces=[str(a) for a in acces],
            modalites_accompagnement=[str(m) for m in accompagnement],
            dispositif_programmes_nationaux=[str(d) for d in dispositifs],
        )))  # fmt: skip
    return entries


def _bus(ctx: DemoContext, communes: dict[str, Commune], today: date) -> tuple[str, dict]:
    """Le bus France Services de l'Anjou, itinérant, rattaché au « Bus numérique de l'Anjou »."""
    structure = ctx.structures[15] if len(ctx.structures) > 15 else None
    return "demo-bus", _data(
        communes["49307"] if "49307" in communes else next(iter(communes.values())),
        "demo-bus",
        nom="Bus France Services de l'Anjou",
        adresse="Route de Saint-Laurent",
        structure=structure,
        structure_parente=structure.nom if structure else "",
        typologie=[structure.typologie] if structure and structure.typologie else [],
        telephone="02 41 99 00 11",
        courriels=["bus@demo.maillage.fr"],
        horaires="",  # un lieu itinérant n'a pas d'horaires propres : ce sont ceux de ses arrêts
        presentation_resume="Le bus vient près de chez vous : démarches, ordinateur et aide au numérique, "
        "sans rendez-vous.",
        itinerance=[Itinerance.ITINERANT],
        date_maj=today,
        # À la date du jour (et non « il y a 20 jours » à la seconde près) : relancer la démo ne change rien.
        verified_at=timezone.make_aware(datetime.combine(today - timedelta(days=20), time(10))),
        services=[S.AIDE_DEMARCHES, S.OUTILS_QUOTIDIEN, S.ACCES_MATERIEL],
        frais_a_charge=[F.GRATUIT],
        modalites_acces=[A.SE_PRESENTER, A.TELEPHONER],
        modalites_accompagnement=[M.INDIVIDUEL],
        dispositif_programmes_nationaux=[D.FRANCE_SERVICES],
        prise_en_charge_specifique=[C.HANDICAPS_MOTEURS],
        publics_specifiquement_adresses=[],
    )


def _arrets(communes: dict[str, Commune]) -> list[dict]:
    """Les arrêts du bus, dans l'ordre de sa tournée (champs de `services.replace_arrets`)."""
    return [
        {"commune": communes[insee], "nom": nom, "adresse": adresse, "horaires": horaires,
         "latitude": communes[insee].latitude, "longitude": communes[insee].longitude}
        for insee, nom, adresse, horaires in BUS_ARRETS
        if insee in communes
    ]  # fmt: skip


def _ferme_et_brouillon(ctx: DemoContext, communes: dict[str, Commune], today: date) -> list[tuple[str, dict]]:
    """Un lieu fermé (il reste dans l'historique, pas dans la recherche) et un brouillon en cours de saisie."""
    structure = ctx.structures[1] if len(ctx.structures) > 1 else None
    return [
        ("demo-ferme", _data(
            communes["49007"], "demo-ferme",
            nom="Cyber-espace Saint-Serge (fermé)",
            adresse="Avenue Montaigne",
            statut=StatutLieu.FERME,
            date_maj=today - timedelta(days=400),
            horaires="Mo-Fr 10:00-18:00",
            services=[S.ACCES_MATERIEL],
            frais_a_charge=[F.PAYANT],
            itinerance=[Itinerance.FIXE],
            structure=structure,
        )),
        ("demo-brouillon", _data(
            communes["49007"], "demo-brouillon",
            nom="Nouvel atelier numérique de la Doutre (brouillon)",
            adresse="Place de la Laiterie",
            statut=StatutLieu.BROUILLON,
            date_maj=today,
            horaires="",
            services=[S.OUTILS_QUOTIDIEN],
            frais_a_charge=[F.GRATUIT],
            itinerance=[Itinerance.FIXE],
            structure=structure,
        )),
    ]  # fmt: skip


def load(ctx: DemoContext) -> list[Lieu]:
    communes = {c.code_insee: c for c in Commune.objects.filter(departement_id="49")}
    today = timezone.localdate()
    entries = [*_reseau(ctx, communes, today), _bus(ctx, communes, today), *_ferme_et_brouillon(ctx, communes, today)]
    lieux = _save(entries)
    # Arrêts remplacés à l'identique : pas de ligne d'historique s'ils n'ont pas changé.
    services.replace_arrets(lieu=lieux["demo-bus"], arrets=_arrets(communes), by=None)
    if ctx.stdout:
        ctx.stdout.write(f"Lieux de démonstration : {len(lieux)} (dont un bus itinérant, un fermé, un brouillon).")
    return list(lieux.values())
