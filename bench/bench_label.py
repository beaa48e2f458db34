"""Benchmark du label : 100 000 aidants × 16 compétences.

    .venv/bin/python bench/bench_label.py            # 100 000 profils (taille de l'issue)
    .venv/bin/python bench/bench_label.py --small    # 5 000 profils (CI, < 1 min)
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage_bench_label .venv/bin/python bench/bench_label.py

1. Le monde de `bench_aidants.py` (communes réelles, 20 structures par département, profils, rattachements, chartes
   du Maine-et-Loire et d'un hub de 5 départements) ; plus, pour chaque profil, ses 16 niveaux (10 % non évalués),
   un référentiel du hub (profils des quatre niveaux), et 20 % de labels accordés (20 000 sur 100 000) dont la fin s'étale d'un mois
   passé à deux ans (des échus, des rappels à 60 et 30 jours).
2. Dans le processus (client de test : vue, gabarit, intergiciels), p50/p95 et requêtes SQL par appel :
   - carte des compétences du hub de 5 départements (coordination) — cible p95 ≤ 300 ms ;
   - écarts d'un aidant (« Mes compétences ») — cible p95 ≤ 50 ms ;
   - recalcul de nuit des états des labels (`mettre_a_jour_labels`) — cible ≤ 60 s.
"""

import datetime
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_aidants import build_world, measure  # noqa: E402 — même dossier
from common import analyze, begin  # noqa: E402

NIVEAUX = ["REPERER_ORIENTER", "AIDER_URGENCE", "ACCOMPAGNER_AUTONOMIE", "FORMER_AIDANTS"]


def build_label(rng: random.Random, hub, coord):
    from django.utils import timezone

    from maillage.aidants.models import ProfilAidant, RattachementAidant
    from maillage.comptes.models import User
    from maillage.label import services
    from maillage.label.enums import CHAMPS
    from maillage.label.models import CompetencesAidant, DemandeLabel

    today = timezone.localdate()
    le = (today - datetime.timedelta(days=200)).isoformat()
    rows = []
    for pk in ProfilAidant.objects.values_list("pk", flat=True).iterator():
        niveaux = {c: (None if rng.random() < 0.1 else rng.randint(0, 6)) for c in CHAMPS}
        details = {c: {"source": "PIX_PROFIL", "le": le, "preuve": ""} for c, n in niveaux.items() if n is not None}
        rows.append(CompetencesAidant(profil_id=pk, details=details, **{CHAMPS[c]: n for c, n in niveaux.items()}))
    CompetencesAidant.objects.bulk_create(rows, batch_size=5000)
    profils = {n: dict.fromkeys(CHAMPS, k + 1) for k, n in enumerate(NIVEAUX)}
    services.publish_referentiel(territoire=hub, by=None, grille=["Écoute", "Empathie"], profils=profils)
    membres = list(
        RattachementAidant.objects.filter(structure__commune__territoires=hub).values_list("profil_id", flat=True)
    )
    demandes = []
    # 20 % de tous les profils (pas seulement ceux du hub) : le recalcul de nuit parcourt une base pleine.
    for pid in ProfilAidant.objects.values_list("pk", flat=True).iterator():
        if rng.random() < 0.2:
            fin = today + datetime.timedelta(days=rng.randint(-30, 700))
            demandes.append(DemandeLabel(profil_id=pid, territoire=hub, niveau="REPERER_ORIENTER", statut="ACCORDE",
                                         accorde_le=fin - datetime.timedelta(days=730), expire_le=fin))  # fmt: skip
    DemandeLabel.objects.bulk_create(demandes, batch_size=5000)
    # Une aidante du hub, avec un compte, pour « Mes compétences ».
    profil = ProfilAidant.objects.filter(pk__in=membres).order_by("pk").first()
    user = User.objects.create_user(email="aidante@bench.fr", password="x", first_name="A", last_name="A")
    profil.user, profil.niveaux = user, ["AIDER_URGENCE", "FORMER_AIDANTS"]
    profil.save()
    return user, len(demandes)


def main() -> int:
    args = begin("bench_label", __doc__, reuse=True)
    n = 5_000 if args.small else 100_000
    rounds = 40 if args.small else 200
    from django.conf import settings
    from django.test import Client

    rng = random.Random(12)
    start = time.perf_counter()
    if args.reuse:
        from maillage.comptes.models import Territoire, User

        coord, hub, aidante = User.objects.get(email="coord@bench.fr"), Territoire.objects.get(slug="hub"), None
        aidante = User.objects.get(email="aidante@bench.fr")
        print("Jeu de données : celui du dernier passage (--reuse)")
    else:
        coord, _dep49, hub = build_world(n, rng)
        aidante, labels = build_label(rng, hub, coord)
        taille = f"{n:_}".replace("_", " ")
        print(
            f"Jeu de données : {taille} profils × 16 compétences, {labels} labels, en {time.perf_counter() - start:.1f} s"
        )
    analyze()

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.force_login(coord)
    ok = measure(client, "Carte des compétences, hub de 5 départements", [("get", "/label/carte/?territoire=hub", None)],
                 300, rounds)  # fmt: skip
    aidant = Client()
    aidant.force_login(aidante)
    ok &= measure(
        aidant, "Écarts d'un aidant (Mes compétences)", [("get", "/label/mes-competences/", None)], 50, rounds
    )

    from maillage.label.services import update_label_states

    start = time.perf_counter()
    compte = update_label_states()
    duree = time.perf_counter() - start
    ok_nuit = duree <= 60
    print(f"{'Recalcul de nuit des états des labels':<48} {duree:7.2f} s  (cible 60 s)  {compte}  "
          f"{'OK' if ok_nuit else 'HORS CIBLE'}")  # fmt: skip
    return 0 if ok and ok_nuit else 1


if __name__ == "__main__":
    sys.exit(main())
