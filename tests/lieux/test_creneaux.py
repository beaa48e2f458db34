"""Issue 10, point 11 : « Ouvert jusqu'à 17 h », « Ouvre à 14 h », « Fermé aujourd'hui — ouvre lundi à 9 h », et
les filtres « besoins particuliers », « en soirée », « le samedi », « le [jour] à [heure] » (recherche, page, API)."""

from datetime import datetime, time
from html import unescape

import pytest

from maillage.lieux.enums import PriseEnCharge
from maillage.lieux.horaires import PARIS, annonce, fenetres_jour, fenetres_soiree, ouvert_pendant
from maillage.lieux.selectors import search_lieux
from tests.lieux.factories import ArretFactory, LieuFactory

BUREAU = "Mo-Fr 09:00-12:00,14:00-17:00; PH off"


def paris(*args):
    return datetime(*args, tzinfo=PARIS)


def names(result):
    return sorted(r.lieu.nom for r in result.items)


class TestAnnonce:
    @pytest.mark.parametrize(
        ("at", "attendu"),
        [
            (paris(2026, 11, 30, 10, 0), "Ouvert jusqu'à 12 h"),  # lundi matin
            (paris(2026, 11, 30, 12, 30), "Ouvre à 14 h"),  # pause de midi
            (paris(2026, 11, 30, 8, 0), "Ouvre à 9 h"),
            (paris(2026, 11, 30, 18, 0), "Fermé pour aujourd'hui — ouvre demain à 9 h"),  # a ouvert ce matin
            (paris(2026, 12, 4, 18, 0), "Fermé pour aujourd'hui — ouvre lundi à 9 h"),  # vendredi soir
            (paris(2026, 12, 5, 10, 0), "Fermé aujourd'hui — ouvre lundi à 9 h"),  # samedi
            (paris(2026, 12, 6, 10, 0), "Fermé aujourd'hui — ouvre demain à 9 h"),  # dimanche
        ],
    )
    def test_bureau(self, at, attendu):
        assert annonce(BUREAU, at) == attendu

    def test_jour_ferie(self):
        # Vendredi 25 décembre 2026, Noël : « PH off ».
        assert annonce(BUREAU, paris(2026, 12, 25, 10, 0)) == "Fermé aujourd'hui (jour férié) — ouvre lundi à 9 h"
        # Jeudi 24 : ouvert ; le soir, la prochaine ouverture saute le vendredi férié et le week-end.
        assert annonce(BUREAU, paris(2026, 12, 24, 18, 0)) == "Fermé pour aujourd'hui — ouvre lundi à 9 h"
        # Jeudi de l'Ascension 2026 (14 mai) : ouvre le lendemain.
        assert annonce(BUREAU, paris(2026, 5, 14, 9, 30)) == "Fermé aujourd'hui (jour férié) — ouvre demain à 9 h"

    def test_changements_d_heure(self):
        # Samedi 28 mars 2026 ; la nuit suivante on passe à l'heure d'été : lundi 9 h reste 9 h (heure de Paris).
        assert annonce(BUREAU, paris(2026, 3, 28, 20, 0)) == "Fermé aujourd'hui — ouvre lundi à 9 h"
        # Dimanche 29 mars, 1 h 30 (heure d'hiver, avant le changement) et 3 h 30 (heure d'été, après).
        tous_les_jours = "Mo-Su 09:00-12:00"
        assert annonce(tous_les_jours, paris(2026, 3, 29, 1, 30)) == "Ouvre à 9 h"
        assert annonce(tous_les_jours, paris(2026, 3, 29, 3, 30)) == "Ouvre à 9 h"
        # Retour à l'heure d'hiver le dimanche 25 octobre 2026 : un instant UTC de l'heure répétée.
        from datetime import UTC

        assert annonce(tous_les_jours, datetime(2026, 10, 25, 1, 30, tzinfo=UTC)) == "Ouvre à 9 h"
        assert annonce(tous_les_jours, datetime(2026, 10, 25, 8, 30, tzinfo=UTC)) == "Ouvert jusqu'à 12 h"

    def test_nuit_minuit_24_7_et_inconnu(self):
        assert annonce("Fr 22:00-02:00", paris(2026, 12, 4, 23, 0)) == "Ouvert jusqu'à demain 2 h"
        assert annonce("Mo-Su 18:00-24:00", paris(2026, 12, 4, 20, 0)) == "Ouvert jusqu'à minuit"
        assert annonce("24/7", paris(2026, 12, 4, 20, 0)) == "Ouvert 24 h sur 24"
        assert annonce("Mo 09:00-12:30", paris(2026, 11, 30, 10, 0)) == "Ouvert jusqu'à 12 h 30"
        assert annonce("", paris(2026, 12, 4, 20, 0)) is None
        assert annonce("n'importe quoi", paris(2026, 12, 4, 20, 0)) is None
        # Ouvre dans plus d'une semaine : la date en toutes lettres.
        assert (
            annonce("Jan 04 09:00-12:00", paris(2026, 12, 28, 10, 0)) == "Fermé aujourd'hui — ouvre le 4 janvier à 9 h"
        )


