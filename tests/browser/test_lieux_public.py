"""Pages publiques des lieux dans un vrai navigateur, au clavier seul, et axe-core (aucune violation grave)."""

import pytest

from maillage.comptes.enums import Role
from maillage.lieux.enums import Service
from tests.browser.conftest import login_by_keyboard
from tests.comptes.factories import PASSWORD, StructureFactory, user_with_role
from tests.lieux.factories import ArretFactory, LieuFactory


@pytest.fixture
def lieux(communes_49):
    angers = communes_49["49007"]
    proche = LieuFactory(
        nom="Espace numérique du Lac de Maine", commune_ref=angers, latitude=angers.latitude,
        longitude=angers.longitude + 0.003, published=True, telephone="02 41 00 00 00",
        services=[Service.AIDE_DEMARCHES, Service.OUTILS_QUOTIDIEN],
    )  # fmt: skip
    LieuFactory(nom="Médiathèque Toussaint", commune_ref=angers, latitude=angers.latitude + 0.02,
                longitude=angers.longitude, published=True)  # fmt: skip
    bus = LieuFactory(itinerant=True, published=True, nom="Bus numérique", commune_ref=angers)
    ArretFactory(lieu=bus, nom="Place du marché", commune=angers, latitude=angers.latitude - 0.01,
                 longitude=angers.longitude)  # fmt: skip
    return {"proche": proche, "bus": bus}


