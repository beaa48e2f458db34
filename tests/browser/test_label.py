"""Le label au clavier, dans un vrai navigateur, axe-core sur chaque nouvelle page : l'aidante saisit ses 16 niveaux
et demande le label ; un pair fondateur enregistre l'entretien critère par critère ; la coordination décide ; le
public voit le label ; référentiel, profil de référence et carte des compétences sans violation."""

import pytest

from maillage.aidants import services as aidants_services
from maillage.comptes.enums import Role
from maillage.label import services
from maillage.label.enums import GRILLE_EXEMPLE
from tests.aidants.factories import CharteFactory
from tests.browser.conftest import login_by_keyboard, tab_to
from tests.comptes.factories import PASSWORD, MembershipFactory, StructureFactory, TerritoireFactory, UserFactory
from tests.label.factories import profil_uniforme

MAX = 120


def _enter(page):
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _user(structure, prenom, role=Role.MEDIATEUR):
    user = UserFactory(first_name=prenom, last_name="Pair" if prenom != "Nadia" else "Pix")
    MembershipFactory(role=role, structure=structure, user=user)
    return user


@pytest.fixture
def monde():
    structure = StructureFactory(nom="Association Clic")
    autre = StructureFactory(nom="Médiathèque du Lac", commune=structure.commune)
    territoire = TerritoireFactory(nom="Maine-et-Loire", slug="maine-et-loire", communes=[structure.commune])
    charte = CharteFactory(territoire=territoire, publiee=True)
    coordination = MembershipFactory(
        role=Role.COORDINATEUR, structure=StructureFactory(commune=structure.commune), territoire=territoire
    ).user
    services.publish_referentiel(territoire=territoire, by=coordination, grille=GRILLE_EXEMPLE, est_exemple=True,
                                 profils={"AIDER_URGENCE": profil_uniforme(2)})  # fmt: skip
    nadia = _user(structure, "Nadia")
    profil = aidants_services.create_own_profil(user=nadia, structure=structure, statut="MEDIATEUR",
                                                niveaux=["AIDER_URGENCE"])  # fmt: skip
    aidants_services.sign_charte(profil=profil, charte=charte, by=nadia)
    aidants_services.set_verification_publique(profil=profil, by=nadia, ouverte=True)
    pairs = []
    for prenom in ("Paule", "Pierre"):
        u = _user(autre, prenom)
        p = aidants_services.create_own_profil(user=u, structure=autre, statut="MEDIATEUR", niveaux=["AIDER_URGENCE"])
        services.designate_pair_fondateur(territoire=territoire, profil=p, by=coordination)
        pairs.append(u)
    return {"structure": structure, "coordination": coordination, "nadia": nadia, "pairs": pairs}


def test_label_au_clavier(page, axe, monde):
    # 1. L'aidante saisit ses 16 niveaux (un menu par compétence), puis demande le label.
    login_by_keyboard(page, monde["nadia"].email, PASSWORD)
    page.goto("/label/mes-competences/")
    assert axe(page) == []
    for champ in page.locator("select[name^=n]").evaluate_all("els => els.map(e => e.name)"):
        tab_to(page, f"select[name={champ}]", MAX)
        page.keyboard.type("3")
    assert page.locator("select[name=n4_2]").input_value() == "3"
    tab_to(page, "button:has-text('Enregistrer les niveaux')", MAX)
    _enter(page)
    assert "Profil de référence atteint." in page.inner_text("main")
    page.goto("/label/mon-label/")
    assert axe(page) == []
    tab_to(page, "button:has-text('Déposer ma demande')", MAX)
    _enter(page)
    assert "posture (entretien entre pairs) : manquant" in page.inner_text("main").lower()
    tab_to(page, "a:has-text('Aider dans l')", MAX)
    _enter(page)
    demande_url = page.url
    assert axe(page) == []
    page.context.clear_cookies()

    # 2. Un pair fondateur enregistre l'entretien, critère par critère.
    login_by_keyboard(page, monde["pairs"][0].email, PASSWORD)
    page.goto(demande_url + "entretien/")
    assert axe(page) == []
    tab_to(page, "select[name=pair_1]", MAX)
    page.keyboard.type("Paule")
    tab_to(page, "select[name=pair_2]", MAX)
    page.keyboard.type("Pierre")
    for i in range(len(GRILLE_EXEMPLE)):
        tab_to(page, f"input[name=critere_{i}][value=ACQUIS]", MAX)
        page.keyboard.press("Space")
    tab_to(page, "input[name=avis][value=FAVORABLE]", MAX)
    page.keyboard.press("Space")
    tab_to(page, "button:has-text('Enregistrer l')", MAX)
    _enter(page)
    assert "avis favorable" in page.inner_text("main")
    page.context.clear_cookies()

    # 3. La commission voit une demande complète et accorde, motifs écrits.
    login_by_keyboard(page, monde["coordination"].email, PASSWORD)
    page.goto("/label/commission/")
    assert axe(page) == []
    assert "complète" in page.inner_text("main")
    tab_to(page, "a:has-text('Nadia Pix')", MAX)
    _enter(page)
    tab_to(page, "input[name=decision][value=accorder]", MAX)
    page.keyboard.press("Space")
    tab_to(page, "textarea[name=motif]", MAX)
    page.keyboard.type("Trois piliers verts.")
    tab_to(page, "button:has-text('Enregistrer la décision')", MAX)
    _enter(page)
    assert "Label accordé" in page.inner_text("main")
    for url in ("/label/referentiel/", "/label/referentiel/profil/AIDER_URGENCE/", "/label/carte/"):
        page.goto(url)
        assert axe(page) == [], url
    page.context.clear_cookies()

    # 4. Le public le voit.
    page.goto("/aidants/verifier/")
    tab_to(page, "input[name=prenom]", MAX)
    page.keyboard.type("Nadia")
    tab_to(page, "input[name=nom]", MAX)
    page.keyboard.type("Pix")
    tab_to(page, "input[name=structure]", MAX)
    page.keyboard.type("Association Clic")
    tab_to(page, "button:has-text('Vérifier')", MAX)
    _enter(page)
    assert "Labellisé ou labellisée Tous aidants — niveau aider dans l'urgence" in page.inner_text("main")
