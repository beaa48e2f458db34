"""Benchmark du diagnostic : la page de résultat (trois lieux proches qui ouvrent bientôt), côté serveur.

    .venv/bin/python bench/bench_diagnostic.py            # 20 000 lieux en France, 2 000 en Maine-et-Loire
    .venv/bin/python bench/bench_diagnostic.py --small    # 2 000 lieux, dont 300 en Maine-et-Loire (CI)
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage_bench_diag .venv/bin/python bench/bench_diagnostic.py

1. Communes réelles (`load_communes`), le territoire du Maine-et-Loire, des lieux publiés aux services et horaires
   variés (une vingtaine d'expressions d'horaires réalistes, dont des lieux sans horaires).
2. Dans le processus (client de test : vue, gabarit, intergiciels), p50/p95 et requêtes SQL par appel :
   - page de résultat avec une commune tapée (réponses variées, 30 communes du 49) — cible de l'issue p95 ≤ 100 ms ;
   - une question (aucune requête SQL : le jeton signé porte les réponses) — repère, cible 20 ms.
"""

import random
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_aidants import measure  # noqa: E402 — même dossier
from common import analyze, begin  # noqa: E402

HORAIRES = [
    "Mo-Fr 09:00-12:00,14:00-17:00; PH off", "Tu,Th 14:00-18:00", "Mo-Sa 10:00-19:00", "We 09:00-12:00",
    "Mo-Fr 08:30-12:30", "Tu-Sa 10:00-12:30,13:30-18:00; PH off", "24/7", "Mo 14:00-17:00; Fr 09:00-12:00", "",
    "Mo-Th 09:00-17:00; Fr 09:00-12:00", "Sa 09:00-12:00", "Mo-Fr 13:30-17:30",
]  # fmt: skip


def build_world(n: int, n49: int, rng: random.Random) -> list[str]:
    from django.core.management import call_command

    from maillage.comptes.models import Territoire
    from maillage.core.models import Commune
    from maillage.lieux.enums import Service, StatutLieu
    from maillage.lieux.models import Lieu

    if not Commune.objects.exists():
        call_command("load_communes")
    dep49 = Territoire.objects.create(nom="Maine-et-Loire", slug="dep-49")
    dep49.communes.set(Commune.objects.filter(departement_id="49"))
    rows = list(Commune.objects.exclude(latitude=None).values_list("code_insee", "nom", "latitude", "longitude",
                                                                   "departement_id"))  # fmt: skip
    c49 = [r for r in rows if r[4] == "49"]
    services = list(Service.values)
    lieux = []
    for i in range(n):
        code, nom, lat, lon, _dep = rng.choice(c49 if i < n49 else rows)
        lieu = Lieu(
            nom=f"Espace numérique {i}", commune=nom, code_postal="49000", code_insee=code, commune_ref_id=code,
            adresse=f"{i} rue de la Mairie", latitude=lat + rng.uniform(-0.02, 0.02),
            longitude=lon + rng.uniform(-0.02, 0.02), horaires=rng.choice(HORAIRES),
            services=rng.sample(services, rng.randint(1, 4)), frais_a_charge=["GRATUIT"],
            modalites_acces=["SE_PRESENTER"], itinerance=["FIXE"], date_maj="2026-01-15", statut=StatutLieu.PUBLIE,
        )  # fmt: skip
        lieu.fill_derived_fields()
        lieux.append(lieu)
    Lieu.objects.bulk_create(lieux, batch_size=2000)
    return [r[1] for r in sorted(c49, key=lambda r: r[0])[:30]]


def main() -> int:
    args = begin("bench_diagnostic", __doc__)
    n, n49 = (2_000, 300) if args.small else (20_000, 2_000)
    rounds = 60 if args.small else 300
    from django.conf import settings
    from django.test import Client

    from maillage.diagnostic.etat import Etat
    from maillage.diagnostic.questions import ACTUEL

    rng = random.Random(17)
    start = time.perf_counter()
    communes = build_world(n, n49, rng)
    print(f"Jeu de données : {n:,} lieux (dont {n49:,} en Maine-et-Loire) en {time.perf_counter() - start:.1f} s"
          .replace(",", " "))  # fmt: skip
    analyze()
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()

    def etat_au_hasard() -> Etat:
        etat = Etat()
        for q in ACTUEL.questions:
            etat = etat.repondre(q.code, rng.choice(q.tous_les_choix).code)
        return etat

    resultats = [("get", "/diagnostic/resultat/?" + urlencode({"etat": etat_au_hasard().jeton(), "ou": c}), None)
                 for c in communes]  # fmt: skip
    questions = [("get", "/diagnostic/questions/?" + urlencode({"etat": etat_au_hasard().jeton(), "etape": k}), None)
                 for k in range(1, len(ACTUEL) + 1)]  # fmt: skip
    ok = measure(client, "Résultat + trois lieux (commune tapée)", resultats, 100, rounds)
    # Temps processeur (sans l'attente d'une machine partagée) : ce que coûte vraiment la page.
    cpu = time.process_time()
    for i in range(rounds):
        client.get(resultats[i % len(resultats)][1])
    print(f"{'  temps processeur moyen par résultat':<48} {(time.process_time() - cpu) * 1000 / rounds:7.1f} ms")
    ok &= measure(client, "Une question (jeton signé)", questions, 20, rounds)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
