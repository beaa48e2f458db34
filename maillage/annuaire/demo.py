"""Annuaire de démonstration (Maine-et-Loire) : des acteurs et leurs périmètres, le périmètre de quelques lieux, les
contacts partenaires (dont la CAF), des postes (deux financements qui finissent bientôt, un doublon sur une même
intercommunalité pour le même public) et une feuille de route publiée avec ses indicateurs vivants."""

from datetime import timedelta

from django.utils import timezone

from maillage.annuaire import services
from maillage.annuaire.enums import Canal, Dispositif, Operateur, Public, RoleReseau, StatutAction
from maillage.annuaire.models import Acteur, Indicateur
from maillage.comptes.models import User
from maillage.core.demo import DemoContext
from maillage.lieux.models import Lieu

R, D = RoleReseau, Dispositif
# (index de la structure, rôles, dispositifs, codes INSEE servis en plus de l'EPCI de l'adresse)
ACTEURS = [
    (0, [R.FINANCEUR, R.HUB], [D.PASS_NUMERIQUE], []),
    (1, [R.LIEU_MEDIATION, R.FORMATEUR], [D.CONSEILLERS_NUMERIQUES, D.AIDANTS_CONNECT], []),
    (3, [R.PRESCRIPTEUR], [], []),
    (4, [R.LIEU_MEDIATION, R.PRESCRIPTEUR], [D.CONSEILLERS_NUMERIQUES], []),
    (5, [R.LIEU_MEDIATION, R.OPERATEUR], [D.FRANCE_SERVICES, D.AIDANTS_CONNECT], []),
    (7, [R.LIEU_MEDIATION], [D.CONSEILLERS_NUMERIQUES], []),
    (8, [R.PRESCRIPTEUR], [], []),
    (11, [R.LIEU_MEDIATION, R.OPERATEUR], [D.FRANCE_SERVICES], ["49092"]),
    (15, [R.LIEU_MEDIATION], [D.CONSEILLERS_NUMERIQUES], ["49018", "49021", "49174", "49023"]),
    (17, [R.LIEU_MEDIATION, R.OPERATEUR], [D.FRANCE_SERVICES], ["49331"]),
    (19, [R.RESEAU], [], []),
    (26, [R.OPERATEUR], [], ["49007"]),
]
CONTACTS = [
    (Operateur.CAF, "Prestations (RSA, prime d'activité, aides au logement) : dossier bloqué", Canal.PORTAIL,
     "Espace partenaires de la CAF de Maine-et-Loire, rubrique « Saisir un référent »", "Service partenaires",
     "Numéro d'allocataire et accord écrit de la personne."),
    (Operateur.CPAM, "Carte Vitale, complémentaire santé solidaire", Canal.EMAIL,
     "partenaires-inclusion@cpam-49.exemple.fr", "Cellule d'accompagnement", "Numéro de sécurité sociale."),
    (Operateur.CARSAT, "Retraite : demande en ligne bloquée", Canal.TELEPHONE, "02 00 00 00 49 (ligne partenaires)",
     "Pôle partenariats", ""),
    (Operateur.MSA, "Exploitants et salariés agricoles", Canal.EMAIL, "accompagnement@msa-49.exemple.fr", "", ""),
    (Operateur.IMPOTS, "Compte impots.gouv bloqué, déclaration", Canal.COURRIER,
     "Service des impôts des particuliers d'Angers, référent partenaires", "", ""),
]  # fmt: skip


def _epci(structure) -> list[str]:
    return [structure.commune.epci_code] if structure.commune.epci_code else []


def _communes(structure, extra: list[str]) -> list[str]:
    return [] if structure.commune.epci_code and not extra else [structure.commune_id, *extra]


def load(ctx: DemoContext) -> None:
    territoire = ctx.territoire
    if Acteur.objects.filter(territoire=territoire).exists():
        return  # déjà chargé : la démonstration est idempotente
    coord = User.objects.get(email="coordination@demo.maillage.fr")
    for index, roles, dispositifs, extra in ACTEURS:
        s = ctx.structures[index]
        services.save_acteur(by=coord, territoire=territoire, structure=s, roles=roles, dispositifs=dispositifs,
                             communes=_communes(s, extra), epcis=_epci(s), mainteneur=coord)  # fmt: skip
    # Une fiche non vérifiée depuis 20 mois : l'annuaire public prévient, la relance est partie.
    ancienne = Acteur.objects.get(structure=ctx.structures[19])
    Acteur.objects.filter(pk=ancienne.pk).update(verified_at=timezone.now() - timedelta(days=610))
    for lieu in Lieu.objects.filter(structure__in=ctx.structures, commune_ref__isnull=False).select_related(
        "commune_ref"
    )[:8]:
        c = lieu.commune_ref
        services.set_perimetre_lieu(lieu=lieu, territoire=territoire, by=coord, communes=[c.pk],
                                    epcis=[c.epci_code] if c.epci_code else [])  # fmt: skip
    for operateur, theme, canal, coordonnees, service, consignes in CONTACTS:
        services.create_contact(territoire=territoire, by=coord, operateur=operateur, theme=theme, canal=canal,
                                coordonnees=coordonnees, service=service, consignes=consignes)  # fmt: skip
    _postes(ctx, coord)
    _feuille(ctx, coord)
    if ctx.stdout:
        ctx.stdout.write(f"Annuaire : {len(ACTEURS)} acteurs, {len(CONTACTS)} contacts partenaires, postes et "
                         "feuille de route.")  # fmt: skip


