"""Benchmark de l'annuaire : 5 000 acteurs et 2 000 postes pour un hub de 5 départements.

    .venv/bin/python bench/bench_annuaire.py            # 5 000 acteurs, 2 000 postes (taille de l'issue)
    .venv/bin/python bench/bench_annuaire.py --small    # 500 acteurs, 200 postes (CI)
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage_bench_annuaire .venv/bin/python bench/bench_annuaire.py

1. Communes réelles (tout le pays, `load_communes`), un hub de 5 départements ; des structures et leurs fiches
   (rôles, dispositifs, périmètre : l'EPCI de l'adresse et 0 à 5 communes de plus) ; des postes (1 à 3 EPCI, 1 à 2
   publics, fins étalées sur 3 ans) ; 2 000 lieux publiés (horaires variés) ; une feuille de route publiée de 5 axes,
   50 actions et 50 indicateurs vivants (les 5 chiffres du registre, dix fois chacun).
2. Dans le processus (client de test : vue, gabarit, intergiciels), p50/p95 et requêtes SQL par appel :
   - recherche de l'annuaire (nom, rôle, dispositif, commune servie, pages) — cible p95 ≤ 50 ms ;
   - page des postes du hub (fins dans 6 mois, doublons, couverture par EPCI) — cible p95 ≤ 200 ms ;
   - feuille de route avec 50 indicateurs vivants — cible p95 ≤ 300 ms.
"""

import datetime
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_aidants import HUB, measure  # noqa: E402 — même dossier
from common import analyze, begin  # noqa: E402

HORAIRES = ["Mo-Fr 09:00-12:00,14:00-17:00", "Tu-Sa 10:00-18:00", "Mo,We 14:00-18:00; Sa 09:00-12:00", ""]


