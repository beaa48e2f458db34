"""La recherche sur l'index rend exactement ce que rend un parcours de tous les points (issue 16) : sur 50 communes
tirées au sort, le total et les 20 premières distances de l'API égalent ceux d'un calcul NumPy naïf écrit ici,
indépendamment du code de l'index (toutes les distances, masque, tri)."""

import math
import random

import numpy as np
import pytest

from maillage.lieux.enums import BESOIN_SERVICES, Besoin, ModaliteAccompagnement, Service, StatutLieu
from maillage.lieux.models import Lieu
from maillage.lieux.selectors.autour import DISTANCE_EQUIVALENTE_KM

API = "/api/v1/lieux"
R = 6371.0088


@pytest.fixture
def lieux_49(communes_49):
    """1 500 lieux publiés autour des communes de Maine-et-Loire tirées selon leur population ; 5 % aident à
    distance ; quelques-uns sans position."""
    rnd = random.Random(16)
    communes = [c for c in communes_49.values() if c.latitude is not None]
    picks = rnd.choices(communes, weights=[max(50, c.population) for c in communes], k=1500)
    lieux = []
    for i, c in enumerate(picks):
        modalites = [ModaliteAccompagnement.INDIVIDUEL.value]
        if rnd.random() < 0.05:
            modalites.append(ModaliteAccompagnement.A_DISTANCE.value)
        sans_position = rnd.random() < 0.01
        lieu = Lieu(
            nom=f"Lieu {i:04d}", commune=c.nom, code_postal="49000", code_insee=c.code_insee, adresse="1 place",
            latitude=None if sans_position else c.latitude + rnd.uniform(-0.05, 0.05),
            longitude=None if sans_position else c.longitude + rnd.uniform(-0.07, 0.07),
            date_maj="2026-06-01", statut=StatutLieu.PUBLIE, services=rnd.sample(Service.values, rnd.randint(1, 3)),
            modalites_accompagnement=modalites,
        )  # fmt: skip
        lieu.fill_derived_fields()
        lieux.append(lieu)
    Lieu.objects.bulk_create(lieux)
    return communes


def reference(params: dict, centre: tuple[float, float]) -> tuple[int, list[float]]:
    """Toutes les distances (haversine), le disque, l'aide à distance du département rangée à 10 km, le besoin."""
    rows = list(Lieu.objects.values_list("latitude", "longitude", "services", "modalites_accompagnement", "nom"))
    lat = np.radians(np.array([r[0] if r[0] is not None else np.nan for r in rows], dtype=float))
    lon = np.radians(np.array([r[1] if r[1] is not None else np.nan for r in rows], dtype=float))
    lat0, lon0 = math.radians(centre[0]), math.radians(centre[1])
    a = np.sin((lat - lat0) / 2) ** 2 + math.cos(lat0) * np.cos(lat) * np.sin((lon - lon0) / 2) ** 2
    d = 2 * R * np.arcsin(np.minimum(1.0, np.sqrt(a)))
    dans = np.nan_to_num(d, nan=np.inf) <= params["rayon_km"]
    distants = np.array([ModaliteAccompagnement.A_DISTANCE in r[3] for r in rows]) & ~dans
    garde = dans | distants
    if "besoin" in params:
        garde &= np.array([bool(set(r[2]) & set(BESOIN_SERVICES[params["besoin"]])) for r in rows])
    rang = np.where(distants, DISTANCE_EQUIVALENTE_KM, d)
    ordre = sorted(np.flatnonzero(garde), key=lambda i: (rang[i], rows[i][4]))
    return int(garde.sum()), [round(float(d[i]), 2) for i in ordre[:20]]


def test_cinquante_communes_au_hasard_meme_total_et_memes_distances(client, lieux_49):
    rnd = random.Random(50)
    for commune in rnd.sample(lieux_49, 50):
        params = {"commune": commune.code_insee, "rayon_km": rnd.choice([5, 10, 20, 50])}
        if rnd.random() < 0.5:
            params["besoin"] = rnd.choice(Besoin.values)
        data = client.get(API, {**params, "limit": 20}).json()
        total, distances = reference(params, (commune.latitude, commune.longitude))
        assert (data["total"], [it["distance_km"] for it in data["items"]]) == (total, distances), params
