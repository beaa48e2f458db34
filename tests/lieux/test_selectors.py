from datetime import date, datetime

import pytest

from maillage.lieux.enums import Besoin, Frais, PriseEnCharge, Public, Service, StatutLieu
from maillage.lieux.horaires import PARIS
from maillage.lieux.models import Lieu
from maillage.lieux.selectors import (
    SearchError,
    doublons_probables,
    find_doublons,
    lieux_a_verifier,
    open_now_for,
    search_lieux,
)
from tests.lieux.factories import ArretFactory, LieuFactory

LUNDI_10H = datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)
LUNDI_13H = datetime(2026, 11, 23, 13, 0, tzinfo=PARIS)
MARDI_10H = datetime(2026, 11, 24, 10, 0, tzinfo=PARIS)
FERIE_10H = datetime(2026, 11, 11, 10, 0, tzinfo=PARIS)

ANGERS = (47.4712, -0.5518)
SAUMUR = (47.2600, -0.0769)
CHOLET = (47.0600, -0.8792)


def names(result):
    return [r.lieu.nom for r in result.items]


class TestSearchBasics:
    def test_only_published_sorted_by_name_without_centre(self):
        LieuFactory(published=True, nom="Bravo")
        LieuFactory(published=True, nom="Alpha")
        LieuFactory(nom="Brouillon")
        LieuFactory(ferme=True, nom="Fermé")
        res = search_lieux()
        assert res.total == 2
        assert names(res) == ["Alpha", "Bravo"]
        assert all(r.distance_km is None for r in res.items)

    def test_sorted_by_distance_with_radius(self):
        LieuFactory(published=True, nom="Saumur", latitude=SAUMUR[0], longitude=SAUMUR[1])
        LieuFactory(published=True, nom="Angers", latitude=ANGERS[0], longitude=ANGERS[1])
        LieuFactory(published=True, nom="Cholet", latitude=CHOLET[0], longitude=CHOLET[1])
        res = search_lieux(lat=ANGERS[0], lon=ANGERS[1], rayon_km=60)
        assert names(res) == ["Angers", "Saumur", "Cholet"]
        assert res.items[0].distance_km == 0
        assert 35 < res.items[1].distance_km < 60
        res = search_lieux(lat=ANGERS[0], lon=ANGERS[1], rayon_km=10)
        assert names(res) == ["Angers"]

    def test_sorted_by_distance_without_radius_keeps_all(self):
        LieuFactory(published=True, nom="Saumur", latitude=SAUMUR[0], longitude=SAUMUR[1])
        LieuFactory(published=True, nom="Sans position", latitude=None, longitude=None)
        LieuFactory(published=True, nom="Angers", latitude=ANGERS[0], longitude=ANGERS[1])
        res = search_lieux(lat=ANGERS[0], lon=ANGERS[1])
        assert names(res) == ["Angers", "Saumur", "Sans position"]

    def test_paging(self):
        for i in range(5):
            LieuFactory(published=True, nom=f"Lieu {i}", latitude=47 + i / 100)
        res = search_lieux(lat=47, lon=-0.5518, limit=2, offset=2)
        assert res.total == 5
        assert names(res) == ["Lieu 2", "Lieu 3"]
        res = search_lieux(limit=2, offset=4)
        assert res.total == 5 and names(res) == ["Lieu 4"]

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"lat": 91, "lon": 0},
            {"lat": 47, "lon": 200},
            {"lat": 47},
            {"rayon_km": 10},
            {"lat": 47, "lon": 0, "rayon_km": 0},
            {"lat": 47, "lon": 0, "rayon_km": 5000},
            {"limit": 0},
            {"limit": 1000},
            {"offset": -1},
            {"besoin": "inconnu"},
            {"commune": "99999"},
        ],
    )
    def test_impossible_parameters_raise_search_error(self, kwargs):
        with pytest.raises(SearchError):
            search_lieux(**kwargs)


