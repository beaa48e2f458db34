"""Structures et comptes du territoire de démonstration (Maine-et-Loire, fictif).

Premier module appelé par `core.demo.load_demo` : les démos des autres applications y trouvent le territoire, les
structures (par leur index dans STRUCTURES) et les comptes (par rôle) dans le contexte.
"""

from maillage.comptes.enums import Role, TypeTerritoire
from maillage.comptes.models import Membership, Structure, Territoire, User
from maillage.core.demo import DemoContext
from maillage.core.models import Commune

DEMO_PASSWORD = "demo-maillage-49"
ADMIN_EMAIL = "admin@demo.maillage.fr"

# (nom, typologie, code INSEE, adresse) — noms inventés, communes et rues plausibles du 49.
STRUCTURES = [
    ("Département de Maine-et-Loire — Mission inclusion numérique", "DEPT", "49007", "48 boulevard Foch"),
    ("Espace numérique du Lac de Maine", "ASSO", "49007", "12 rue du Lac de Maine"),
    ("Médiathèque Toussaint (démo)", "BIB", "49007", "49 rue Toussaint"),
    ("CCAS d'Angers (démo)", "CCAS", "49007", "2 place Maurice Saillant"),
    ("Centre social Belle-Beille (démo)", "CS", "49007", "5 rue Eugène Bréchet"),
    ("France Services Trélazé (démo)", "MUNI", "49353", "1 place de la Mairie"),
    ("Mairie d'Avrillé — accueil (démo)", "MUNI", "49015", "1 place de l'Hôtel de Ville"),
    ("Tiers-lieu La Filature (démo)", "TIERS_LIEUX", "49099", "3 rue de la Filature"),
    ("CCAS de Cholet (démo)", "CCAS", "49099", "9 rue Travot"),
    ("Médiathèque Élie Chamard (démo)", "BIB", "49099", "Place de la République"),
    ("FabLab des Mauges (démo)", "FABLAB", "49092", "8 rue du Commerce"),
    ("France Services Chemillé-en-Anjou (démo)", "MUNI", "49092", "Place du Château"),
    ("Centre social du Saumurois (démo)", "CS", "49328", "10 rue de la Petite Bilange"),
    ("Médiathèque de Saumur (démo)", "BIB", "49328", "Place de la Bilange"),
    ("CCAS de Saumur (démo)", "CCAS", "49328", "Rue Molière"),
    ("Bus numérique de l'Anjou (démo)", "ASSO", "49307", "Route de Saint-Laurent"),
    ("Espace de vie sociale de Segré (démo)", "CS", "49331", "2 rue David d'Angers"),
    ("France Services Segré-en-Anjou Bleu (démo)", "MUNI", "49331", "Place du Port"),
    ("Médiathèque de Baugé (démo)", "BIB", "49018", "Rue de la Girouardière"),
    ("Association Clic'Anjou (démo)", "ASSO", "49023", "4 rue Nationale"),
    ("Mission locale angevine (démo)", "ML", "49007", "12 place Imbach"),
    ("Maison de l'emploi du Choletais (démo)", "MDE", "49099", "2 avenue Manet"),
    ("Épicerie solidaire du Baugeois (démo)", "ASSO", "49174", "Place de la Mairie"),
    ("Mairie de Doué-en-Anjou — accueil (démo)", "MUNI", "49125", "Place du Champ de Foire"),
    ("Centre social de Beaufort (démo)", "CS", "49021", "Rue de l'Hôtel de Ville"),
    ("Médiathèque de Montreuil-Bellay (démo)", "BIB", "49215", "Place du Concorde"),
    ("CAF de Maine-et-Loire — point numérique (démo)", "CAF", "49007", "32 rue Louis Gain"),
    ("Emmaüs Connect Angers (démo)", "ASSO", "49007", "7 rue de la Roë"),
    ("Ressourcerie des Mauges (démo)", "RESSOURCERIE", "49092", "Zone de la Croix Cadeau"),
    ("Tiers-lieu Le Champ Commun (démo)", "TIERS_LIEUX", "49244", "1 place de la Mairie"),
]

# (email, prénom, nom, rôle, index de la structure)
USERS = [
    ("coordination@demo.maillage.fr", "Claire", "Coordination", Role.COORDINATEUR, 0),
    ("financeur@demo.maillage.fr", "Farid", "Financeur", Role.COMMANDITAIRE, 0),
    ("gestion@demo.maillage.fr", "Gaëlle", "Gestion", Role.GESTIONNAIRE, 1),
    ("mediation@demo.maillage.fr", "Mehdi", "Médiation", Role.MEDIATEUR, 1),
    ("mediation.cholet@demo.maillage.fr", "Marie", "Médiation", Role.MEDIATEUR, 7),
    ("aidant@demo.maillage.fr", "Alain", "Aidant", Role.AIDANT, 5),
    ("prescription@demo.maillage.fr", "Pauline", "Prescription", Role.PRESCRIPTEUR, 3),
    ("mairie@demo.maillage.fr", "Michel", "Accueil", Role.PRESCRIPTEUR, 6),
]


def load(ctx: DemoContext) -> None:
    communes_49 = Commune.objects.filter(departement_id="49")
    territoire, _ = Territoire.objects.get_or_create(
        slug="maine-et-loire", defaults={"nom": "Maine-et-Loire", "type": TypeTerritoire.DEPARTEMENT}
    )
    territoire.communes.set(communes_49)
    ctx.territoire = territoire
    communes = {c.code_insee: c for c in communes_49}
    for nom, typologie, insee, adresse in STRUCTURES:
        commune = communes[insee]
        structure, _ = Structure.objects.update_or_create(
            nom=nom,
            defaults={
                "typologie": typologie, "commune": commune, "adresse": adresse,
                "code_postal": commune.code_postal, "is_demo": True,
            },
        )  # fmt: skip
        ctx.structures.append(structure)
    for email, first, last, role, idx in USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, password=DEMO_PASSWORD, first_name=first, last_name=last, is_demo=True
            )
        Membership.objects.get_or_create(
            user=user, structure=ctx.structures[idx], role=role,
            defaults={"territoire": territoire if role in (Role.COORDINATEUR, Role.COMMANDITAIRE) else None},
        )  # fmt: skip
        ctx.users[role if role not in ctx.users else f"{role}_{idx}"] = user
    # Le ou la gestionnaire gère aussi la France Services (pour montrer plusieurs structures).
    Membership.objects.get_or_create(
        user=ctx.users[Role.GESTIONNAIRE], structure=ctx.structures[5], role=Role.GESTIONNAIRE
    )
    if not User.objects.filter(email=ADMIN_EMAIL).exists():
        User.objects.create_superuser(email=ADMIN_EMAIL, password=DEMO_PASSWORD, is_demo=True)
    ctx.mot_de_passe = DEMO_PASSWORD
    ctx.comptes = [(role.label, email) for email, _first, _last, role, _idx in USERS] + [
        ("Administration", ADMIN_EMAIL)
    ]
