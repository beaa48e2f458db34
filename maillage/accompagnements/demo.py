"""Accompagnements de démonstration : quelques centaines de séances sur six mois, une personne suivie
dont l'autonomie progresse, des réponses au questionnaire. Insertion en masse (rapide), idempotente."""

import random
from datetime import timedelta

from django.utils import timezone

from maillage.accompagnements.enums import (
    DUREES_MINUTES,
    FaconDeFaire,
    Materiel,
    ReponseVoix,
    TypeAccompagnement,
    TypeLieu,
    besoin_traite_choices,
)
from maillage.accompagnements.models import Accompagnement, BesoinTraite, ReponseQuestionnaire
from maillage.accompagnements.services import follow_beneficiaire, record_accompagnement
from maillage.comptes.enums import Role
from maillage.comptes.models import Membership
from maillage.core.consentement import current_consent_text
from maillage.core.enums import TypeConsentement
from maillage.lieux.models import Lieu
from maillage.orientations.enums import Resultat

NB_SEANCES = 400


def load(ctx):
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
            )  # fmt: skip
            for i, code, facon in needs
        ],
        batch_size=1000,
    )
    ReponseQuestionnaire.objects.bulk_create(
        [
            ReponseQuestionnaire(
                accompagnement=a, regle=rng.choice(ReponseVoix.values), capable=rng.choice(ReponseVoix.values)
            )
            for a in objs[::7]
        ]
    )
    # Une personne suivie, dont on voit la trajectoire d'autonomie.
    m = next((m for m in members if m.role == Role.MEDIATEUR), members[0])
    person = follow_beneficiaire(
        by=m.user, structure=m.structure, prenom="Josiane", nom="Démo",
        consentement=current_consent_text(TypeConsentement.SUIVI),
    )  # fmt: skip
    for months_ago, facon in [(5, "A_LA_PLACE_SANS_EXPLIQUER"), (4, "A_LA_PLACE_EN_EXPLIQUANT"), (3, "FAIRE_AVEC"),
                              (2, "FAIRE_AVEC"), (1, "PAR_SOI_MEME"), (0, "PAR_SOI_MEME")]:  # fmt: skip
        record_accompagnement(
            by=m.user, structure=m.structure, date=today - timedelta(days=30 * months_ago), duree=45,
            type_lieu=TypeLieu.DISTANCE, besoins={"EMAIL": facon, "D_SOCIAL": "FAIRE_AVEC"}, resultat="EN_PARTIE",
            beneficiaire=person,
        )  # fmt: skip
    if ctx.stdout:
        ctx.stdout.write(f"  {NB_SEANCES + 6} accompagnements de démonstration")