class TestSearchFilters:
    def test_services_and_need_groups(self):
        LieuFactory(published=True, nom="Démarches", services=[Service.AIDE_DEMARCHES])
        LieuFactory(published=True, nom="Matériel", services=[Service.ACCES_MATERIEL])
        LieuFactory(published=True, nom="Ateliers", services=[Service.OUTILS_QUOTIDIEN, Service.USAGE_SECURISE])
        assert names(search_lieux(services=[Service.ACCES_MATERIEL])) == ["Matériel"]
        assert names(search_lieux(services=[Service.ACCES_MATERIEL, Service.AIDE_DEMARCHES])) == [
            "Démarches",
            "Matériel",
        ]
        assert names(search_lieux(besoin=Besoin.APPRENTISSAGE)) == ["Ateliers"]
        assert names(search_lieux(besoin="materiel")) == ["Matériel"]

    def test_publics_and_frais(self):
        LieuFactory(published=True, nom="Jeunes", publics_specifiquement_adresses=[Public.JEUNES], frais_a_charge=[])
        LieuFactory(published=True, nom="Seniors payant", publics_specifiquement_adresses=[Public.SENIORS],
                    frais_a_charge=[Frais.PAYANT])  # fmt: skip
        LieuFactory(published=True, nom="Gratuit", frais_a_charge=[Frais.GRATUIT])
        LieuFactory(published=True, nom="Sous condition", frais_a_charge=[Frais.GRATUIT_SOUS_CONDITION])
        assert names(search_lieux(publics=[Public.SENIORS])) == ["Seniors payant"]
        assert names(search_lieux(frais=[Frais.GRATUIT])) == ["Gratuit"]
        assert names(search_lieux(frais=[Frais.GRATUIT, Frais.GRATUIT_SOUS_CONDITION])) == [
            "Gratuit",
            "Sous condition",
        ]

    def test_accessible(self):
        LieuFactory(published=True, nom="Fiche", fiche_acces_libre="https://acceslibre.beta.gouv.fr/app/49/x/")
        LieuFactory(published=True, nom="Moteur", prise_en_charge_specifique=[PriseEnCharge.HANDICAPS_MOTEURS])
        LieuFactory(published=True, nom="Surdité", prise_en_charge_specifique=[PriseEnCharge.SURDITE])
        assert names(search_lieux(accessible=True)) == ["Fiche", "Moteur"]

    def test_text_is_accent_and_case_insensitive(self):
        LieuFactory(published=True, nom="Médiathèque Toussaint", commune="Angers")
        LieuFactory(published=True, nom="Centre social", commune="Saint-Barthélemy-d'Anjou")
        assert names(search_lieux(q="MEDIATHEQUE")) == ["Médiathèque Toussaint"]
        assert names(search_lieux(q="barthelemy")) == ["Centre social"]
        assert names(search_lieux(q="centre barthélemy")) == ["Centre social"]
        assert names(search_lieux(q="toussaint saumur")) == []

    def test_commune_filters_and_centres(self, communes_49):
        LieuFactory(published=True, nom="Angers", code_insee="49007", latitude=ANGERS[0], longitude=ANGERS[1])
        LieuFactory(published=True, nom="Saumur", code_insee="49328", latitude=SAUMUR[0], longitude=SAUMUR[1])
        res = search_lieux(commune="49007")
        assert names(res) == ["Angers"]
        assert res.items[0].distance_km < 2
        res = search_lieux(commune="49007", rayon_km=80)
        assert names(res) == ["Angers", "Saumur"]

    def test_pass_numerique_filter(self):
        from tests.pass_numerique.factories import QualificationPassFactory

        LieuFactory(published=True, nom="Sans qualification")
        QualificationPassFactory(lieu=LieuFactory(published=True, nom="En attente"))
        approved = QualificationPassFactory(approuvee=True, lieu=LieuFactory(published=True, nom="Qualifié"))
        # Qualifié sur deux territoires : une seule fois dans les résultats.
        QualificationPassFactory(approuvee=True, lieu=approved.lieu)
        res = search_lieux(pass_numerique=True)
        assert names(res) == ["Qualifié"]
        assert res.total == 1 and res.ignored_filters == []


class TestOpenNow:
    def test_open_now_filter_and_flag(self):
        LieuFactory(published=True, nom="Bureau")
        LieuFactory(published=True, nom="Soir", horaires="Mo-Fr 18:00-21:00")
        LieuFactory(published=True, nom="Inconnu", horaires="")
        res = search_lieux(ouvert_maintenant=True, now=LUNDI_10H)
        assert names(res) == ["Bureau"]
        assert res.items[0].ouvert_maintenant is True
        res = search_lieux(now=LUNDI_10H)
        flags = {r.lieu.nom: r.ouvert_maintenant for r in res.items}
        assert flags == {"Bureau": True, "Soir": False, "Inconnu": None}

    def test_public_holiday_and_lunch_break(self):
        LieuFactory(published=True, nom="Bureau")
        assert search_lieux(ouvert_maintenant=True, now=FERIE_10H).total == 0
        assert search_lieux(ouvert_maintenant=True, now=LUNDI_13H).total == 0

    def test_overnight(self):
        LieuFactory(published=True, nom="Nuit", horaires="Fr 22:00-02:00")
        assert search_lieux(ouvert_maintenant=True, now=datetime(2026, 11, 28, 1, 0, tzinfo=PARIS)).total == 1

    def test_itinerant_stops_count_for_open_now_and_distance(self):
        arret = ArretFactory(latitude=SAUMUR[0], longitude=SAUMUR[1], horaires="Tu 09:00-12:00; PH off")
        bus = arret.lieu
        bus.latitude, bus.longitude = None, None
        bus.save()
        assert open_now_for(bus, MARDI_10H) is True
        assert open_now_for(bus, LUNDI_10H) is False
        res = search_lieux(lat=SAUMUR[0], lon=SAUMUR[1], rayon_km=5, ouvert_maintenant=True, now=MARDI_10H)
        assert [r.lieu for r in res.items] == [bus]
        assert res.items[0].distance_km == 0
        assert search_lieux(lat=SAUMUR[0], lon=SAUMUR[1], rayon_km=5, ouvert_maintenant=True, now=LUNDI_10H).total == 0
        assert search_lieux(lat=ANGERS[0], lon=ANGERS[1], rayon_km=5).total == 0

    def test_itinerant_found_by_stop_commune(self, communes_49):
        ArretFactory(commune=communes_49["49328"], latitude=SAUMUR[0], longitude=SAUMUR[1])
        assert search_lieux(commune="49328").total == 1


