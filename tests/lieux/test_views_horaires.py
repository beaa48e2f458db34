"""La grille d'horaires de la page de modification ⇄ syntaxe OpenStreetMap (maillage/lieux/forms.py)."""

from datetime import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maillage.lieux.forms import JOUR_CODES, HorairesForm, grid_to_osm, osm_to_grid
from maillage.lieux.horaires import validate_horaires

BUREAU = [(time(9), time(12)), (time(14), time(17))]


class TestGridToOsm:
    def test_jours_identiques_regroupes(self):
        grille = {d: BUREAU for d in ("Mo", "Tu", "We", "Th", "Fr")} | {"Sa": [(time(9), time(12))]}
        assert grid_to_osm(grille, feries_fermes=True) == "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off"

    def test_jours_non_consecutifs(self):
        grille = {"Mo": BUREAU, "Tu": BUREAU, "Th": BUREAU, "Sa": BUREAU}
        assert grid_to_osm(grille) == "Mo,Tu,Th,Sa 09:00-12:00,14:00-17:00"

    def test_grille_vide_horaires_inconnus(self):
        assert grid_to_osm({}, feries_fermes=True) == ""

    def test_plages_remises_dans_l_ordre(self):
        assert grid_to_osm({"We": [(time(14), time(17)), (time(9, 30), time(12))]}) == "We 09:30-12:00,14:00-17:00"


class TestOsmToGrid:
    def test_relit_une_valeur_simple(self):
        grille, feries = osm_to_grid("Mo-Fr 09:00-12:00,14:00-17:00; We off; PH off")
        assert feries is True
        assert grille["Mo"] == BUREAU and grille["We"] == [] and grille["Sa"] == []

    @pytest.mark.parametrize(
        "value",
        ["24/7", "Mo-Fr 08:00-10:00,11:00-12:00,14:00-17:00", "Jan-Mar Mo 09:00-12:00", "Fr 22:00-02:00",
         "Sa-Mo 10:00-12:00", "Mo 09:00-12:00 \"sur rendez-vous\""],
    )  # fmt: skip
    def test_trop_complexe_pour_la_grille(self, value):
        assert osm_to_grid(value) is None


plage = st.tuples(st.integers(0, 22), st.integers(0, 59)).flatmap(
    lambda start: st.tuples(
        st.just(time(*start)), st.tuples(st.integers(start[0] + 1, 23), st.integers(0, 59)).map(lambda t: time(*t))
    )
)
jour = st.one_of(
    st.just([]),
    plage.map(lambda p: [p]),
    st.tuples(plage, plage).filter(lambda ps: ps[0][1] < ps[1][0] or ps[1][1] < ps[0][0]).map(lambda ps: sorted(ps)),
)


@settings(max_examples=200, deadline=None)
@given(st.fixed_dictionaries({d: jour for d in JOUR_CODES}), st.booleans())
def test_aller_retour_et_toujours_valide(grille, feries):
    """Toute grille produit une valeur que la bibliothèque d'horaires accepte, et qui se relit à l'identique."""
    value = grid_to_osm(grille, feries_fermes=feries)
    validate_horaires(value)
    relue = osm_to_grid(value)
    assert relue is not None
    if value:
        assert relue == (grille, feries)


class TestHorairesForm:
    def test_valeur_trop_complexe_gardee_telle_quelle(self):
        form = HorairesForm({"h-horaires_expert": "24/7"}, prefix="h", horaires="24/7")
        assert not form.grille_possible
        assert form.is_valid(), form.errors
        assert form.cleaned_data["horaires"] == "24/7"

    def test_texte_enorme_refuse(self):
        form = HorairesForm({"h-horaires_expert": "Mo 09:00-12:00;" * 500}, prefix="h", horaires="")
        assert not form.is_valid()
        assert "1000" in str(form.errors)