def _postes(ctx: DemoContext, coord: User) -> None:
    today = timezone.localdate()
    # (employeur, financeur, dispositif, début (jours), fin (jours), publics)
    postes = [
        (3, "État (ANCT)", D.CONSEILLERS_NUMERIQUES, -700, 90, [Public.SENIORS]),
        (4, "Département de Maine-et-Loire", D.CONSEILLERS_NUMERIQUES, -300, 400, [Public.SENIORS, Public.TOUS]),
        (7, "État (ANCT)", D.CONSEILLERS_NUMERIQUES, -600, 150, [Public.TOUS]),
        (11, "État (France Services)", D.FRANCE_SERVICES, -900, 800, [Public.TOUS]),
        (15, "Département de Maine-et-Loire", D.CONSEILLERS_NUMERIQUES, -200, 500, [Public.JEUNES]),
    ]
    for index, financeur, dispositif, debut, fin, publics in postes:
        s = ctx.structures[index]
        services.create_poste(
            territoire=ctx.territoire, by=coord, employeur=s, financeur=financeur, dispositif=dispositif,
            debut_financement=today + timedelta(days=debut), fin_financement=today + timedelta(days=fin),
            publics=publics, communes=[s.commune_id], epcis=_epci(s), temps_travail=100 if index != 15 else 80,
            personne_nom="Sonia Exemple" if index == 4 else "", personne_accord=index == 4,
        )  # fmt: skip


def _feuille(ctx: DemoContext, coord: User) -> None:
    s = ctx.structures
    feuille = services.create_feuille(territoire=ctx.territoire, titre="Feuille de route départementale de "
                                      "l'inclusion numérique 2026-2028", by=coord)  # fmt: skip
    axe1 = services.add_axe(feuille=feuille, titre="Rendre l'offre visible et accessible", by=coord)
    a1 = services.add_action(axe=axe1, titre="Publier tous les lieux de médiation et leurs horaires", by=coord,
                             pilote=s[0], partenaires=[s[1], s[19]])  # fmt: skip
    services.add_indicateur(action=a1, libelle="Lieux publiés", chiffre="lieux_publies", by=coord, cible=40)
    services.add_indicateur(action=a1, libelle="Lieux ouverts le samedi", chiffre="lieux_ouverts_samedi", by=coord)
    services.change_action_statut(action=a1, statut=StatutAction.EN_COURS, by=coord)
    a2 = services.add_action(axe=axe1, titre="Recenser les acteurs et leurs périmètres d'intervention", by=coord,
                             pilote=s[0], partenaires=[s[26]])  # fmt: skip
    services.add_indicateur(action=a2, libelle="Acteurs dans l'annuaire", chiffre="acteurs_annuaire", by=coord)
    axe2 = services.add_axe(feuille=feuille, titre="Mieux orienter entre partenaires", by=coord)
    a3 = services.add_action(axe=axe2, titre="Orientations closes en moins de 15 jours", by=coord, pilote=s[3],
                             partenaires=[s[4], s[26]])  # fmt: skip
    services.add_indicateur(action=a3, libelle="Orientations closes en 15 jours", by=coord,
                            chiffre="orientations_closes_15_jours")  # fmt: skip
    axe3 = services.add_axe(feuille=feuille, titre="Pérenniser les postes de médiation", by=coord)
    a4 = services.add_action(axe=axe3, titre="Anticiper la fin des financements des conseillers numériques",
                             by=coord, pilote=s[0])  # fmt: skip
    services.add_indicateur(action=a4, libelle="Postes financés", chiffre="postes_finances", by=coord)
    # Un indicateur dont le chiffre a été retiré de Maillage : « indicateur indisponible », jamais une erreur.
    Indicateur.objects.create(action=a4, libelle="Taux de couverture (ancien calcul)", chiffre="couverture_v0")
    services.publish_feuille(feuille=feuille, by=coord)
