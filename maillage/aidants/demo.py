"""Aidants de démonstration : une charte d'EXEMPLE (jamais le texte d'un vrai département), une bénévole sans
adresse électronique signée sur papier (vue par la coordination, nulle part en public), un médiateur vérifiable."""

import datetime

from maillage.aidants import services
from maillage.aidants.enums import MoyenSignature
from maillage.aidants.models import CharteAidants, ProfilAidant
from maillage.comptes.enums import Role

PREAMBULE = (
    "Exemple — à adapter par votre coordination. Ce texte n'est la charte d'aucun département : il montre la forme "
    "d'une charte. Les aidants et les aidantes sont toutes les personnes qui aident quelqu'un avec le numérique : "
    "bénévoles, volontaires en service civique, agents d'accueil, travailleurs et travailleuses sociales, "
    "médiateurs et médiatrices numériques. Chacun et chacune s'engage à son niveau."
)
ENGAGEMENTS = [
    ("Je respecte la dignité de la personne et son rythme.", []),
    ("La personne peut toujours dire non : je respecte son droit de renoncer.", []),
    ("Je garde pour moi ce que j'apprends de la vie de la personne.", []),
    ("Quand je ne sais pas faire, je dis vers qui la personne peut aller.", ["REPERER_ORIENTER"]),
    (
        "Je ne fais une démarche à la place de la personne qu'avec son accord, et je le lui explique.",
        ["AIDER_URGENCE"],
    ),
    ("Je ne garde jamais ses mots de passe ni ses papiers.", ["AIDER_URGENCE"]),
    ("Je montre, je laisse faire, je ne prends pas la souris.", ["ACCOMPAGNER_AUTONOMIE"]),
    ("Je transmets ces engagements aux aidants et aidantes que je forme.", ["FORMER_AIDANTS"]),
]
BENEVOLES = [("Josiane", "Bernier"), ("Ahmed", "Roux"), ("Lucie", "Garnier"), ("Paul", "Moreau"), ("Inès", "Faure")]


def _charte(ctx, coordinateur) -> CharteAidants:
    charte = CharteAidants.objects.filter(territoire=ctx.territoire).first()
    if charte is not None:
        return charte
    data = {"titre": "Charte des aidants (exemple à adapter)", "preambule": PREAMBULE,
            "engagements": [{"texte": t, "niveaux": n} for t, n in ENGAGEMENTS]}  # fmt: skip
    charte = services.import_charte(territoire=ctx.territoire, by=coordinateur, data=data, est_exemple=True)
    return services.publish_charte(charte=charte, by=coordinateur)


def load(ctx):
    coordinateur, gestionnaire = ctx.users.get(Role.COORDINATEUR), ctx.users.get(Role.GESTIONNAIRE)
    mediateur = ctx.users.get(Role.MEDIATEUR)
    if not (coordinateur and gestionnaire and mediateur) or ProfilAidant.objects.exists():
        return
    charte = _charte(ctx, coordinateur)
    association = ctx.structures[1]  # Espace numérique du Lac de Maine, gérée par la ou le gestionnaire de démo
    for i, (prenom, nom) in enumerate(BENEVOLES):
        profil = services.add_aidant(
            by=gestionnaire, structure=association, prenom=prenom, nom=nom, statut="BENEVOLE",
            niveaux=["REPERER_ORIENTER"] if i % 2 == 0 else ["REPERER_ORIENTER", "AIDER_URGENCE"],
            annee_naissance=1950 + 5 * i,
        )  # fmt: skip
        services.sign_charte(profil=profil, charte=charte, by=gestionnaire, moyen=MoyenSignature.PAPIER)
    profil = services.create_own_profil(
        user=mediateur, structure=association, statut="MEDIATEUR", niveaux=["ACCOMPAGNER_AUTONOMIE", "FORMER_AIDANTS"]
    )
    # Habilité Aidants Connect depuis 2024 : la page de son lieu et le filtre des orientations le montrent (sans nom).
    services.update_profil(
        profil=profil, by=mediateur, communes=[association.commune], aidants_connect=True,
        aidants_connect_depuis=datetime.date(2024, 3, 1),
    )  # fmt: skip
    services.sign_charte(profil=profil, charte=charte, by=mediateur)
    services.set_verification_publique(profil=profil, by=mediateur, ouverte=True)
    if ctx.stdout:
        ctx.stdout.write(
            f"Aidants : {len(BENEVOLES)} bénévoles sans adresse (signature papier), 1 médiateur vérifiable "
            f"({mediateur.first_name} {mediateur.last_name}, {association.nom})."
        )
