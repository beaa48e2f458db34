"""Un nom de lieu qui ressemble à du HTML s'affiche comme du texte dans les bulles des cartes (recherche et page
du lieu) : les bulles sont construites en nœuds texte, jamais par concaténation de HTML."""

import pytest

from tests.lieux.factories import LieuFactory

NOM = "<img src=x onerror=alert(1)>"


@pytest.fixture
def lieu_piege(communes_49):
    angers = communes_49["49007"]
    # Le service refuse ce nom (pas de HTML), mais un ancien import ou l'admin a pu l'écrire : la carte doit tenir.
    return LieuFactory(
        nom=NOM, adresse="<b>1 rue</b> de la Roë", commune_ref=angers, latitude=angers.latitude,
        longitude=angers.longitude, published=True,
    )  # fmt: skip


@pytest.fixture
def dialogs(page):
    """Tout `alert()` déclenché par la page est noté (et refermé) : il ne doit y en avoir aucun."""
    seen = []

    def on_dialog(dialog):
        seen.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return seen


def _assert_popup_shows_text(page, dialogs):
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert NOM in popup.inner_text()
    assert popup.locator("img").count() == 0
    assert page.locator('img[src="x"]').count() == 0
    assert dialogs == []


def test_bulle_de_la_carte_de_recherche(page, lieu_piege, dialogs):
    page.goto("/lieux/?commune=49007")
    marker = page.locator("#carte .leaflet-marker-icon").first
    marker.wait_for()
    assert marker.get_attribute("title") == NOM  # attribut, pas balise
    marker.click()
    _assert_popup_shows_text(page, dialogs)
    assert "<b>1 rue</b> de la Roë" in page.locator(".leaflet-popup-content").inner_text()


def test_bulle_de_la_carte_du_lieu(page, lieu_piege, dialogs):
    page.goto(f"/lieux/{lieu_piege.public_id}/")
    assert page.locator("h1").inner_text() == NOM
    page.click("#afficher-carte-lieu")
    page.locator("#carte-lieu .leaflet-marker-icon").first.click()
    _assert_popup_shows_text(page, dialogs)
