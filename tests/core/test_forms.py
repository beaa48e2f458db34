import pytest
from django import forms

from maillage.core.forms import CommuneField


class Form(forms.Form):
    commune = CommuneField()


@pytest.mark.parametrize(
    "typed, code",
    [
        ("Angers", "49007"),
        ("angers", "49007"),
        ("Angers (49000)", "49007"),
        ("49100", "49007"),
        ("les ponts de ce", "49246"),
        ("Saint-Barthélemy-d'Anjou", "49267"),
        ("49267", "49267"),  # code INSEE quand aucun code postal ne correspond
    ],
)
def test_commune_typed_as_people_do(communes_49, typed, code):
    form = Form({"commune": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["commune"].code_insee == code


def test_unknown_commune_message(communes_49):
    form = Form({"commune": "Atlantis"})
    assert not form.is_valid()
    assert "Nous ne trouvons pas la commune « Atlantis »" in form.errors["commune"][0]


def test_ambiguous_commune_names_the_choices(communes_49):
    form = Form({"commune": "Saint"})
    assert not form.is_valid()
    assert "Plusieurs communes" in form.errors["commune"][0]
    assert "code postal" in form.errors["commune"][0]


def test_widget_renders_datalist_and_script(communes_49):
    html = str(Form(initial={"commune": communes_49["49007"]})["commune"])
    assert 'value="Angers (49000)"' in html
    assert "<datalist" in html and "commune-autocomplete.js" in html
