"""Le menu de l'en-tête : à plat jusqu'à sept entrées, par rubriques au-delà (une coordination en a une vingtaine,
qui débordaient de l'écran à 1 280 px)."""

from maillage.comptes.enums import Role
from maillage.core import navigation
from maillage.core.navigation import MENU_A_PLAT, RUBRIQUES, Entree, menu_for, navigation_for
from tests.comptes.factories import MembershipFactory


def test_few_entries_stay_flat(db):
    from django.contrib.auth.models import AnonymousUser

    menu = menu_for(AnonymousUser())
    assert len(menu) <= MENU_A_PLAT and all("entrees" not in item for item in menu)
    assert [item["label"] for item in menu] == [item["label"] for item in navigation_for(AnonymousUser())]


def test_a_coordinator_gets_sections_with_every_entry_once(db):
    user = MembershipFactory(role=Role.COORDINATEUR).user
    a_plat = navigation_for(user)
    assert len(a_plat) > MENU_A_PLAT
    menu = menu_for(user)
    assert len(menu) <= len(RUBRIQUES)
    liens = [e for item in menu for e in item.get("entrees", [item])]
    assert sorted(lien["url"] for lien in liens) == sorted(lien["url"] for lien in a_plat)
    rubriques = {item["label"]: [e["label"] for e in item["entrees"]] for item in menu if "entrees" in item}
    assert "Observatoire" in rubriques["Réseau et pilotage"]
    assert all(len(entrees) > 1 for entrees in rubriques.values())  # une rubrique d'une entrée reste un lien


def test_a_single_entry_section_is_a_direct_link(monkeypatch):
    entrees = [Entree(f"Lien {i}", "lieux:recherche", i, "aidants") for i in range(MENU_A_PLAT)]
    entrees.append(Entree("Pass numérique", "pass_numerique:accueil", 40, "pass"))
    monkeypatch.setattr(navigation, "entrees", lambda user: entrees)
    menu = menu_for(None)
    assert menu[0]["label"] == "Pass numérique" and "entrees" not in menu[0]
    assert menu[1]["label"] == RUBRIQUES["aidants"] and len(menu[1]["entrees"]) == MENU_A_PLAT
