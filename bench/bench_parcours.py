"""Benchmark orientations + accompagnements (issue 4).

    .venv/bin/python bench/bench_parcours.py                 # 500 structures, 2 000 000 séances, 200 000 orientations
    .venv/bin/python bench/bench_parcours.py --small         # 50 structures, 20 000 séances, 2 000 orientations (CI)
    .venv/bin/python bench/bench_parcours.py --sessions 500000 --orientations 50000   # taille intermédiaire
    .venv/bin/python bench/bench_parcours.py --keep          # réutilise la base déjà générée (mesures seules)
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage_bench_parcours .venv/bin/python bench/bench_parcours.py

1. Génère (bulk_create par lots) les structures, un lieu publié et un·e médiateur·rice par structure, un
   territoire qui les contient toutes, les séances (1 à 2 besoins chacune, 12 % d'ateliers) et les orientations
   sur 3 ans.
2. Mesure dans le processus (client de test Django : middlewares, vues, gabarits et base, sans réseau) :
   tableau de bord d'une structure (en direct), tableau de bord du territoire (les 500 structures, 12 derniers
   mois, depuis les agrégats mensuels par commune recalculés par `agreger_statistiques`, dont la durée est affichée),
   enregistrement d'une séance (POST du formulaire), boîte de réception ; p50/p95/max en ms et nombre de requêtes
   SQL par page (constant : vérifié aussi par les tests avec django_assert_num_queries).
Objectifs de l'issue (PostgreSQL) : structure p95 ≤ 200 ms, territoire p95 ≤ 1 s, séance p95 ≤ 50 ms,
boîte p95 ≤ 100 ms.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from common import fresh_database, setup_django  # noqa: E402 — bench/common.py, même dossier

BATCH = 10_000


def log(msg: str):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def generate(*, n_structures: int, n_sessions: int, n_orientations: int, seed: int = 49):
    from django.db import connection
    from django.utils import timezone

    from maillage.accompagnements.enums import FaconDeFaire, TypeLieu, besoin_traite_choices
    from maillage.accompagnements.models import Accompagnement, BesoinTraite
    from maillage.comptes.enums import Role
    from maillage.comptes.models import Membership, Structure, Territoire, User
    from maillage.core.enums import TypeConsentement
    from maillage.core.models import Commune, Departement, Region, TexteConsentement
    from maillage.lieux.models import Lieu
    from maillage.orientations.enums import MotifRefus, Resultat, StatutOrientation
    from maillage.orientations.models import Orientation

    rng = random.Random(seed)
    t0 = time.perf_counter()
    region = Region.objects.create(code="52", nom="Pays de la Loire")
    dep = Departement.objects.create(code="49", nom="Maine-et-Loire", region=region)
    communes = []
    for i in range(100):
        c = Commune(code_insee=f"49{i:03d}", nom=f"Commune {i}", departement=dep, codes_postaux=[f"49{i:03d}"],
                    population=rng.randint(500, 150_000), latitude=47 + rng.random(), longitude=-1 + rng.random())  # fmt: skip
        c.fill_derived_fields()
        communes.append(c)
    Commune.objects.bulk_create(communes)
    territoire = Territoire.objects.create(nom="Maine-et-Loire", slug="maine-et-loire")
    territoire.communes.set(communes)
    structures = Structure.objects.bulk_create(
        [
            Structure(nom=f"Structure {i}", commune=communes[i % len(communes)], typologie="ASSO")
            for i in range(n_structures)
        ]
    )
    structures = list(Structure.objects.order_by("pk"))
    password = "bench-mot-de-passe"
    users = [User(email=f"mediation{i}@bench.fr", first_name="Bench", last_name=str(i)) for i in range(n_structures)]
    hashed = User(email="x@x.fr")
    hashed.set_password(password)
    for u in users:
        u.password = hashed.password
    User.objects.bulk_create(users, batch_size=BATCH)
    users = list(User.objects.order_by("pk"))
    Membership.objects.bulk_create(
        [Membership(user=u, structure=s, role=Role.MEDIATEUR) for u, s in zip(users, structures, strict=True)]
        + [Membership(user=users[0], structure=structures[0], role=Role.COORDINATEUR, territoire=territoire)],
        batch_size=BATCH,
    )
    today = timezone.localdate()
    Lieu.objects.bulk_create(
        [
            Lieu(
                nom=f"Lieu {i}",
                commune=s.commune.nom,
                code_postal=s.commune.code_postal,
                code_insee=s.commune_id,
                adresse=f"{i} rue du Bench",
                latitude=s.commune.latitude,
                longitude=s.commune.longitude,
                horaires="Mo-Fr 09:00-17:00",
                services=["AIDE_DEMARCHES", "OUTILS_QUOTIDIEN"],
                date_maj=today,
                structure=s,
                statut="PUBLIE",
                search_text=f"lieu {i}",
            )  # fmt: skip
            for i, s in enumerate(structures)
        ],
        batch_size=BATCH,
    )
    lieux = list(Lieu.objects.order_by("pk").values_list("pk", "structure_id"))
    log(f"référentiel : {n_structures} structures, lieux, comptes ({time.perf_counter() - t0:.1f} s)")

    # Séances sur 3 ans, avec leurs besoins.
    t1 = time.perf_counter()
    codes = [c for c, _ in besoin_traite_choices()]
    facons = list(FaconDeFaire.values)
    resultats = list(Resultat.values)
    start = today - timedelta(days=3 * 365)
    span = (today - start).days
    if connection.vendor == "postgresql":
        _sessions_sql(n_sessions, [s.pk for s in structures], [u.pk for u in users], [lid for lid, _ in lieux],
                      start, span, codes, facons, t1)  # fmt: skip
    else:
        made = 0
        next_pk = 1
        while made < n_sessions:
            size = min(BATCH, n_sessions - made)
            objs, needs = [], []
            for _ in range(size):
                k = rng.randrange(n_structures)
                collectif = rng.random() < 0.12
                d = start + timedelta(days=rng.randrange(span))
                participants = rng.randint(3, 12) if collectif else 1
                objs.append(
                    Accompagnement(
                        pk=next_pk,
                        type="COLLECTIF" if collectif else "INDIVIDUEL",
                        structure_id=structures[k].pk,
                        mediateur_id=users[k].pk,
                        date=d,
                        duree=rng.choice((15, 30, 45, 60, 90, 120)),
                        type_lieu=TypeLieu.LIEU,
                        lieu_id=lieux[k][0],
                        materiel=["ORDINATEUR"],
                        resultat="" if collectif else rng.choice(resultats),
                        participants=participants,
                        questionnaire_token=f"b{next_pk}",
                    )  # fmt: skip
                )
                for code in rng.sample(codes, 2 if rng.random() < 0.5 else 1):
                    needs.append(BesoinTraite(accompagnement_id=next_pk, structure_id=structures[k].pk, date=d, besoin=code,
                                              facon=rng.choice(facons), poids=participants))  # fmt: skip
                next_pk += 1
            Accompagnement.objects.bulk_create(objs)
            BesoinTraite.objects.bulk_create(needs)
            made += size
            if made % 200_000 == 0 or made == n_sessions:
                rate = made / (time.perf_counter() - t1)
                log(f"  {made:>9} séances ({rate:,.0f}/s)".replace(",", " "))
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute(
                    "SELECT setval(pg_get_serial_sequence('accompagnements_accompagnement','id'), "
                    "(SELECT MAX(id) FROM accompagnements_accompagnement))"
                )
    log(f"séances : {n_sessions} en {time.perf_counter() - t1:.0f} s")

    # Orientations sur 3 ans.
    t2 = time.perf_counter()
    texte = TexteConsentement.objects.current(TypeConsentement.ORIENTATION)
    now = timezone.now()
    made = 0
    statuts = [StatutOrientation.CLOSE] * 6 + [StatutOrientation.REFUSEE, StatutOrientation.REDIRIGEE,
                                                StatutOrientation.ACCEPTEE]  # fmt: skip
    while made < n_orientations:
        size = min(BATCH, n_orientations - made)
        objs = []
        for _ in range(size):
            src = rng.randrange(n_structures)
            dst = rng.randrange(n_structures)
            created = now - timedelta(seconds=rng.randrange(3 * 365 * 86400))
            recent = (now - created).days < 10
            statut = StatutOrientation.ENVOYEE if recent and rng.random() < 0.5 else rng.choice(statuts)
            answered = None if statut == StatutOrientation.ENVOYEE else created + timedelta(hours=rng.randint(1, 120))
            objs.append(
                Orientation(
                    prescripteur_id=users[src].pk,
                    structure_prescriptrice_id=structures[src].pk,
                    lieu_id=lieux[dst][0],
                    structure_destinataire_id=lieux[dst][1],
                    besoins=["DEMARCHE_SOCIAL"],
                    personne_prenom="J. D.",
                    consentement=texte,
                    consentement_at=created,
                    statut=statut,
                    answered_at=answered,
                    created_at=created,
                    motif_refus=MotifRefus.COMPLET if statut == StatutOrientation.REFUSEE else "",
                    closed_at=answered if statut == StatutOrientation.CLOSE else None,
                    personne_venue=True if statut == StatutOrientation.CLOSE else None,
                )  # fmt: skip
            )
        Orientation.objects.bulk_create(objs)
        made += size
    log(f"orientations : {n_orientations} en {time.perf_counter() - t2:.0f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    return password


def _sessions_sql(n_sessions, sids, uids, lids, start, span, codes, facons, t1):
    """PostgreSQL : génération en SQL (generate_series), par lots de 200 000 : 2 M de séances en quelques minutes."""
    from django.db import connection

    step = 200_000
    with connection.cursor() as cur:
        for off in range(0, n_sessions, step):
            hi = min(n_sessions, off + step)
            cur.execute(
                """
                WITH s AS (
                  SELECT g AS id, floor(random() * %(n)s)::int AS k, random() < 0.12 AS coll,
                         (%(start)s::date + floor(random() * %(span)s)::int) AS d
                  FROM generate_series(%(lo)s, %(hi)s) g)
                INSERT INTO accompagnements_accompagnement
                  (id, created_at, updated_at, public_id, type, structure_id, mediateur_id, date, duree, type_lieu,
                   lieu_id, materiel, precisions_demarche, resultat, participants, repartitions, niveau, titre_atelier,
                   notes, questionnaire_token, deleted_motif)
                SELECT id, now(), now(), gen_random_uuid(), CASE WHEN coll THEN 'COLLECTIF' ELSE 'INDIVIDUEL' END,
                       (%(sids)s::int[])[k + 1], (%(uids)s::int[])[k + 1], d,
                       (ARRAY[15, 30, 45, 60, 90, 120])[1 + floor(random() * 6)::int], 'LIEU', (%(lids)s::int[])[k + 1],
                       '["ORDINATEUR"]'::jsonb, '',
                       CASE WHEN coll THEN '' ELSE (ARRAY['RESOLU', 'EN_PARTIE', 'NON', 'SANS_OBJET'])[1 + floor(random() * 4)::int] END,
                       CASE WHEN coll THEN 3 + floor(random() * 10)::int ELSE 1 END, '{}'::jsonb, '', '', '', 'b' || id, ''
                FROM s
                """,
                {"n": len(sids), "start": start, "span": span, "lo": off + 1, "hi": hi, "sids": sids, "uids": uids,
                 "lids": lids},
            )  # fmt: skip
            # Un besoin par séance, un second pour une séance sur deux (codes distincts : contrainte d'unicité).
            cur.execute(
                """
                INSERT INTO accompagnements_besointraite (accompagnement_id, structure_id, date, besoin, facon, poids,
                  raison)
                SELECT a.id, a.structure_id, a.date, (%(codes)s::text[])[1 + (a.id * 7919) %% %(nc)s],
                       (%(facons)s::text[])[1 + floor(random() * 4)::int], a.participants, ''
                FROM accompagnements_accompagnement a WHERE a.id BETWEEN %(lo)s AND %(hi)s
                UNION ALL
                SELECT a.id, a.structure_id, a.date, (%(codes)s::text[])[1 + ((a.id * 7919) %% %(nc)s + 1 + a.id %% (%(nc)s - 1)) %% %(nc)s],
                       (%(facons)s::text[])[1 + floor(random() * 4)::int], a.participants, ''
                FROM accompagnements_accompagnement a WHERE a.id BETWEEN %(lo)s AND %(hi)s AND a.id %% 2 = 0
                """,
                {"codes": codes, "nc": len(codes), "facons": facons, "lo": off + 1, "hi": hi},
            )  # fmt: skip
            log(f"  {hi:>9} séances ({hi / (time.perf_counter() - t1):,.0f}/s)".replace(",", " "))
        cur.execute(
            "SELECT setval(pg_get_serial_sequence('accompagnements_accompagnement','id'), "
            "(SELECT MAX(id) FROM accompagnements_accompagnement))"
        )


def measure(label, fn, n, results):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()  # chauffe
    with CaptureQueriesContext(connection) as ctx:
        fn()
    queries = len(ctx.captured_queries)
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
    results.append((label, n, statistics.median(times), p95, times[-1], queries))
    log(
        f"{label:<42} p50 {statistics.median(times):7.1f} ms  p95 {p95:7.1f} ms  max {times[-1]:7.1f} ms  {queries} requêtes"
    )


def run_measures(password: str, n: int):
    from django.conf import settings
    from django.db.models import Count
    from django.test import Client
    from django.utils import timezone

    from maillage.comptes.models import Membership, Structure, Territoire, User
    from maillage.orientations.models import Orientation

    backend = settings.AUTHENTICATION_BACKENDS[-1]
    rng = random.Random(7)
    territoire = Territoire.objects.get(slug="maine-et-loire")
    structure_ids = list(Structure.objects.values_list("pk", flat=True))
    mediators = {m.structure_id: m.user for m in Membership.objects.filter(role="MEDIATEUR").select_related("user")}
    coordo = User.objects.get(memberships__role="COORDINATEUR")
    busiest = (
        Orientation.objects.values("structure_destinataire_id")
        .order_by()
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    results = []
    clients = {}

    def client_for(user):
        if user.pk not in clients:
            c = Client()
            c.force_login(user, backend=backend)
            clients[user.pk] = c
        return clients[user.pk]

    def structure_dashboard():
        user = mediators[rng.choice(structure_ids)]
        r = client_for(user).get("/accompagnements/statistiques/")
        assert r.status_code == 200, r.status_code

    def territoire_dashboard():
        r = client_for(coordo).get(f"/accompagnements/statistiques/territoire/{territoire.pk}/")
        assert r.status_code == 200, r.status_code

    today = timezone.localdate().isoformat()

    def save_session():
        sid = rng.choice(structure_ids)
        r = client_for(mediators[sid]).post(
            "/accompagnements/nouveau/",
            {
                "type": "INDIVIDUEL",
                "date": today,
                "duree": "30",
                "type_lieu": "DISTANCE",
                "besoins": ["EMAIL", "D_SOCIAL"],
                "facon": "FAIRE_AVEC",
                "resultat": "RESOLU",
            },  # fmt: skip
        )
        assert r.status_code == 302, r.status_code

    inbox_user = mediators[busiest["structure_destinataire_id"]]
    # Connexions ouvertes avant les mesures : on ne mesure pas force_login.
    for user in [coordo, inbox_user, *mediators.values()]:
        client_for(user)

    def seances():
        user = mediators[rng.choice(structure_ids)]
        r = client_for(user).get("/accompagnements/", {"qui": "structure", "page": "2"})
        assert r.status_code == 200, r.status_code

    def inbox():
        r = client_for(inbox_user).get("/orientations/recues/")
        assert r.status_code == 200, r.status_code

    measure("Tableau de bord d'une structure (12 mois)", structure_dashboard, n, results)
    measure("Tableau de bord du territoire (12 mois)", territoire_dashboard, max(5, n // 5), results)
    measure("Enregistrer une séance (POST)", save_session, n, results)
    measure("Mes accompagnements (séances de la structure, page 2)", seances, n, results)
    measure(f"Boîte de réception ({busiest['n']} orientations reçues)", inbox, n, results)
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--keep", action="store_true", help="réutiliser la base déjà générée")
    parser.add_argument("--structures", type=int)
    parser.add_argument("--sessions", type=int)
    parser.add_argument("--orientations", type=int)
    parser.add_argument("--repeat", type=int, help="mesures par scénario")
    args = parser.parse_args(argv)
    n_structures = args.structures or (50 if args.small else 500)
    n_sessions = args.sessions if args.sessions is not None else (20_000 if args.small else 2_000_000)
    n_orientations = args.orientations if args.orientations is not None else (2_000 if args.small else 200_000)
    repeat = args.repeat or (20 if args.small else 60)
    OUT.mkdir(parents=True, exist_ok=True)
    # Vide (CI : BENCH_DATABASE_URL="") = SQLite ; une base par taille : --small n'écrase pas la grande.
    db_file = "bench_parcours_small.sqlite3" if args.small else "bench_parcours.sqlite3"
    db_url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{OUT / db_file}"
    if not args.keep:
        fresh_database(db_url)
    setup_django(
        db_url,
        DJANGO_ALLOWED_HOSTS="testserver,localhost,127.0.0.1",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    from django.core.management import call_command
    from django.db import connection

    # --keep : seules les migrations de cette partie (la base a pu être créée avec d'anciennes migrations d'autres apps).
    call_command("migrate", *(["accompagnements"] if args.keep else []), verbosity=0)
    log(f"base : {connection.vendor} ({db_url.rsplit('/', 1)[-1]})")
    from maillage.accompagnements.models import Accompagnement

    if args.keep and Accompagnement.objects.exists():
        password = "bench-mot-de-passe"
        log(f"base réutilisée : {Accompagnement.objects.count()} séances")
    else:
        log(f"génération : {n_structures} structures, {n_sessions} séances, {n_orientations} orientations sur 3 ans")
        password = generate(n_structures=n_structures, n_sessions=n_sessions, n_orientations=n_orientations)
    from datetime import date as _date

    from maillage.accompagnements.selectors import rebuild_monthly_stats

    t = time.perf_counter()
    n_rows = rebuild_monthly_stats(du=_date(2000, 1, 1), au=_date.today())
    log(f"agreger_statistiques --tout : {n_rows} agrégats en {time.perf_counter() - t:.1f} s")
    results = run_measures(password, repeat)
    print("\nRésumé (ms) — scénario | n | p50 | p95 | max | requêtes SQL")
    for label, n, p50, p95, mx, q in results:
        print(f"  {label:<42} | {n:>3} | {p50:7.1f} | {p95:7.1f} | {mx:7.1f} | {q}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