class TestFenetres:
    def test_soiree_ecarte_les_feries(self):
        fenetres = fenetres_soiree(paris(2026, 12, 21, 10, 0).date())  # lundi 21 ; vendredi 25 férié
        jours = [f[0].day for f in fenetres]
        assert jours == [21, 22, 23, 24, 26, 27]
        assert fenetres[0] == (paris(2026, 12, 21, 18, 0), paris(2026, 12, 22, 0, 0))

    def test_jour_heure_prochaine_occurrence(self):
        lundi = paris(2026, 11, 30, 15, 0)
        assert fenetres_jour(lundi.date(), 0, time(14, 0), now=lundi)[0][0] == paris(2026, 12, 7, 14, 0)
        assert fenetres_jour(lundi.date(), 0, time(16, 0), now=lundi)[0][0] == paris(2026, 11, 30, 16, 0)
        # Samedi : le prochain samedi non férié (le 5 décembre).
        assert fenetres_jour(lundi.date(), 5)[0][0] == paris(2026, 12, 5, 0, 0)
        # Vendredis 25 décembre et 1er janvier fériés : le vendredi 8 janvier.
        assert fenetres_jour(paris(2026, 12, 21, 10, 0).date(), 4)[0][0] == paris(2027, 1, 8, 0, 0)

    def test_ouvert_pendant(self):
        soirs = fenetres_soiree(paris(2026, 11, 30, 10, 0).date())
        assert ouvert_pendant("Tu 17:00-19:00", soirs) is True
        assert ouvert_pendant(BUREAU, soirs) is False
        assert ouvert_pendant("", soirs) is False


LUNDI_10H = paris(2026, 11, 30, 10, 0)


class TestRechercheCreneaux:
    @pytest.fixture
    def lieux(self):
        LieuFactory(published=True, nom="Bureau")
        LieuFactory(published=True, nom="Soir", horaires="Tu,Th 16:00-20:00")
        LieuFactory(published=True, nom="Samedi", horaires="Sa 09:00-12:00")
        LieuFactory(published=True, nom="Sans horaires", horaires="")

    def test_soiree_samedi_jour_heure(self, lieux):
        today = LUNDI_10H.date()
        assert names(search_lieux(creneaux=[fenetres_soiree(today)], now=LUNDI_10H)) == ["Soir"]
        assert names(search_lieux(creneaux=[fenetres_jour(today, 5)], now=LUNDI_10H)) == ["Samedi"]
        mardi_15h = fenetres_jour(today, 1, time(15, 0), now=LUNDI_10H)
        assert names(search_lieux(creneaux=[mardi_15h], now=LUNDI_10H)) == ["Bureau"]
        mardi_16h30 = fenetres_jour(today, 1, time(16, 30), now=LUNDI_10H)
        assert names(search_lieux(creneaux=[mardi_16h30], now=LUNDI_10H)) == ["Bureau", "Soir"]
        # Créneaux combinés : ET.
        both = [fenetres_soiree(today), fenetres_jour(today, 5)]
        assert search_lieux(creneaux=both, now=LUNDI_10H).total == 0

    def test_itinerant_par_ses_arrets(self):
        ArretFactory(horaires="Sa 09:00-12:00", lieu__nom="Bus du samedi")
        ArretFactory(horaires="Tu 09:00-12:00", lieu__nom="Bus du mardi")
        res = search_lieux(creneaux=[fenetres_jour(LUNDI_10H.date(), 5)], now=LUNDI_10H)
        assert names(res) == ["Bus du samedi"]

    def test_prise_en_charge(self):
        LieuFactory(published=True, nom="Sourds", prise_en_charge_specifique=[PriseEnCharge.SURDITE])
        LieuFactory(published=True, nom="Langues", prise_en_charge_specifique=[PriseEnCharge.LANGUES_AUTRES])
        LieuFactory(published=True, nom="Rien")
        assert names(search_lieux(prise_en_charge=[PriseEnCharge.SURDITE])) == ["Sourds"]
        both = [PriseEnCharge.SURDITE, PriseEnCharge.LANGUES_AUTRES]
        assert names(search_lieux(prise_en_charge=both)) == ["Langues", "Sourds"]


