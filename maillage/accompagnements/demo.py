"""Accompagnements de démonstration : quelques centaines de séances sur six mois, une personne suivie
dont l'autonomie progresse, des réponses au questionnaire. Insertion en masse (rapide), idempotente."""

import random
from datetime import timedelta

from django.utils import timezone

from maillage.accompagnements.enums import (
    DUREES_MINUTES,
    FACONS_A_LA_PLACE,
    FaconDeFaire,
    Materiel,
    RaisonALaPlace,
    ReponseCapable,
    ReponseVoix,
    TypeAccompagnement,
    TypeLieu,
    besoin_traite_choices,
)
from maillage.accompagnements.models import Accompagnement, BesoinTraite, ReponseQuestionnaire
from maillage.accompagnements.selectors import rebuild_monthly_stats
from maillage.accompagnements.services import follow_beneficiaire, record_accompagnement
from maillage.comptes.enums import Role
from maillage.comptes.models import Membership
from maillage.core.consentement import current_consent_text
from maillage.core.enums import TypeConsentement
from maillage.lieux.models import Lieu
from maillage.orientations.enums import Resultat

NB_SEANCES = 400


def load(ctx):
    _load_seances(ctx)
    # Ce que calcule le cron de la nuit (agreger_statistiques) : tableaux de bord des territoires remplis dès la démo.
    today = timezone.localdate()
    rebuild_monthly_stats(du=today - timedelta(days=400), au=today)


def _load_seances(ctx):
    members = list(
        Membership.objects.filter(role__in=[Role.MEDIATEUR, Role.AIDANT], user__is_demo=True).select_related(
            "structure"
        )
    )
    if not members or Accompagnement.objects.filter(mediateur__is_demo=True).exists():
        return
    rng = random.Random(49)
    today = timezone.localdate()
    codes = [c for c, _ in besoin_traite_choices()]
    facons = list(FaconDeFaire.values)
    lieux = {}
    for lieu in Lieu.objects.filter(structure_id__in=[m.structure_id for m in members]):
        lieux.setdefault(lieu.structure_id, lieu)
    objs, needs = [], []
    for i in range(NB_SEANCES):
        m = rng.choice(members)
        days_ago = rng.randint(0, 180)
        collectif = rng.random() < 0.12
        # L'autonomie progresse avec le temps : plus la séance est récente, plus « par soi-même » est fréquent.
        weights = [max(1, days_ago // 30), 3, 3, max(1, (180 - days_ago) // 30)]
        a = Accompagnement(
            type=TypeAccompagnement.COLLECTIF if collectif else TypeAccompagnement.INDIVIDUEL,
            structure=m.structure, mediateur=m.user, date=today - timedelta(days=days_ago),
            duree=rng.choice(DUREES_MINUTES), type_lieu=TypeLieu.LIEU if m.structure_id in lieux else TypeLieu.DISTANCE,
            lieu=lieux.get(m.structure_id), materiel=[rng.choice(Materiel.values[:3])],
            resultat="" if collectif else rng.choice(Resultat.values[:3]),
            participants=rng.randint(3, 12) if collectif else 1, niveau="DEBUTANT" if collectif else "",
            titre_atelier="Découvrir sa messagerie" if collectif else "",
        )  # fmt: skip
        objs.append(a)
        for code in rng.sample(codes, k=rng.choice([1, 1, 2])):
            needs.append((i, code, rng.choices(facons, weights=weights)[0]))
    Accompagnement.objects.bulk_create(objs, batch_size=500)
    BesoinTraite.objects.bulk_create(
        [
            BesoinTraite(
                accompagnement=objs[i],
                structure_id=objs[i].structure_id,
                date=objs[i].date,
                besoin=code,
                facon=facon,
                poids=objs[i].participants,
                # Une raison notée pour la moitié des « à la place » (la touche est facultative).
                raison=rng.choice([*RaisonALaPlace.values, "", "", ""]) if facon in FACONS_A_LA_PLACE else "",
            )  # fmt: skip
            for i, code, facon in needs
        ],
        batch_size=1000,
    )
    ReponseQuestionnaire.objects.bulk_create(
        [
            ReponseQuestionnaire(
                accompagnement=a,
                regle=rng.choice(ReponseVoix.values),
                capable=rng.choice(ReponseCapable.values),
                aise=rng.choice(ReponseVoix.values),
            )  # fmt: skip
            for a in objs[::7]
        ]
    )
    # Une personne suivie, dont on voit la trajectoire d'autonomie.
    m = next((m for m in members if m.role == Role.MEDIATEUR), members[0])
    person = follow_beneficiaire(
        by=m.user, structure=m.structure, prenom="Josiane", nom="Démo",
        consentement=current_consent_text(TypeConsentement.SUIVI),
    )  # fmt: skip
    # Autonome pour ses e-mails au fil des mois ; une nouvelle démarche (logement) demande encore toute l'aide.
    for months_ago, facon, demarche in [
        (5, "A_LA_PLACE_SANS_EXPLIQUER", "D_SOCIAL"), (4, "A_LA_PLACE_EN_EXPLIQUANT", "D_SOCIAL"),
        (3, "FAIRE_AVEC", "D_SOCIAL"), (2, "FAIRE_AVEC", "D_SOCIAL"), (1, "PAR_SOI_MEME", "D_LOGEMENT"),
        (0, "PAR_SOI_MEME", "D_LOGEMENT"),
    ]:  # fmt: skip
        a_la_place = demarche == "D_LOGEMENT"
        record_accompagnement(
            by=m.user, structure=m.structure, date=today - timedelta(days=30 * months_ago), duree=45,
            type_lieu=TypeLieu.DISTANCE, resultat="EN_PARTIE", beneficiaire=person,
            besoins={"EMAIL": facon, demarche: "A_LA_PLACE_SANS_EXPLIQUER" if a_la_place else "FAIRE_AVEC"},
            raisons={demarche: RaisonALaPlace.URGENCE} if a_la_place else None,
        )  # fmt: skip
    if ctx.stdout:
        ctx.stdout.write(f"  {NB_SEANCES + 6} accompagnements de démonstration")
