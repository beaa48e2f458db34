"""Les pages publiques des rapports : la vue des élus et partenaires (sans compte, mois terminés, aucun chiffre
tiré d'un effectif de 1 à 4 — propriété vérifiée par hypothesis), l'export national (JSON et CSV au schéma
documenté) et la page des données ouvertes (licences, adresses stables)."""

import csv
import datetime
import io
import json
import re

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maillage.accompagnements.models import Accompagnement
from maillage.core.masquage import MASQUE, PART_MASQUEE
from maillage.observatoire.rapports.chiffres import rapport_du_mois
from maillage.orientations.enums import StatutOrientation
from tests.accompagnements.factories import AccompagnementFactory
from tests.comptes.factories import StructureFactory, TerritoireFactory, UserFactory
from tests.core.factories import CommuneFactory
from tests.lieux.factories import LieuFactory
from tests.orientations.factories import OrientationFactory

AUJOURDHUI = timezone.localdate()
MOIS = (AUJOURDHUI.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
M = f"{MOIS:%Y-%m}"
LE = datetime.datetime.combine(MOIS + datetime.timedelta(days=3), datetime.time(10), timezone.get_current_timezone())


@pytest.fixture
def petit_monde(db):
    ahun = CommuneFactory(nom="Ahun", epci_code="200000001", epci_nom="CC Alpha", population=1500)
    territoire = TerritoireFactory(nom="Département test", slug="dep-test", communes=[ahun])
    structure = StructureFactory(nom="Espace numérique d'Ahun", commune=ahun)
    return {"ahun": ahun, "territoire": territoire, "structure": structure}


def _chiffres(client, mois=M, slug="dep-test"):
    return client.get(reverse("observatoire:chiffres_mois", kwargs={"slug": slug, "mois": mois}))


def test_vue_des_elus_sans_compte_masque_et_sans_structure(client, petit_monde):
    s, ahun = petit_monde["structure"], petit_monde["ahun"]
    for _ in range(3):
        AccompagnementFactory(structure=s, commune=ahun, date=LE.date())
    LieuFactory(published=True, commune_ref=ahun)
    r = _chiffres(client)
    assert r.status_code == 200
    html = r.content.decode()
    assert "Département test" in html and "1. Réseau" in html and "4. Évaluation" in html
    assert re.search(r'data-code="seances">\s*<th scope="row">[^<]*</th>\s*<td>\s*&lt; 5\s*</td>', html)
    assert re.search(r'data-code="part_resolu">\s*<th scope="row">[^<]*</th>\s*<td>\s*—\s*</td>', html)
    assert "Espace numérique" not in html  # aucune structure nommée
    # Le dernier mois terminé par défaut ; le mois en cours n'est pas publié.
    assert client.get(reverse("observatoire:chiffres", args=["dep-test"])).status_code == 200
    assert _chiffres(client, f"{AUJOURDHUI:%Y-%m}").status_code == 404
    assert _chiffres(client, slug="inconnu").status_code == 404


def test_export_national_json_et_csv(client, petit_monde):
    s, ahun = petit_monde["structure"], petit_monde["ahun"]
    for _ in range(7):
        AccompagnementFactory(structure=s, commune=ahun, date=LE.date())
    AccompagnementFactory(structure=s, commune=ahun, date=LE.date(), resultat="NON")
    r = client.get(reverse("observatoire:export_national_json", kwargs={"slug": "dep-test", "mois": M}))
    assert r.status_code == 200 and r["Content-Type"].startswith("application/json")
    assert "public" in r["Cache-Control"]
    doc = json.loads(r.content)
    assert doc["schema"] == "maillage-observatoire-mensuel" and doc["version"] == "1.0"
    assert doc["licence"] == "Licence Ouverte 2.0 (Etalab)" and doc["mois"] == M and doc["seuil_masquage"] == 5
    assert doc["territoire"] == {"identifiant": "dep-test", "nom": "Département test", "type": "DEPARTEMENT",
                                 "communes": 1}  # fmt: skip
    par_code = {c["code"]: c for c in doc["chiffres"]}
    assert {c["section"] for c in doc["chiffres"]} == {"reseau", "financement", "mutualisation", "evaluation"}
    assert par_code["seances"] == {"section": "evaluation", "code": "seances", "valeur": 8, "unite": "",
                                   "masque": False, "libelle": "Séances d'accompagnement et ateliers"}  # fmt: skip
    # 7 résolus sur 8 : le reste (1) redonnerait une personne, la part est masquée.
    assert par_code["part_resolu"]["valeur"] is None and par_code["part_resolu"]["masque"] is True
    assert par_code["montant_encaisse"]["valeur"] == 0.0 and par_code["montant_encaisse"]["unite"] == "euros"
    r = client.get(reverse("observatoire:export_national_csv", kwargs={"slug": "dep-test", "mois": M}))
    lignes = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
    assert [(ligne["code"], ligne["valeur"], ligne["masque"]) for ligne in lignes] == [
        (c["code"], "" if c["valeur"] is None else str(c["valeur"]), "true" if c["masque"] else "false")
        for c in doc["chiffres"]
    ]
    assert list(lignes[0]) == ["territoire", "territoire_nom", "mois", "section", "code", "libelle", "valeur",
                               "unite", "masque"]  # fmt: skip
    # Mois en cours : pas encore publié.
    url = reverse("observatoire:export_national_json", kwargs={"slug": "dep-test", "mois": f"{AUJOURDHUI:%Y-%m}"})
    assert client.get(url).status_code == 404


def test_page_des_donnees_ouvertes(client, petit_monde):
    r = client.get(reverse("observatoire:donnees_ouvertes", args=["dep-test"]))
    assert r.status_code == 200
    html = r.content.decode()
    assert "Licence Ouverte 2.0 (Etalab)" in html
    for url in ("/api/v1/lieux/export.csv", "/api/v1/lieux/export.json", "/api/v1/lieux/export.geojson"):
        assert f'href="{url}"' in html
    assert f"/observatoire/territoires/dep-test/export-national/{M}.json" in html
    assert f"/observatoire/territoires/dep-test/export-national/{M}.csv" in html
    assert client.get(reverse("observatoire:donnees_ouvertes", args=["inconnu"])).status_code == 404


# --- Propriété : aucun chiffre montré ne vient d'un effectif de 1 à 4 ----------------------------------------------


def _montre(n: int) -> bool:
    return n == 0 or n >= 5


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    resultats=st.fixed_dictionaries({k: st.integers(0, 9) for k in ("RESOLU", "EN_PARTIE", "NON", "")}),
    participants=st.lists(st.integers(1, 12), max_size=3),
    recues=st.integers(0, 9),
    closes=st.integers(0, 9),
    refusees=st.integers(0, 9),
)
def test_aucun_chiffre_montre_ne_vient_d_un_effectif_sous_5(
    client, petit_monde, resultats, participants, recues, closes, refusees
):
    s, ahun, territoire = petit_monde["structure"], petit_monde["ahun"], petit_monde["territoire"]
    closes = min(closes, recues)
    refusees = min(refusees, recues - closes)
    with transaction.atomic():
        mediateur = UserFactory()
        seances = [
            Accompagnement(structure=s, mediateur=mediateur, date=LE.date(), duree=30, commune=ahun, resultat=r)
            for r, n in resultats.items()
            for _ in range(n)
        ]
        seances += [
            Accompagnement(
                structure=s,
                mediateur=mediateur,
                date=LE.date(),
                duree=60,
                commune=ahun,
                participants=p,
                type="COLLECTIF",
            )  # fmt: skip
            for p in participants
        ]
        Accompagnement.objects.bulk_create(seances)
        lieu = LieuFactory(published=True, commune_ref=ahun, structure=s) if recues else None
        for i in range(recues):
            statut = (StatutOrientation.CLOSE if i < closes
                      else StatutOrientation.REFUSEE if i < closes + refusees else StatutOrientation.ENVOYEE)  # fmt: skip
            repondue = statut != StatutOrientation.ENVOYEE
            OrientationFactory(
                lieu=lieu, structure_destinataire=s, created_at=LE, statut=statut,
                answered_at=LE + datetime.timedelta(days=1) if repondue else None,
                closed_at=LE + datetime.timedelta(days=3) if statut == StatutOrientation.CLOSE else None,
                motif_refus="COMPLET" if statut == StatutOrientation.REFUSEE else "",
            )  # fmt: skip
        r = rapport_du_mois(territoire, MOIS)
        html = _chiffres(client).content.decode()
        transaction.set_rollback(True)

    v = {ligne.code: ligne.valeur for _, ligne in r.lignes()}
    n_seances = sum(resultats.values()) + len(participants)
    personnes = sum(resultats.values()) + sum(participants)
    renseignes = resultats["RESOLU"] + resultats["EN_PARTIE"] + resultats["NON"]
    # Un effectif : montré tel quel s'il est 0 ou au moins 5, sinon « < 5 ».
    for code, n in (("seances", n_seances), ("personnes", personnes), ("orientations_recues", recues),
                    ("orientations_closes", closes), ("orientations_refusees", refusees)):  # fmt: skip
        assert v[code] == (n if _montre(n) else MASQUE), code
    # Un effectif à côté du total qui le contient : ni lui ni les autres (total − lui) ne sont de 1 à 4.
    if v["seances_resultat"] not in (MASQUE, PART_MASQUEE):
        assert _montre(renseignes) and _montre(n_seances - renseignes) and v["seances_resultat"] == renseignes
    else:
        assert not (_montre(renseignes) and _montre(n_seances - renseignes))
    # Une part : montrée seulement si la part, le total et le reste sont tous montrables.
    for code, part, total in (("part_resolu", resultats["RESOLU"], renseignes),
                              ("part_en_partie", resultats["EN_PARTIE"], renseignes),
                              ("part_non_resolu", resultats["NON"], renseignes),
                              ("orientations_recues_closes", closes, recues)):  # fmt: skip
        if v[code] != PART_MASQUEE:
            assert total > 0 and _montre(part) and _montre(total) and _montre(total - part), code
            assert v[code] == round(100 * part / total)
    # Un délai médian : sur au moins 5 orientations.
    if v["delai_reponse"] != PART_MASQUEE:
        assert closes + refusees >= 5 and v["delai_reponse"] == 1
    if v["delai_cloture"] != PART_MASQUEE:
        assert closes >= 5 and v["delai_cloture"] == 3
    # La page publique montre exactement ces valeurs (et aucun autre nombre dans les tableaux).
    cellules = re.findall(r'data-code="([a-z_0-9]+)">\s*<th scope="row">[^<]*</th>\s*<td>\s*([^<]*?)\s*</td>', html)
    assert {code for code, _ in cellules} == set(v)
    for code, texte in cellules:
        attendu = v[code]
        if isinstance(attendu, str):
            assert texte.replace("&lt;", "<") == attendu, code
        else:
            assert re.sub(r"\D", "", texte.split(",")[0]) == str(int(attendu)), code