class TestPageEtApi:
    def test_page_filtres_et_cartes(self, client, time_machine):
        time_machine.move_to(LUNDI_10H)
        LieuFactory(published=True, nom="Bureau", prise_en_charge_specifique=[PriseEnCharge.ILLETTRISME])
        LieuFactory(published=True, nom="Soir", horaires="Tu,Th 16:00-20:00")
        resp = client.get("/lieux/", {"q": "o", "rayon_km": "20"})
        html = unescape(resp.content.decode())
        assert "Ouvert jusqu'à 12 h" in html and "Fermé aujourd'hui — ouvre demain à 16 h" in html
        assert "Personnes qui ont du mal à lire ou à écrire" in html and "Ouvert en soirée (après 18 h)" in html
        resp = client.get("/lieux/", {"q": "o", "soiree": "on"})
        assert [r["nom"] for r in resp.context["rows"]] == ["Soir"]
        resp = client.get("/lieux/", {"q": "o", "prise_en_charge": "ILLETTRISME"})
        assert [r["nom"] for r in resp.context["rows"]] == ["Bureau"]
        resp = client.get("/lieux/", {"q": "o", "jour": "1", "heure": "18:00"})
        assert [r["nom"] for r in resp.context["rows"]] == ["Soir"]
        resp = client.get("/lieux/", {"q": "o", "samedi": "on"})
        assert resp.context["rows"] == []

    def test_page_heure_sans_jour_et_valeurs_inconnues(self, client):
        resp = client.get("/lieux/", {"q": "o", "heure": "14:00"})
        assert resp.status_code == 400
        assert "Choisissez aussi le jour" in unescape(resp.content.decode())
        resp = client.get("/lieux/", {"q": "o", "jour": "9"})
        assert resp.status_code == 400 and "jour de la semaine" in resp.content.decode()

    def test_api(self, client, time_machine):
        time_machine.move_to(LUNDI_10H)
        LieuFactory(published=True, nom="Bureau")
        LieuFactory(published=True, nom="Samedi", horaires="Sa 09:00-12:00", prise_en_charge_specifique=["SURDITE"])
        data = client.get("/api/v1/lieux", {"q": "a"}).json()
        statuts = {i["nom"]: i["horaires_statut"] for i in data["items"]}
        assert statuts == {"Bureau": "Ouvert jusqu'à 12 h", "Samedi": "Fermé aujourd'hui — ouvre samedi à 9 h"}
        assert [i["nom"] for i in client.get("/api/v1/lieux", {"samedi": "true"}).json()["items"]] == ["Samedi"]
        assert [i["nom"] for i in client.get("/api/v1/lieux", {"prise_en_charge": "surdite"}).json()["items"]] == [
            "Samedi"
        ]
        assert [i["nom"] for i in client.get("/api/v1/lieux", {"jour": 0, "heure": "15:00"}).json()["items"]] == [
            "Bureau"
        ]
        assert client.get("/api/v1/lieux", {"heure": "15:00"}).status_code == 400
        assert client.get("/api/v1/lieux", {"prise_en_charge": "INCONNU"}).status_code == 422