def tab_until(page, predicate_js: str, limit: int = 60) -> None:
    """Appuie sur Tab jusqu'à ce que l'élément qui a le focus vérifie `predicate_js` (reçoit `el`)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!({predicate_js}); }})()"):
            return
    raise AssertionError(f"Focus jamais atteint : {predicate_js}")


def type_time(page, name: str, hour: int, minute: int) -> None:
    """Saisit une heure au clavier dans un <input type=time> : selon la langue de Chromium, le champ a un
    segment AM/PM (12 h) ou non (24 h)."""
    page.keyboard.type(f"{hour:02d}{minute:02d}")
    if not page.input_value(f"[name={name}]"):
        page.keyboard.type("PM" if hour >= 12 else "AM")


def test_chercher_ouvrir_un_lieu_et_sa_fiche_au_clavier(page, axe, lieux):
    page.goto("/lieux/")
    assert axe(page) == []
    tab_until(page, "el.id === 'id_ou'")
    page.keyboard.type("Ange")
    page.wait_for_selector("#ou-suggestions [role=option]")
    assert page.get_attribute("#id_ou", "aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    assert page.get_attribute("#id_ou", "aria-activedescendant") == "ou-option-0"
    page.keyboard.press("Enter")  # choisit la commune (ne soumet pas)
    assert page.input_value("#id_ou") == "Angers (49000)"
    assert page.input_value("#id_commune") == "49007"
    page.keyboard.press("Enter")  # soumet la recherche
    page.wait_for_url("**/lieux/?**")
    assert "commune=49007" in page.url and "lat=" not in page.url  # champs vides non envoyés
    titles = page.locator(".lieux-resultats .fr-card__title a").all_inner_texts()
    assert titles[0] == "Espace numérique du Lac de Maine"
    assert "Bus numérique" in titles
    assert "3 lieux autour d'Angers (49000)" in page.inner_text("#titre-resultats")
    page.wait_for_selector("#carte .leaflet-marker-icon")  # carte chargée (sans tuiles en test)
    assert axe(page) == []

    tab_until(page, "el.textContent.trim() === 'Espace numérique du Lac de Maine'")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/lieux/{lieux['proche'].public_id}/")
    assert page.inner_text("h1") == "Espace numérique du Lac de Maine"
    assert "Aide aux démarches administratives" in page.inner_text("main")
    assert axe(page) == []

    tab_until(page, "el.textContent.trim() === 'Fiche à imprimer'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/fiche/")
    assert page.inner_text("h1") == "Espace numérique du Lac de Maine"
    assert "Téléphone : 02 41 00 00 00" in page.inner_text("body")
    assert page.locator("header.fr-header").count() == 0  # pas de navigation sur la fiche
    assert page.locator("#imprimer").is_visible()
    page.emulate_media(media="print")
    assert page.locator(".fiche-ecran").is_hidden()  # la consigne « imprimez » ne s'imprime pas
    assert axe(page) == []


def test_la_recherche_marche_sans_javascript(_browser, live_server, transactional_db, lieux):
    context = _browser.new_context(java_script_enabled=False, base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    try:
        page.goto("/lieux/")
        assert page.locator("#autour-de-moi").is_hidden()  # réservé au JavaScript
        # 49000 est le code postal d'Angers et d'Écouflant : on ne choisit pas à la place de la personne.
        page.fill("#id_ou", "49000")
        page.press("#id_ou", "Enter")
        page.wait_for_url("**/lieux/?**")
        assert "Plusieurs communes correspondent à « 49000 »" in page.inner_text("#id_ou-desc-error")
        page.fill("#id_ou", "Angers")
        with page.expect_navigation():
            page.press("#id_ou", "Enter")
        assert page.locator(".lieux-resultats > li").count() == 3
        assert page.locator("#carte-bloc").is_hidden()
    finally:
        context.close()


def test_autour_de_moi(page, lieux):
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 47.4735, "longitude": -0.5545})
    page.goto("/lieux/")
    tab_until(page, "el.id === 'autour-de-moi'")
    page.keyboard.press("Enter")
    page.wait_for_url("**lat=**")
    assert "autour de votre position" in page.inner_text("#titre-resultats")


def test_un_gestionnaire_modifie_les_horaires_au_clavier(page, axe, communes_49):
    structure = StructureFactory(commune=communes_49["49007"])
    lieu = LieuFactory(nom="Atelier du samedi", structure=structure, commune_ref=communes_49["49007"], published=True)
    user = user_with_role(Role.GESTIONNAIRE, structure=structure)
    login_by_keyboard(page, user.email, PASSWORD)
    page.goto(f"/lieux/{lieu.public_id}/modifier/")
    assert axe(page) == []
    tab_until(page, "el.name === 'h-Sa_debut_1'", limit=250)
    type_time(page, "h-Sa_debut_1", 9, 30)
    tab_until(page, "el.name === 'h-Sa_fin_1'", limit=5)  # Tab parcourt aussi les segments du champ
    type_time(page, "h-Sa_fin_1", 12, 0)
    assert page.input_value("[name=h-Sa_debut_1]") == "09:30"
    assert page.input_value("[name=h-Sa_fin_1]") == "12:00"
    tab_until(page, "el.textContent.trim() === 'Enregistrer'", limit=250)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    errors = page.locator(".fr-error-text, .fr-message--error, .fr-alert--error, .errorlist").all_inner_texts()
    assert "Les modifications sont enregistrées." in page.inner_text("main"), errors
    lieu.refresh_from_db()
    assert lieu.horaires == "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:30-12:00; PH off"
    assert "Modification" in page.inner_text("table:has(caption:has-text('Qui a modifié'))")


def test_carte_d_un_lieu_itinerant_a_la_demande(page, axe, lieux):
    bus = lieux["bus"]
    page.goto(f"/lieux/{bus.public_id}/")
    assert page.locator("#carte-lieu").is_hidden()  # rien n'est chargé tant qu'on ne le demande pas
    tab_until(page, "el.id === 'afficher-carte-lieu'")
    page.keyboard.press("Enter")
    page.wait_for_selector("#carte-lieu .leaflet-marker-icon")
    assert page.locator("#carte-lieu .leaflet-marker-icon").count() == 2  # le lieu et son arrêt
    assert "Place du marché" in page.inner_text("main")
    assert axe(page) == []


def test_l_aide_a_distance_se_voit_et_se_retire_au_clavier(page, axe, communes_49):
    """Issue 16 : une hotline du département (loin) aide à distance ; la carte le dit, axe-core ne trouve rien, et la
    case « Seulement les lieux où l'on se rend » la retire, au clavier seul."""
    from maillage.lieux.enums import ModaliteAccompagnement

    angers, saumur = communes_49["49007"], communes_49["49328"]
    LieuFactory(nom="Espace du Lac", commune_ref=angers, latitude=angers.latitude, longitude=angers.longitude,
                published=True)  # fmt: skip
    LieuFactory(nom="Hotline de Saumur", commune="Saumur", code_insee="49328", latitude=saumur.latitude, longitude=saumur.longitude,
                modalites_accompagnement=[ModaliteAccompagnement.A_DISTANCE], published=True)  # fmt: skip
    page.goto("/lieux/?commune=49007&ou=Angers+%2849000%29&rayon_km=10")
    cartes = page.locator(".lieux-resultats .fr-card")
    assert cartes.count() == 2
    texte = cartes.nth(1).inner_text()
    assert "Aide à distance (téléphone, visio) depuis Saumur" in texte and "À DISTANCE" in texte.upper()
    assert axe(page) == []
    page.locator("summary").first.focus()
    page.keyboard.press("Enter")  # ouvre « Plus de critères »
    tab_until(page, "el.name === 'sur_place'")
    page.keyboard.press("Space")
    tab_until(page, "el.type === 'submit' && el.textContent.includes('Rechercher')")
    page.keyboard.press("Enter")
    page.wait_for_url("**sur_place=on**")
    assert page.locator(".lieux-resultats .fr-card__title a").all_inner_texts() == ["Espace du Lac"]
    assert axe(page) == []
