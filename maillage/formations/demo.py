"""Formations et service civique de démonstration.

- Alain (aidant, profil « Accompagner vers l'autonomie ») n'a pas le niveau exigé en 4.2 : « Formations pour mes
  besoins » lui propose la session « Protéger les données des personnes accompagnées » dans sept jours ; une
  session passée, où il était présent, montre son attestation et les chiffres.
- La mission de la médiathèque est renvoyée à la structure (tuteur et un critère manquants), puis validée.
- Yasmine, volontaire, a signalé que sa mission s'éloigne de la médiation : la coordination seule le voit.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from maillage.aidants import services as aidants_services
from maillage.aidants.models import ProfilAidant
from maillage.comptes.enums import Role
from maillage.comptes.models import Membership, User
from maillage.formations import services
from maillage.formations.enums import Critere
from maillage.formations.models import Formation
from maillage.label import services as label_services
from maillage.label.enums import CHAMPS, SourceNiveau
from maillage.label.models import CompetencesAidant

VOLONTAIRE = ("volontaire@demo.maillage.fr", "Yasmine", "Volontaire")
CRITERES = {
    Critere.NON_ESSENTIEL: "L'accueil de la médiathèque est assuré par deux agents ; la mission s'ajoute à l'équipe.",
    Critere.APPROPRIATION: "Un temps chaque mois avec la tutrice pour proposer des ateliers ou en changer.",
    Critere.TEMPS_LIBRE: "Trois demi-journées par semaine sans tâche fixe, pour accompagner les personnes.",
    Critere.INTERPELLER: "La volontaire participe à la réunion d'équipe et peut y mettre un sujet à l'ordre du jour.",
}


def _a(jours: int, heure: int) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=jours), time(heure, 30)))


def _formations(ctx, coordinateur, gestionnaire, formateur_structure) -> None:
    alain = ProfilAidant.objects.filter(user__email="aidant@demo.maillage.fr").first()
    if alain is None:
        return
    if not CompetencesAidant.objects.filter(profil=alain).exists():
        niveaux = {code: 3 for code in CHAMPS} | {"4.2": 2, "3.4": 1, "3.2": 2}
        label_services.save_competences(profil=alain, by=alain.user, niveaux=niveaux, source=SourceNiveau.AUTO_DECLARE)
    donnees = services.create_formation(
        territoire=ctx.territoire, by=coordinateur, titre="Protéger les données des personnes accompagnées",
        theme="DONNEES_SECURITE", structure_formatrice=formateur_structure, duree_heures=Decimal("3.5"),
        format="PRESENTIEL", competences=["4.1", "4.2"], niveaux=["AIDER_URGENCE", "ACCOMPAGNER_AUTONOMIE"],
        source_niveaux=SourceNiveau.PIX_PROFIL, niveau_vise=3,
        description="Mots de passe, pièces justificatives, ce que l'on garde et ce que l'on ne garde pas. "
        "Évaluation Pix en fin de séance (vos niveaux 4.1 et 4.2 sont mis à jour).",
    )  # fmt: skip
    lieu = f"{formateur_structure.adresse or formateur_structure.nom}, {formateur_structure.commune}"
    services.create_session(formation=donnees, by=coordinateur, debut=_a(7, 9), fin=_a(7, 13), capacite=12, lieu=lieu)
    services.create_session(formation=donnees, by=coordinateur, debut=_a(21, 14), fin=_a(21, 17), capacite=20,
                            a_distance=True, lieu="https://visio.exemple.fr/formation-donnees")  # fmt: skip
    accueil = services.create_formation(
        territoire=ctx.territoire, by=coordinateur, titre="Accueillir et orienter une personne en difficulté",
        theme="ACCUEIL_POSTURE", structure_formatrice=formateur_structure, duree_heures=Decimal("2"),
        format="PRESENTIEL", competences=["2.4"], niveaux=["REPERER_ORIENTER"],
    )  # fmt: skip
    passee = services.create_session(formation=accueil, by=coordinateur, debut=_a(-14, 9), fin=_a(-14, 11),
                                     capacite=15, lieu=lieu)  # fmt: skip
    services.register(session=passee, profil=alain, by=gestionnaire, now=passee.debut - timedelta(days=5))
    services.mark_attendance(session=passee, profil=alain, by=coordinateur, present=True, now=passee.debut)
    services.express_besoin(structure=ctx.structures[1], by=gestionnaire, theme="DEMARCHES", personnes=3,
                            precision="Agents d'accueil : démarches CAF et impôts en ligne.")  # fmt: skip


def _volontaire(ctx, gestionnaire, structure) -> ProfilAidant:
    email, prenom, nom = VOLONTAIRE
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email=email, password=ctx.mot_de_passe or None, first_name=prenom, last_name=nom, is_demo=True
    )
    Membership.objects.get_or_create(user=user, structure=structure, role=Role.AIDANT)
    ctx.comptes.append(("Volontaire en service civique", email))
    return aidants_services.add_aidant(by=gestionnaire, structure=structure, prenom=prenom, nom=nom, email=email,
                                       statut="SERVICE_CIVIQUE", niveaux=["REPERER_ORIENTER"], annee_naissance=2005)  # fmt: skip


def _service_civique(ctx, coordinateur, gestionnaire) -> None:
    structure = ctx.structures[1]
    today = timezone.localdate()
    cohorte = services.create_cohorte(territoire=ctx.territoire, by=coordinateur, nom=f"Cohorte {today.year}",
                                      debut=today - timedelta(days=60), fin=today + timedelta(days=240))  # fmt: skip
    mission = services.propose_mission(
        structure=structure, cohorte=cohorte, by=gestionnaire, intitule="Accompagner les premiers pas numériques",
        description="Aider les habitants et habitantes à utiliser leur téléphone et leurs démarches en ligne.",
        criteres={k: v for k, v in CRITERES.items() if k != Critere.INTERPELLER},
    )  # fmt: skip
    try:
        services.decide_mission(mission=mission, by=coordinateur, valider=True)
    except ValidationError:  # tuteur et un critère manquants : refusée, comme attendu
        services.decide_mission(mission=mission, by=coordinateur, valider=False,
                                motif="Nommez la tutrice et dites comment la volontaire pourra interpeller l'équipe.")  # fmt: skip
    services.update_mission(mission=mission, by=gestionnaire, tuteur="Sophie, responsable de l'espace numérique",
                            criteres=CRITERES)  # fmt: skip
    services.decide_mission(mission=mission, by=coordinateur, valider=True)
    profil = _volontaire(ctx, gestionnaire, structure)
    v = services.accueillir_volontaire(mission=mission, profil=profil, by=coordinateur, debut=cohorte.debut,
                                       fin=cohorte.fin)  # fmt: skip
    r = services.programmer_rencontre(cohorte=cohorte, by=coordinateur, type="REGROUPEMENT",
                                      date=today - timedelta(days=10), theme="Fausses nouvelles et citoyenneté numérique")  # fmt: skip
    services.pointer_rencontre(rencontre=r, volontaire=v, by=coordinateur, present=True)
    services.point_etape(volontaire=v, by=profil.user, alerte_derive=True, today=today - timedelta(days=3),
                         ressenti="Au lieu de faire de la médiation numérique, je trie un système informatique pour "
                         "éliminer les doublons.")  # fmt: skip


def load(ctx):
    coordinateur, gestionnaire = ctx.users.get(Role.COORDINATEUR), ctx.users.get(Role.GESTIONNAIRE)
    if not (coordinateur and gestionnaire and ctx.territoire) or Formation.objects.exists():
        return
    _formations(ctx, coordinateur, gestionnaire, ctx.structures[1])
    _service_civique(ctx, coordinateur, gestionnaire)
    if ctx.stdout:
        ctx.stdout.write("Formations : 3 sessions (dont une pour l'écart 4.2 d'Alain), une mission de service "
                         "civique validée après un renvoi, une alerte de dérive pour la coordination.")  # fmt: skip
