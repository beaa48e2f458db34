"""Benchmark des formations : 10 000 sessions, 200 000 inscriptions.

    .venv/bin/python bench/bench_formations.py            # 10 000 sessions, 200 000 inscriptions (taille de l'issue)
    .venv/bin/python bench/bench_formations.py --small    # 500 sessions, 10 000 inscriptions (CI, < 1 min)
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage_bench_formations .venv/bin/python bench/bench_formations.py

1. Le monde de `bench_label.py` (communes réelles, structures, profils avec leurs 16 niveaux, référentiel du hub de
   5 départements) ; plus 400 formations du hub (une à trois compétences visées), leurs sessions étalées de six mois
   passés à six mois à venir, 20 inscriptions par session (inscrites, présentes, en attente, annulées), des besoins
   exprimés par les structures.
2. Dans le processus (client de test : vue, gabarit, intergiciels), p50/p95 et requêtes SQL par appel :
   - « Formations pour mes besoins » d'une aidante du hub — cible p95 ≤ 100 ms ;
   - besoins et chiffres de la coordination du hub — cible p95 ≤ 300 ms.
"""

import datetime
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_aidants import build_world, measure  # noqa: E402 — même dossier
from bench_label import build_label  # noqa: E402
from common import analyze, begin  # noqa: E402


def build_formations(rng: random.Random, hub, n_sessions: int, par_session: int) -> tuple[int, int]:
    from django.utils import timezone

    from maillage.aidants.models import RattachementAidant
    from maillage.comptes.models import Structure
    from maillage.formations.enums import EtatInscription, Theme
    from maillage.formations.models import DemandeFormation, Formation, Inscription, Session, competences_text
    from maillage.label.enums import CHAMPS

    codes = list(CHAMPS)
    structures = list(Structure.objects.filter(commune__territoires=hub).values_list("pk", "commune_id"))
    formations = []
    for i in range(400):
        comp = sorted(rng.sample(codes, rng.randint(1, 3)))
        formations.append(Formation(
            territoire=hub, titre=f"Formation {i}", theme=rng.choice(Theme.values), competences=comp,
            competences_text=competences_text(comp), duree_heures=3, format="PRESENTIEL",
            structure_formatrice_id=rng.choice(structures)[0],
        ))  # fmt: skip
    formations = Formation.objects.bulk_create(formations)
    now = timezone.now()
    sessions = []
    for _ in range(n_sessions):
        debut = now + datetime.timedelta(days=rng.randint(-180, 180), hours=rng.randint(0, 10))
        sessions.append(Session(formation=rng.choice(formations), debut=debut, fin=debut + datetime.timedelta(hours=3),
                                capacite=par_session, lieu="Salle", commune_id=rng.choice(structures)[1]))  # fmt: skip
    sessions = Session.objects.bulk_create(sessions, batch_size=5000)
    profils = sorted(  # un profil rattaché à deux structures du hub ne compte qu'une fois
        set(RattachementAidant.objects.filter(structure__commune__territoires=hub).values_list("profil_id", flat=True))
    )
    etats = [EtatInscription.INSCRITE] * 5 + [EtatInscription.PRESENTE] * 3 + [EtatInscription.ATTENTE,
                                                                                 EtatInscription.ANNULEE]  # fmt: skip
    total = 0
    for k in range(0, len(sessions), 500):
        rows = []
        for s in sessions[k : k + 500]:
            for pid in rng.sample(profils, min(par_session, len(profils))):
                rows.append(Inscription(session=s, profil_id=pid, etat=rng.choice(etats),
                                        ecarts_vises=s.formation.competences[:1]))  # fmt: skip
        Inscription.objects.bulk_create(rows, batch_size=5000)
        total += len(rows)
    DemandeFormation.objects.bulk_create([
        DemandeFormation(structure_id=rng.choice(structures)[0], theme=rng.choice(Theme.values),
                         personnes=rng.randint(1, 6), demandee_par_id=1)
        for _ in range(500)
    ])  # fmt: skip
    return len(sessions), total


def main() -> int:
    args = begin("bench_formations", __doc__)
    n_profils, n_sessions = (3_000, 500) if args.small else (20_000, 10_000)
    rounds = 40 if args.small else 200
    from django.conf import settings
    from django.test import Client

    rng = random.Random(13)
    start = time.perf_counter()
    coord, _dep49, hub = build_world(n_profils, rng)
    aidante, _labels = build_label(rng, hub, coord)
    sessions, inscriptions = build_formations(rng, hub, n_sessions, 20)
    print(f"Jeu de données : {n_profils} profils, {sessions} sessions, {inscriptions} inscriptions, "
          f"en {time.perf_counter() - start:.1f} s")  # fmt: skip
    analyze()
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.force_login(aidante)
    ok = measure(client, "Formations pour mes besoins", [("get", "/formations/", None)], 100, rounds)
    client.force_login(coord)
    ok &= measure(client, "Besoins et chiffres, hub de 5 départements",
                  [("get", "/formations/besoins/?territoire=hub", None)], 300, rounds)  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