def build_world(n_acteurs: int, n_postes: int, rng: random.Random):
    from django.core.management import call_command
    from django.utils import timezone

    from maillage.annuaire import services
    from maillage.annuaire.enums import Dispositif, Public, RoleReseau
    from maillage.annuaire.indicateurs import REGISTRE
    from maillage.annuaire.models import Acteur, Indicateur, Poste
    from maillage.comptes.enums import Role
    from maillage.comptes.models import Membership, Structure, Territoire, User
    from maillage.core.models import Commune
    from maillage.core.utils import normalize_text
    from maillage.lieux.models import Lieu

    if not Commune.objects.filter(departement_id__in=HUB).exists():
        call_command("load_communes")
    communes = list(Commune.objects.filter(departement_id__in=HUB).values_list("pk", "epci_code"))
    par_epci: dict[str, list[str]] = {}
    for code, epci in communes:
        par_epci.setdefault(epci, []).append(code)
    hub = Territoire.objects.create(nom="Hub Ouest", slug="hub", type="HUB")
    hub.communes.set([c for c, _ in communes])
    structures = [Structure(nom=f"Structure {i} {rng.choice(['Centre social', 'Médiathèque', 'CCAS'])}",
                            commune_id=rng.choice(communes)[0], typologie="ASSO") for i in range(n_acteurs)]  # fmt: skip
    for s in structures:
        s.search_text = normalize_text(s.nom)
    Structure.objects.bulk_create(structures, batch_size=2000)
    structures = list(Structure.objects.select_related("commune"))
    coord = User.objects.create_user(email="coord@bench.fr", password="x")
    Membership.objects.create(user=coord, structure=structures[0], role=Role.COORDINATEUR, territoire=hub)
    now = timezone.now()
    roles, dispositifs = list(RoleReseau.values), list(Dispositif.values)
    acteurs = []
    for s in structures:
        r = rng.sample(roles, k=rng.randint(1, 2))
        d = rng.sample(dispositifs, k=rng.randint(0, 2))
        acteurs.append(Acteur(structure=s, territoire=hub, roles=r, dispositifs=d, roles_text="|" + "|".join(r) + "|",
                              dispositifs_text="|" + "|".join(d) + "|" if d else "", search_text=s.search_text,
                              epcis=[s.commune.epci_code], verified_at=now, mainteneur=coord))  # fmt: skip
    Acteur.objects.bulk_create(acteurs, batch_size=2000)
    through = Acteur.communes_servies.through
    liens = set()
    for a in Acteur.objects.select_related("structure__commune"):
        for code in par_epci.get(a.structure.commune.epci_code, [a.structure.commune_id]):
            liens.add((a.pk, code))
        for _ in range(rng.randint(0, 5)):
            liens.add((a.pk, rng.choice(communes)[0]))
    through.objects.bulk_create([through(acteur_id=a, commune_id=c) for a, c in liens], batch_size=5000)
    today = timezone.localdate()
    epcis = [e for e in par_epci if e]
    postes = []
    for _ in range(n_postes):
        debut = today - datetime.timedelta(days=rng.randint(0, 900))
        postes.append(Poste(territoire=hub, employeur=rng.choice(structures), financeur="État (ANCT)",
                            dispositif=rng.choice(dispositifs), debut_financement=debut,
                            fin_financement=max(debut + datetime.timedelta(days=30),
                                                today + datetime.timedelta(days=rng.randint(-60, 1000))),
                            publics=rng.sample(list(Public.values), k=rng.randint(1, 2)),
                            epcis_servis=rng.sample(epcis, k=rng.randint(1, 3))))  # fmt: skip
    Poste.objects.bulk_create(postes, batch_size=2000)
    lieux = []
    for i in range(2000):
        code = rng.choice(communes)[0]
        lieux.append(Lieu(nom=f"Lieu {i}", commune="X", code_postal="49000", code_insee=code, commune_ref_id=code,
                          adresse="1 rue", horaires=rng.choice(HORAIRES), statut="PUBLIE", pivot="21490007800012",
                          date_maj=today))  # fmt: skip
    Lieu.objects.bulk_create(lieux, batch_size=2000)
    feuille = services.create_feuille(territoire=hub, titre="Feuille de route du hub", by=None)
    noms = list(REGISTRE)
    for a in range(5):
        axe = services.add_axe(feuille=feuille, titre=f"Axe {a + 1}", by=None)
        for k in range(10):
            action = services.add_action(axe=axe, titre=f"Action {a + 1}.{k + 1}", by=None, pilote=structures[k],
                                         partenaires=structures[k + 1 : k + 3])  # fmt: skip
            Indicateur.objects.create(action=action, libelle=f"Indicateur {a}.{k}", chiffre=noms[k % len(noms)])
    services.publish_feuille(feuille=feuille, by=None)
    return coord, hub, communes


def main() -> int:
    args = begin("bench_annuaire", __doc__)
    n_acteurs, n_postes = (500, 200) if args.small else (5_000, 2_000)
    rounds = 40 if args.small else 200
    from django.conf import settings
    from django.test import Client

    rng = random.Random(14)
    start = time.perf_counter()
    coord, hub, communes = build_world(n_acteurs, n_postes, rng)
    print(f"Jeu de données : {n_acteurs} acteurs, {n_postes} postes en {time.perf_counter() - start:.1f} s")
    analyze()
    settings.ALLOWED_HOSTS = ["*"]
    anonyme, client = Client(), Client()
    client.force_login(coord)
    codes = [c for c, _ in rng.sample(communes, 5)]
    recherche = [("get", "/annuaire/", None), ("get", "/annuaire/?role=LIEU_MEDIATION&page=3", None),
                 ("get", "/annuaire/?dispositif=FRANCE_SERVICES&q=centre", None),
                 *[("get", f"/annuaire/?commune={c}", None) for c in codes],
                 ("get", f"/api/v1/annuaire/acteurs?commune={codes[0]}", None)]  # fmt: skip
    ok = measure(anonyme, "Recherche dans l'annuaire (public)", recherche, 50, rounds)
    ok &= measure(client, "Postes du hub : fins, doublons, couverture", [("get", "/annuaire/postes/", None)], 200,
                  rounds)  # fmt: skip
    ok &= measure(client, "Feuille de route, 50 indicateurs vivants", [("get", "/annuaire/feuille-de-route/hub/",
                                                                        None)], 300, rounds)  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
