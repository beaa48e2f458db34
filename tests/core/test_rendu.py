"""`core.rendu.ChampRapide` écrit les `<input>` exactement comme les gabarits de Django."""

import re

import pytest
from django import forms
from dsfr.forms import DsfrBaseForm, DsfrBoundField

from maillage.core.rendu import ChampRapide
from maillage.lieux.forms import RechercheForm


class Formulaire(DsfrBaseForm):
    texte = forms.CharField(max_length=20, help_text="Aide <b>échappée</b>", widget=forms.TextInput(
        attrs={"autocomplete": "off", "data-x": 'a"b', "spellcheck": False, "aria-autocomplete": "list"}))  # fmt: skip
    nombre = forms.FloatField(required=False, widget=forms.NumberInput(attrs={"step": "any"}))
    cache = forms.CharField(required=False, widget=forms.HiddenInput)
    courriel = forms.EmailField(disabled=True, initial="a@b.fr")
    heure = forms.TimeField(required=False)
    case = forms.BooleanField(required=False)
    liste = forms.ChoiceField(choices=[("a", "A")])


class FormulaireRapide(Formulaire):
    bound_field_class = ChampRapide


class FormulaireLent(Formulaire):
    bound_field_class = DsfrBoundField


@pytest.mark.parametrize(
    "data",
    [None, {"texte": "<script>é&", "nombre": "1,5", "cache": "x'y", "heure": "25:00", "case": "on", "liste": "z"}],
)
def test_chaque_champ_rendu_a_l_identique(data):
    lent, vite = FormulaireLent(data), FormulaireRapide(data)
    if data:
        lent.is_valid(), vite.is_valid()
    for name in Formulaire.base_fields:
        assert str(vite[name]) == str(lent[name]), name


def _sans_blancs(html: str) -> str:
    return re.sub(r"\s*([<>])\s*", r"\1", re.sub(r"\s+", " ", str(html))).strip()


@pytest.mark.parametrize("data", [None, {"texte": "abc", "nombre": "x"}])
def test_le_groupe_libelle_aide_champ_est_le_meme(data):
    lent, vite = FormulaireLent(data), FormulaireRapide(data)
    if data:
        lent.is_valid(), vite.is_valid()
    for name in Formulaire.base_fields:
        assert _sans_blancs(vite[name].as_field_group()) == _sans_blancs(lent[name].as_field_group()), name


def test_la_recherche_des_lieux_rend_la_meme_page():
    data = {"ou": "Angers (49000)", "commune": "49007", "rayon_km": "20", "q": "médiathèque", "lat": "", "lon": ""}
    vite = RechercheForm(data)
    lent = RechercheForm(data)
    for name in vite.fields:
        lent_champ = DsfrBoundField(lent, lent.fields[name], name)  # le champ de django-dsfr, tout en gabarits
        assert str(vite[name]) == str(lent_champ), name
        assert _sans_blancs(vite[name].as_field_group()) == _sans_blancs(lent_champ.as_field_group()), name


def test_les_choix_fixes_sont_partages_et_se_comportent_comme_ceux_de_django():
    from maillage.core.rendu import ChoixFixe, ChoixMultiplesFixes

    class Choix(forms.Form):
        un = ChoixFixe(choices=[("a", "A"), ("b", "B")])
        plusieurs = ChoixMultiplesFixes(choices=[("a", "A"), ("b", "B")], required=False)

    premier, second = Choix({"un": "a", "plusieurs": ["a", "b"]}), Choix({"un": "z", "plusieurs": ["c"]})
    assert premier.fields["un"].choices is Choix.base_fields["un"].choices  # aucune copie de la liste
    assert premier.fields["un"] is not Choix.base_fields["un"]  # le champ, lui, reste propre au formulaire
    assert premier.is_valid() and premier.cleaned_data == {"un": "a", "plusieurs": ["a", "b"]}
    assert not second.is_valid() and set(second.errors) == {"un", "plusieurs"}
    # Changer les choix d'un formulaire (nouvelle liste) ne touche ni la classe ni les autres formulaires.
    premier.fields["un"].choices = [("c", "C")]
    assert [v for v, _ in Choix.base_fields["un"].choices] == ["a", "b"] == [v for v, _ in second.fields["un"].choices]
    assert 'value="c"' in str(premier["un"]) and 'value="c"' not in str(second["un"])
