"""Banc d'essai du Pass numérique.

    .venv/bin/python bench/bench_pass.py            # 100 000 carnets × 10 chèques (1 M de codes)
    .venv/bin/python bench/bench_pass.py --small    # 2 000 carnets × 10, quelques secondes (CI)
    .venv/bin/python bench/bench_pass.py --small --pdf-only   # seulement le PDF de 500 carnets (cible ≤ 30 s)
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage_bench_pass .venv/bin/python bench/bench_pass.py

Mesure : temps de génération et pic de mémoire (RSS) ; p95 d'un encaissement par HTTP sur 127.0.0.1 (vrai
serveur gunicorn) ; 50 encaissements simultanés du même code, répétés (100 fois en taille réelle) → exactement
1 succès et 49 refus « déjà encaissé » à chaque fois ; p95 du tableau de bord financeur (HTTP, et agrégats
recalculés sans cache) ; temps du PDF de 500 carnets (cible ≤ 30 s).
"""

import argparse
import http.client
import json
import os
import resource
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from common import fresh_database, setup_django  # noqa: E402 — bench/common.py, même dossier


def p95(values):
    values = sorted(values)
    return values[max(0, int(round(0.95 * len(values))) - 1)]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup_and_migrate(database_url: str):
    setup_django(database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_world():
    """Territoire, financeur, prescripteur, lieu qualifié et médiateur : le minimum pour une campagne."""
    from django.utils import timezone

    from maillage.comptes.enums import Role
    from maillage.comptes.models import Membership, Structure, Territoire, User
    from maillage.core.models import Commune, Departement, Region
    from maillage.lieux.models import Lieu
    from maillage.pass_numerique.catalogue import ensure_catalogue
    from maillage.pass_numerique.models import Charte, QualificationPass, QualificationService, ServicePass

    ensure_catalogue()
    region, _ = Region.objects.get_or_create(code="52", defaults={"nom": "Pays de la Loire"})
    dep, _ = Departement.objects.get_or_create(code="49", defaults={"nom": "Maine-et-Loire", "region": region})
    communes = []
    for i in range(20):
        c, _ = Commune.objects.get_or_create(
            code_insee=f"49{i + 1:03d}",
            defaults={"nom": f"Commune {i}", "departement": dep, "codes_postaux": [f"49{i:03d}"],
                      "latitude": 47.4 + i / 100, "longitude": -0.5},
        )  # fmt: skip
        communes.append(c)
    territoire, _ = Territoire.objects.get_or_create(slug="bench-49", defaults={"nom": "Bench 49"})
    territoire.communes.set(communes)

    def user(email, role, structure, terr=None):
        u = User.objects.filter(email=email).first() or User.objects.create_user(
            email=email, password="bench-password-42"
        )
        Membership.objects.get_or_create(user=u, structure=structure, role=role, defaults={"territoire": terr})
        return u

    financeur_s, _ = Structure.objects.get_or_create(nom="Département (bench)", defaults={"commune": communes[0]})
    mairie, _ = Structure.objects.get_or_create(nom="Mairie (bench)", defaults={"commune": communes[0]})
    espace, _ = Structure.objects.get_or_create(nom="Espace (bench)", defaults={"commune": communes[1]})
    financeur = user("financeur@bench.test", Role.COMMANDITAIRE, financeur_s, territoire)
    user("prescripteur@bench.test", Role.PRESCRIPTEUR, mairie)
    mediateur = user("mediateur@bench.test", Role.MEDIATEUR, espace)
    lieu, _ = Lieu.objects.get_or_create(
        nom="Espace numérique (bench)",
        defaults={"commune": "Commune 1", "code_postal": "49001", "adresse": "1 rue", "structure": espace,
                  "date_maj": timezone.localdate(), "latitude": 47.41, "longitude": -0.5, "statut": "PUBLIE"},
    )  # fmt: skip
    q, created = QualificationPass.objects.get_or_create(
        lieu=lieu, territoire=territoire,
        defaults={"statut": "APPROUVEE", "siret": "73282932000074", "titulaire_compte": "Espace", "requested_by": mediateur,
                  "iban": "FR7630006000011234567890189", "charte": Charte.objects.first(),
                  "charte_accepted_at": timezone.now()},
    )  # fmt: skip
    atelier = ServicePass.objects.get(code="atelier-collectif")
    if created:
        QualificationService.objects.create(qualification=q, service=atelier, prix_cheques=1)
    return territoire, financeur, financeur_s, mairie, mediateur, lieu, atelier


def bench_generation(nombre_carnets: int, territoire, financeur, financeur_s, atelier):
    from django.utils import timezone

    from maillage.pass_numerique import services

    today = timezone.localdate()
    campagne = services.create_campagne(
        territoire=territoire, nom=f"Bench {nombre_carnets}", valeur_cheque=Decimal("10"), cheques_par_carnet=10,
        nombre_carnets=nombre_carnets, starts_on=today - timedelta(days=1), ends_on=today + timedelta(days=365),
        tolerance_jours=30, budget=Decimal(nombre_carnets * 100), services=[atelier], lieux=[],
        cofinancements=[(financeur_s, Decimal("100"))], by=financeur,
    )  # fmt: skip
    rss_before = rss_mb()
    t0 = time.perf_counter()
    n = services.generate_carnets(campagne=campagne, by=financeur)
    elapsed = time.perf_counter() - t0
    return campagne, n, elapsed, rss_before, rss_mb()


def simulate_distribution(campagne, mairie, share=0.5):
    """Attribution réelle (service) puis remises écrites en masse : donne du volume à l'observatoire."""
    from django.db import connection
    from django.utils import timezone

    from maillage.pass_numerique import services
    from maillage.pass_numerique.enums import Besoin, Situation, TrancheAge

    n = int(campagne.nombre_carnets * share)
    services.allocate_carnets(campagne=campagne, structure=mairie, nombre=n, by=campagne.created_by)
    communes = list(campagne.territoire.communes.values_list("code_insee", flat=True))
    ages, situations, besoins = list(TrancheAge.values), list(Situation.values), list(Besoin.values)
    now = timezone.now()
    with connection.cursor() as cursor:
        for k, chunk_start in enumerate(range(1, n + 1, 5000)):
            cursor.execute(
                "UPDATE pass_numerique_carnet SET handed_out_at = %s, tranche_age = %s, situation = %s, besoin = %s, "
                "commune_id = %s WHERE campagne_id = %s AND numero >= %s AND numero < %s AND numero <= %s",
                [now - timedelta(days=3), ages[k % len(ages)], situations[k % len(situations)],
                 besoins[k % len(besoins)], communes[k % len(communes)], campagne.pk, chunk_start, chunk_start + 5000, n],
            )  # fmt: skip
    return n


def session_cookie(user) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    s = SessionStore()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s.save()
    return s.session_key


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, database_url: str, workers: int, threads: int):
        self.port = free_port()
        env = dict(
            os.environ,
            DATABASE_URL=database_url,
            DJANGO_SETTINGS_MODULE="config.settings.dev",
            DJANGO_DEBUG="false",
            DJANGO_LOG_LEVEL="ERROR",
        )
        gunicorn = shutil.which("gunicorn", path=str(ROOT / ".venv" / "bin")) or "gunicorn"
        self.proc = subprocess.Popen(
            [gunicorn, "config.wsgi", "-b", f"127.0.0.1:{self.port}", "-k", "gthread", "-w", str(workers),
             "--threads", str(threads), "--keep-alive", "30", "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(OUT / "bench_pass_server.log", "w"),
        )  # fmt: skip
        for _ in range(200):
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("le serveur de banc n'a pas démarré")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(20)


class Client:
    """Connexion HTTP persistante sur 127.0.0.1, avec session et jeton CSRF."""

    def __init__(self, port: int, session: str):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.csrf = secrets.token_hex(16)  # 32 caractères : format de secret accepté par Django
        self.cookie = f"sessionid={session}; csrftoken={self.csrf}"

    def get(self, path):
        self.conn.request("GET", path, headers={"Cookie": self.cookie})
        r = self.conn.getresponse()
        body = r.read()
        return r.status, body

    def reconnect(self):
        self.conn.close()
        self.conn = http.client.HTTPConnection(self.conn.host, self.conn.port, timeout=60)

    def redeem(self, code, lieu, service):
        body = json.dumps({"code": code, "lieu": str(lieu.public_id), "service": service.code})
        headers = {"Cookie": self.cookie, "X-CSRFToken": self.csrf, "Content-Type": "application/json"}
        self.conn.request("POST", "/api/v1/pass/encaissements", body=body, headers=headers)
        r = self.conn.getresponse()
        raw = r.read()
        try:
            return r.status, json.loads(raw or b"{}")
        except ValueError:
            return r.status, {"motif": raw[:200].decode("utf-8", "replace")}


def bench_redeem_sequential(client: Client, codes: list[str], lieu, atelier) -> None:
    lat = []
    for code in codes:
        t0 = time.perf_counter()
        status, body = client.redeem(code, lieu, atelier)
        lat.append((time.perf_counter() - t0) * 1000)
        assert status == 200, (status, body)
    print(f"Encaissement HTTP (API, séquentiel, {len(lat)} requêtes) : médiane {statistics.median(lat):.1f} ms, "
          f"p95 {p95(lat):.1f} ms, max {max(lat):.1f} ms")  # fmt: skip


def race_round(clients: list[Client], code: str, lieu, atelier) -> tuple[list, float]:
    """Tous les clients encaissent le même code au même instant ; renvoie leurs réponses et la durée du tour."""
    concurrency = len(clients)
    barrier = threading.Barrier(concurrency)
    results = [None] * concurrency

    def worker(i):
        barrier.wait()
        try:
            results[i] = clients[i].redeem(code, lieu, atelier)
        except Exception as exc:  # noqa: BLE001
            results[i] = (0, {"motif": repr(exc)})
            clients[i].reconnect()

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, (time.perf_counter() - t0) * 1000


def bench_race(port: int, session: str, race_codes: list[str], lieu, atelier, concurrency: int) -> int:
    """`concurrency` encaissements simultanés du même code, une fois par code ; renvoie le nombre de tours ratés."""
    from maillage.pass_numerique.models import Cheque, Mouvement

    rounds = len(race_codes)
    clients = [Client(port, session) for _ in range(concurrency)]
    for c in clients:
        c.get("/pass-numerique/")  # connexions ouvertes à l'avance
    bad_rounds, round_ms, busy_total = 0, [], 0
    for code in race_codes:
        results, ms = race_round(clients, code, lieu, atelier)
        round_ms.append(ms)
        ok = sum(1 for s, _ in results if s == 200)
        already = sum(1 for s, b in results if s == 409 and b.get("motif") == "DEJA_ENCAISSE")
        busy = sum(1 for s, b in results if s == 503 and b.get("motif") == "OCCUPE")  # SQLite seulement
        busy_total += busy
        if ok != 1 or already + busy != concurrency - 1:
            bad_rounds += 1
            print(f"  ÉCHEC sur {code[:5]}… : {ok} succès, {already} « déjà encaissé », {busy} « occupé », autres : "
                  f"{[r for r in results if r[0] not in (200, 409, 503)][:3]}")  # fmt: skip
    print(f"Concurrence : {rounds} tours × {concurrency} encaissements simultanés du même code → "
          f"{rounds - bad_rounds}/{rounds} tours avec exactement 1 succès et {concurrency - 1} refus clairs "
          f"(dont {busy_total} « base occupée, réessayez » au total, SQLite seulement) ; "
          f"durée d'un tour : médiane {statistics.median(round_ms):.0f} ms")  # fmt: skip
    redeemed = Cheque.objects.filter(code__in=race_codes, redeemed_at__isnull=False).count()
    entries = Mouvement.objects.filter(cheque__code__in=race_codes, type="ENCAISSEMENT").count()
    print(
        f"  Vérification en base : {redeemed}/{rounds} chèques encaissés, {entries} ligne(s) d'encaissement au registre"
    )
    if redeemed != rounds or entries != rounds:
        bad_rounds += 1
        print("  ÉCHEC : chaque chèque encaissé doit avoir exactement une ligne d'encaissement au registre")
    return bad_rounds


def bench_dashboard(port: int, session: str, campagne, n_dash: int) -> None:
    fin = Client(port, session)
    url = f"/pass-numerique/campagnes/{campagne.public_id}/"
    lat = []
    for _ in range(n_dash):
        t0 = time.perf_counter()
        status, _ = fin.get(url)
        lat.append((time.perf_counter() - t0) * 1000)
        assert status == 200, status
    print(f"Tableau de bord financeur HTTP ({n_dash} requêtes, cache 60 s par campagne) : médiane "
          f"{statistics.median(lat):.1f} ms, p95 {p95(lat):.1f} ms")  # fmt: skip


def check_registre(campagne) -> bool:
    """Invariant comptable global : chaque chèque encaissé a exactement une ligne ENCAISSEMENT, et inversement."""
    from django.db.models import Count

    from maillage.pass_numerique.models import Cheque, Mouvement

    encaisses = Cheque.objects.filter(campagne=campagne, redeemed_at__isnull=False).count()
    lignes = Mouvement.objects.filter(campagne=campagne, type="ENCAISSEMENT")
    doubles = lignes.values("cheque_id").annotate(n=Count("pk")).filter(n__gt=1).count()
    print(f"Registre : {encaisses} chèques encaissés, {lignes.count()} lignes d'encaissement, {doubles} en double")
    if encaisses != lignes.count() or doubles:
        print("  ÉCHEC : le registre ne correspond pas aux chèques encaissés")
        return False
    return True


def bench_carnets_pdf(campagne, structure, nombre: int = 500) -> float:
    """Le PDF de `nombre` carnets (lettre + chèques à QR codes), comme la vue `carnets_pdf` : cible ≤ 30 s pour 500."""
    from maillage.pass_numerique import pdf
    from maillage.pass_numerique.models import Carnet

    t0, cpu0 = time.perf_counter(), time.process_time()
    carnets = list(
        Carnet.objects.filter(campagne=campagne, structure=structure)
        .order_by("numero")
        .prefetch_related("cheques")[:nombre]
    )
    content = pdf.carnets_pdf(campagne=campagne, structure=structure, carnets=carnets)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    (OUT / "carnets.pdf").write_bytes(content)
    verdict = "OK" if elapsed <= 30 else "TROP LENT"
    print(f"PDF des carnets : {len(carnets)} carnets ({content.count(b'/Type /Page') - content.count(b'/Type /Pages')} "
          f"pages, {len(content) / 1e6:.1f} Mo) en {elapsed:.1f} s (temps processeur {cpu:.1f} s) — cible ≤ 30 s pour 500 : {verdict} "
          f"(fichier : bench/out/carnets.pdf)")  # fmt: skip
    return elapsed


def bench_observatoire(campagne, n_dash: int) -> None:
    from maillage.pass_numerique import selectors

    cold = []
    for _ in range(max(5, n_dash // 5)):
        t0 = time.perf_counter()
        selectors.observatoire(campagne, use_cache=False)
        cold.append((time.perf_counter() - t0) * 1000)
    print(f"Agrégats de l'observatoire recalculés sans cache ({len(cold)} fois) : médiane "
          f"{statistics.median(cold):.1f} ms, p95 {p95(cold):.1f} ms")  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", action="store_true", help="taille réduite (CI)")
    parser.add_argument("--pdf-only", action="store_true", help="seulement le PDF de 500 carnets (après génération)")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    # Vide (CI : BENCH_DATABASE_URL="") = SQLite ; une base par taille : --small n'écrase pas la grande.
    db_file = "bench_pass_small.sqlite3" if args.small else "bench_pass.sqlite3"
    database_url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{OUT / db_file}"
    nombre_carnets = 2_000 if args.small else 100_000
    n_redeem = 200 if args.small else 2_000
    rounds = 10 if args.small else 100
    n_dash = 30 if args.small else 100
    concurrency = 50

    fresh_database(database_url)
    setup_and_migrate(database_url)
    from django.db import connection

    from maillage.pass_numerique.models import Cheque

    print(f"Charge de la machine (load average 1 min) : {os.getloadavg()[0]:.1f} sur {os.cpu_count()} cœurs")
    print(f"Base : {connection.vendor} ({database_url.split('@')[-1]})")
    territoire, financeur, financeur_s, mairie, mediateur, lieu, atelier = build_world()
    campagne, n, gen_s, rss0, rss1 = bench_generation(nombre_carnets, territoire, financeur, financeur_s, atelier)
    print(f"Génération : {nombre_carnets:_} carnets × 10 = {n:_} codes en {gen_s:.1f} s ({n / gen_s:_.0f} codes/s) ; "
          f"RSS du processus : {rss0:.0f} Mo avant, pic {rss1:.0f} Mo".replace("_", " "))  # fmt: skip
    handed = simulate_distribution(campagne, mairie)
    print(f"Distribution simulée : {handed:,} carnets attribués et remis".replace(",", " "))
    pdf_s = bench_carnets_pdf(campagne, mairie, 500)
    if args.pdf_only:
        return 0 if pdf_s <= 30 else 1

    codes_pool = list(
        Cheque.objects.filter(campagne=campagne).order_by("pk").values_list("code", flat=True)[: n_redeem + rounds]
    )
    redeem_codes, race_codes = codes_pool[:n_redeem], codes_pool[n_redeem : n_redeem + rounds]
    session_med = session_cookie(mediateur)
    session_fin = session_cookie(financeur)
    connection.close()

    server = Server(database_url, workers=4, threads=16)
    try:
        client = Client(server.port, session_med)
        for _ in range(5):  # chauffe
            client.get("/pass-numerique/")
        bench_redeem_sequential(client, redeem_codes, lieu, atelier)
        bad_rounds = bench_race(server.port, session_med, race_codes, lieu, atelier, concurrency)
        bench_dashboard(server.port, session_fin, campagne, n_dash)
    finally:
        server.stop()
    if not check_registre(campagne):
        bad_rounds += 1
    bench_observatoire(campagne, n_dash)
    return 0 if bad_rounds == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
