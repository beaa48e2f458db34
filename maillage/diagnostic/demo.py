"""Démonstration du diagnostic : des repérages anonymes sur quelques semaines (ce que l'observatoire lira) et une
fiche imprimée avec un code connu, DEMO2345, pour montrer « J'ai un code », et un diagnostic joint à une séance."""

import random
from datetime import timedelta

from django.utils import timezone

from maillage.accompagnements.models import Accompagnement
from maillage.diagnostic.enums import Source
from maillage.diagnostic.models import DiagnosticSeance, FicheDiagnostic, Reperage
from maillage.diagnostic.questions import ACTUEL
from maillage.lieux.enums import Service

CODE_DEMO = "DEMO2345"


def load(ctx):
    if ctx.territoire is None or Reperage.objects.exists():
        return
    communes = list(ctx.territoire.communes.order_by("-population")[:12])
    if not communes:
        return
    rng = random.Random(17)
    today = timezone.localdate()
    services = [Service.AIDE_DEMARCHES, Service.OUTILS_QUOTIDIEN, Service.USAGE_SECURISE, Service.ACCES_MATERIEL]
    Reperage.objects.bulk_create(
        [
            Reperage(
                commune=rng.choice(communes),
                besoin=rng.choice(services),
                source=rng.choice(Source.values),
                jour=today - timedelta(days=rng.randrange(60)),
            )
            for _ in range(240)
        ]
    )
    reponses = {q.code: q.choix[min(i % 3, len(q.choix) - 1)].code for i, q in enumerate(ACTUEL.questions)}
    FicheDiagnostic.objects.create(code=CODE_DEMO, version=ACTUEL.version, reponses=reponses, commune=communes[0])
    # Un diagnostic accompagné, joint à une séance de démonstration (s'il y en a une).
    seance = Accompagnement.objects.filter(deleted_at__isnull=True, type="INDIVIDUEL").order_by("pk").first()
    if seance is not None:
        DiagnosticSeance.objects.create(
            accompagnement=seance, version=ACTUEL.version, reponses=reponses, created_by=seance.mediateur
        )
