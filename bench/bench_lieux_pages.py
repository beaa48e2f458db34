"""Benchmark des PAGES publiques des lieux (HTML) sur un vrai serveur en boucle locale.

    .venv/bin/python bench/bench_lieux_pages.py            # 50 000 lieux, 2 000 requêtes (taille de l'issue)
    .venv/bin/python bench/bench_lieux_pages.py --small    # 3 000 lieux, 300 requêtes (CI, < 1 min)
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage_bench_lieux_pages \
        .venv/bin/python bench/bench_lieux_pages.py
    .venv/bin/python bench/bench_lieux_pages.py --reuse     # même base qu'au lancement précédent (mesure seule)

Réutilise la génération de données, l'import, le serveur gunicorn et la mesure de bench/bench_lieux.py (même
jeu de lieux réalistes dans toute la France), mais ne mesure que les pages : la recherche publique /lieux/
(commune tapée en texte, code INSEE + besoin + gratuit, « autour de moi », « ouvert maintenant », sans critère,
page 2), la page d'un lieu, sa fiche imprimable et les points de la carte (carte.json). Cible de l'issue : p95 de
la page de recherche ≤ 60 ms.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_lieux as base  # noqa: E402 — même dossier : données, import, serveur, mesure


def build_page_queries(n: int, communes: list[tuple], public_ids: list[str], seed: int = 11) -> list[tuple[str, str]]:
    from maillage.lieux.enums import Besoin

    rnd = random.Random(seed)
    big = sorted(communes, key=lambda c: -c[5])[:3000]
    queries = []
    for _ in range(n):
        code, nom, cp, lat, lon, _pop = rnd.choice(big)
        kind = rnd.random()
        if kind < 0.20:
            queries.append(("recherche_texte", "/lieux/?" + urlencode({"ou": nom, "rayon_km": "20"})))
        elif kind < 0.40:
            params = {"commune": code, "ou": f"{nom} ({cp})", "rayon_km": rnd.choice(["5", "10", "20"]),
                      "besoin": rnd.choice(Besoin.values)}  # fmt: skip
            if rnd.random() < 0.5:
                params["gratuit"] = "on"
            queries.append(("recherche_filtres", "/lieux/?" + urlencode(params)))
        elif kind < 0.52:
            params = {"lat": f"{lat + rnd.uniform(-0.02, 0.02):.3f}", "lon": f"{lon + rnd.uniform(-0.02, 0.02):.3f}",
                      "rayon_km": "10"}  # fmt: skip
            queries.append(("recherche_autour", "/lieux/?" + urlencode(params)))
        elif kind < 0.62:
            params = {"commune": code, "ou": nom, "rayon_km": "20", "ouvert_maintenant": "on"}
            queries.append(("recherche_ouvert", "/lieux/?" + urlencode(params)))
        elif kind < 0.67:
            queries.append(("recherche_vide", "/lieux/" + rnd.choice(["", "?page=2"])))
        elif kind < 0.82:
            queries.append(("page_lieu", f"/lieux/{rnd.choice(public_ids)}/"))
        elif kind < 0.90:
            queries.append(("fiche_imprimable", f"/lieux/{rnd.choice(public_ids)}/fiche/"))
        else:
            queries.append(("carte_json", "/lieux/carte.json?" + urlencode({"commune": code, "rayon_km": "20"})))
    # Issue 10, point 11 : créneaux et besoins particuliers (tirage à part : la suite ci-dessus reste comparable
    # aux mesures d'avant ces filtres).
    rnd2 = random.Random(seed + 1)
    for _ in range(n // 20):
        code, nom, cp, _lat, _lon, _pop = rnd2.choice(big)
        params = {"commune": code, "ou": nom, "rayon_km": "20",
                  **rnd2.choice([{"soiree": "on"}, {"samedi": "on"}, {"jour": "1", "heure": "14:00"},
                                 {"prise_en_charge": "SURDITE"}])}  # fmt: skip
        queries.append(("recherche_creneaux", "/lieux/?" + urlencode(params)))
    return queries


def in_process(queries: list[tuple[str, str]]) -> None:
    """Les mêmes pages rendues dans ce processus, une à la fois (client de test Django, sans HTTP ni concurrence) :
    le coût propre de la page, indépendant de la charge de la machine et du serveur."""
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    for _kind, url in queries[:20]:
        client.get(url)  # échauffement
    timings: dict[str, list[float]] = {}
    for kind, url in queries:
        t = time.perf_counter()
        response = client.get(url)
        timings.setdefault(kind, []).append((time.perf_counter() - t) * 1000)
        if response.status_code != 200:
            print(f"  ! {url} : {response.status_code}")
    recherche = [v for k, vs in timings.items() if k.startswith("recherche") for v in vs]
    print(f"DANS LE PROCESSUS (une requête à la fois, {len(queries)} requêtes) :")
    for kind, values in {"recherche (toutes)": recherche, **{k: timings[k] for k in sorted(timings)}}.items():
        print(
            f"  {kind:20s} n={len(values):5d}  p50 {base.pct(values, 50):6.1f} ms  p95 {base.pct(values, 95):6.1f} ms  "
            f"p99 {base.pct(values, 99):6.1f} ms"
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--places", type=int)
    parser.add_argument("--queries", type=int)
    parser.add_argument("--reuse", action="store_true", help="garder la base d'un lancement précédent (même taille)")
    args = parser.parse_args()
    n_places = args.places or (3_000 if args.small else 50_000)
    n_queries = args.queries or (300 if args.small else 2_000)
    base.OUT.mkdir(parents=True, exist_ok=True)
    db_file = f"bench_lieux_pages-{n_places}.sqlite3"  # une base par taille : --small n'écrase pas la grande
    db_url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{base.OUT / db_file}"
    engine = "PostgreSQL" if db_url.startswith("postgres") else "SQLite"
    print(f"Base : {engine} ({db_url.split('@')[-1]}) — {n_places} lieux, {n_queries} requêtes de pages", flush=True)

    if not args.reuse:
        base.fresh_database(db_url)
    base.setup_django(db_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    communes = base.load_communes()
    from maillage.lieux.models import Lieu

    if args.reuse and Lieu.objects.exists():
        print(f"Données reprises : {Lieu.objects.count()} lieux", flush=True)
    else:
        csv_path = base.OUT / f"lieux-pages-{n_places}.csv"
        base.generate_csv(csv_path, n_places, communes)
        report = base.run_import_child(db_url, csv_path)
        print(f"Données : {report['created']} lieux importés en {report['seconds']:.1f} s", flush=True)

    public_ids = [str(u) for u in Lieu.objects.published().values_list("public_id", flat=True)[:5000]]
    queries = build_page_queries(n_queries, communes, public_ids)
    port = base.free_port()
    server = base.start_server(db_url, port)
    try:
        timings, elapsed, statuses = base.run_load(port, queries)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    total = sum(len(v) for v in timings.values())
    print(
        f"PAGES : {total} requêtes, 2 clients (= 2 processus serveur), {total / elapsed:.0f} req/s ; statuts {statuses}"
    )
    recherche = [v for k, vs in timings.items() if k.startswith("recherche") for v in vs]
    groups = {"recherche (toutes)": recherche, **{k: timings[k] for k in sorted(timings)}}
    for kind, values in groups.items():
        print(
            f"  {kind:20s} n={len(values):5d}  p50 {base.pct(values, 50):6.1f} ms  p95 {base.pct(values, 95):6.1f} ms  "
            f"p99 {base.pct(values, 99):6.1f} ms  moyenne {statistics.fmean(values) if values else 0:6.1f} ms"
        )
    p95 = base.pct(recherche, 95)
    print(f"Cible page de recherche p95 ≤ 60 ms : {'atteinte' if p95 <= 60 else 'NON atteinte'} ({p95:.1f} ms)")
    in_process(queries[: min(len(queries), 400)])
    if statuses.get(500) or statuses.get(0):
        print("ERREURS serveur pendant la mesure.")
        sys.exit(1)


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"(durée totale {time.perf_counter() - start:.0f} s)")
