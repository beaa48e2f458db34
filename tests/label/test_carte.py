"""Carte des compétences : équité entre EPCI (parts, taux pour 10 000 habitants, minimum, médiane, maximum,
rapport), vue par commune d'un EPCI, masquage pour les financeurs, nombre de requêtes constant."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.label import selectors
from tests.comptes.factories import StructureFactory
from tests.core.factories import CommuneFactory
from tests.label.conftest import ALPHA, aidants


def par_nom(data):
    return {ligne["epci"]: ligne for ligne in data["lignes"]}


def figure(data, niveau):
    return next(f for f in data["equite"] if f["niveau"] == niveau)


class TestEquite:
    def test_shares_rates_and_spread_for_coordination(self, carte_territoire):
        data = selectors.carte_competences(carte_territoire, masquer=False)
        lignes = par_nom(data)
        alpha, beta = lignes["CC Alpha"], lignes["CA Bêta"]
        assert [p["valeur"] for p in alpha["parts"]] == [70.0, 70.0, 70.0]  # Repérer, Urgence, Autonomie
        assert [p["valeur"] for p in beta["parts"]] == [100.0, 0.0, 0.0]
        assert alpha["parts"][0]["texte"] == "70 %"
        assert alpha["population"] == 4000 and alpha["pour_10000"] == {"valeur": 5.0, "texte": "5,0"}
        assert beta["pour_10000"]["valeur"] == 0.0 and lignes["Sans EPCI"]["population"] == 500
        reperer = figure(data, "REPERER_ORIENTER")
        assert (reperer["zones"], reperer["minimum"], reperer["mediane"], reperer["maximum"]) == (2, 70.0, 85.0, 100.0)
        assert reperer["rapport"] == 1.43 and reperer["textes"]["rapport"] == "1,43"
        urgence = figure(data, "AIDER_URGENCE")  # Bêta à 0 % : le rapport n'a pas de sens
        assert urgence["minimum"] == 0.0 and urgence["rapport"] is None
        assert urgence["textes"]["rapport"] == "sans objet"
        taux = figure(data, None)
        assert (taux["minimum"], taux["mediane"], taux["maximum"]) == (0.0, 2.5, 5.0)

    def test_funder_hides_shares_and_rates_of_hidden_counts(self, carte_territoire):
        data = selectors.carte_competences(carte_territoire, masquer=True)
        alpha = par_nom(data)["CC Alpha"]
        # 7 sur 10 : le reste (3) serait masqué, la part aussi ; 2 labellisés : le taux aussi.
        assert alpha["parts"][0] == {"valeur": None, "texte": "—"}
        assert alpha["pour_10000"] == {"valeur": None, "texte": "—"} and alpha["labellises"] == "< 5"
        assert par_nom(data)["Sans EPCI"]["parts"][0]["texte"] == "—"
        reperer = figure(data, "REPERER_ORIENTER")  # seules les parts montrées comptent
        assert (reperer["zones"], reperer["minimum"], reperer["maximum"], reperer["rapport"]) == (1, 100.0, 100.0, 1.0)
        assert figure(data, None)["zones"] == 1

    def test_constant_query_count(self, carte_territoire):
        with CaptureQueriesContext(connection) as petit:
            selectors.carte_competences(carte_territoire, masquer=True)
        c = CommuneFactory(epci_code="200000003", epci_nom="CC Gamma", population=800)
        carte_territoire.communes.add(c)
        aidants(StructureFactory(commune=c), 6, niveau=2, labellises=5, territoire=carte_territoire)
        with CaptureQueriesContext(connection) as grand:
            data = selectors.carte_competences(carte_territoire, masquer=True)
        assert len(data["lignes"]) == 4 and len(grand) == len(petit) <= 4


class TestParCommune:
    def test_epci_rows_link_to_their_communes(self, client, carte_territoire, coordinateur_de):
        client.force_login(coordinateur_de(carte_territoire))
        url = reverse("label:carte")
        html = client.get(url, {"territoire": "equite"}).content.decode()
        assert f'href="?territoire=equite&amp;epci={ALPHA}"' in html and "Équité entre EPCI" in html
        html = client.get(url, {"territoire": "equite", "epci": ALPHA}).content.decode()
        assert "CC Alpha" in html and "Ahun" in html and "Aubusson" in html and "Bellac" not in html
        assert "Équité entre communes" in html

    def test_commune_figures(self, carte_territoire):
        data = selectors.carte_competences(carte_territoire, masquer=False, epci=ALPHA)
        lignes = par_nom(data)
        assert list(lignes) == ["Ahun", "Aubusson"] and data["epci_nom"] == "CC Alpha"
        assert lignes["Ahun"]["total"] == 6 and lignes["Ahun"]["pour_10000"]["valeur"] == 20.0
        assert lignes["Aubusson"]["parts"][0]["valeur"] == 50.0

    def test_unknown_or_other_territory_epci_is_404(self, client, carte_territoire, coordinateur_de):
        client.force_login(coordinateur_de(carte_territoire))
        for epci in ("999999999", "pas un code"):
            assert client.get(reverse("label:carte"), {"territoire": "equite", "epci": epci}).status_code == 404

    def test_export_has_shares_and_spread_rows(self, client, carte_territoire, coordinateur_de):
        client.force_login(coordinateur_de(carte_territoire))
        r = client.get(reverse("label:carte"), {"territoire": "equite", "format": "csv"})
        csv = r.content.decode("utf-8-sig")
        assert "Labellisés pour 10 000 habitants" in csv and "Médiane entre EPCI" in csv
        r = client.get(reverse("label:carte"), {"territoire": "equite", "epci": ALPHA, "format": "csv"})
        assert "Ahun" in r.content.decode("utf-8-sig") and "Médiane entre communes" in r.content.decode("utf-8-sig")
        assert client.get(reverse("label:carte"), {"territoire": "equite", "format": "xlsx"}).status_code == 200