class TestQueries:
    def test_search_query_count_is_constant(self, django_assert_max_num_queries):
        for i in range(30):
            LieuFactory(published=True, latitude=47.4 + i / 1000)
        ArretFactory()
        search_lieux(lat=ANGERS[0], lon=ANGERS[1], rayon_km=30, now=LUNDI_10H)  # construit l'index (décision 0022)
        # Index à jour : la page et son jeton de version en une lecture, les arrêts seulement s'il y a un itinérant.
        with django_assert_max_num_queries(2):
            res = search_lieux(lat=ANGERS[0], lon=ANGERS[1], rayon_km=30, now=LUNDI_10H)
            [open_now_for(r.lieu, LUNDI_10H) for r in res.items]
        assert res.total == 31

    def test_index_suit_chaque_ecriture(self):
        """Le jeton de version change à chaque écriture (déclencheurs) : la recherche voit un lieu publié, modifié,
        fermé, sans délai, même si son index était en mémoire."""
        lieu = LieuFactory(published=True, latitude=ANGERS[0], longitude=ANGERS[1])
        assert search_lieux(lat=ANGERS[0], lon=ANGERS[1], rayon_km=5).total == 1
        Lieu.objects.filter(pk=lieu.pk).update(latitude=ANGERS[0] + 1)  # même une écriture hors des services
        assert search_lieux(lat=ANGERS[0], lon=ANGERS[1], rayon_km=5).total == 0
        LieuFactory(published=True, latitude=ANGERS[0], longitude=ANGERS[1] + 0.01)
        res = search_lieux(lat=ANGERS[0], lon=ANGERS[1], rayon_km=5)
        assert res.total == 1 and res.items[0].distance_km == pytest.approx(0.75, abs=0.01)
        Lieu.objects.filter(pk=res.items[0].lieu.pk).update(statut=StatutLieu.FERME)
        assert search_lieux(lat=ANGERS[0], lon=ANGERS[1], rayon_km=5).total == 0


class TestVerifierEtDoublons:
    def test_not_verified_for_12_months(self):
        old = LieuFactory(published=True, date_maj=date(2025, 1, 1))
        LieuFactory(published=True, date_maj=date(2026, 10, 1))
        verified = LieuFactory(published=True, date_maj=date(2024, 1, 1),
                               verified_at=datetime(2026, 6, 1, tzinfo=PARIS))  # fmt: skip
        LieuFactory(ferme=True, date_maj=date(2020, 1, 1))
        result = list(lieux_a_verifier(now=LUNDI_10H))
        assert result == [old]
        assert verified not in result

    def test_same_siret_and_address(self):
        a = LieuFactory(pivot="21490007800012", adresse="1 rue de la Roë", code_postal="49000", latitude=47.0)
        b = LieuFactory(pivot="21490007800012", adresse="1 Rue de la Roe", code_postal="49000", latitude=48.0)
        LieuFactory(pivot="21490007800012", adresse="2 rue de la Roë", code_postal="49000", latitude=46.0)
        pairs = doublons_probables()
        assert [(x.pk, y.pk) for x, y, _ in pairs] == [(a.pk, b.pk)]
        assert "SIRET" in pairs[0][2]

    def test_similar_name_within_100_m(self):
        a = LieuFactory(pivot="", nom="Médiathèque Toussaint", latitude=47.47000, longitude=-0.55000)
        b = LieuFactory(pivot="", nom="Mediatheque Toussaint Angers", latitude=47.47050, longitude=-0.55000)  # ~55 m
        LieuFactory(pivot="", nom="Médiathèque Toussaint", latitude=47.4720, longitude=-0.5500)  # ~220 m
        LieuFactory(pivot="", nom="Centre social", latitude=47.47001, longitude=-0.55000)
        pairs = find_doublons([{"pk": x.pk, "nom": x.nom, "pivot": x.pivot, "adresse": x.adresse,
                                "code_postal": x.code_postal, "latitude": x.latitude, "longitude": x.longitude}
                               for x in [a, b]])  # fmt: skip
        assert [(p.a, p.b) for p in pairs] == [(a.pk, b.pk)]
        # Le 3e est à 165 m de b et 220 m de a ; « Centre social » a un autre nom : une seule paire.
        assert {(x.pk, y.pk) for x, y, _ in doublons_probables()} == {(a.pk, b.pk)}
