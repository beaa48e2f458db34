"""Le parcours entier, au clavier, dans un vrai navigateur :
une prescriptrice oriente → le lieu accepte → une médiatrice enregistre la séance → résultat → statistiques.
axe-core sur le formulaire d'orientation, la boîte de réception, la saisie de séance, la fiche de la personne
et le questionnaire.
"""

from maillage.accompagnements.models import Accompagnement, ReponseQuestionnaire
from maillage.comptes.enums import Role
from maillage.lieux.enums import Service
from maillage.orientations.enums import StatutOrientation
from maillage.orientations.models import Orientation
from tests.accompagnements.factories import AccompagnementFactory, BeneficiaireFactory
from tests.browser.conftest import login_by_keyboard, tab_to
from tests.comptes.factories import PASSWORD, StructureFactory, user_with_role
from tests.orientations.factories import LieuAvecStructureFactory, ensure_consent_texts

MAX = 400  # les formulaires ont beaucoup de cases : on tabule autant qu'il faut


def _press_enter_and_wait(page):
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _logout(page):
    tab_to(page, "button:has-text('Se déconnecter')", MAX)
    _press_enter_and_wait(page)


def test_parcours_complet_au_clavier(page, axe):
    ensure_consent_texts()
    lieu = LieuAvecStructureFactory(
        nom="Espace France Services du Lac", services=[Service.AIDE_DEMARCHES], horaires="Mo-Sa 08:00-20:00"
    )
    prescriptrice = user_with_role(Role.PRESCRIPTEUR, structure=StructureFactory(commune=lieu.structure.commune))
    mediatrice = user_with_role(Role.MEDIATEUR, structure=lieu.structure)

    # 1. La prescriptrice oriente, au clavier.
    login_by_keyboard(page, prescriptrice.email, PASSWORD)
    page.goto("/orientations/nouvelle/")
    assert axe(page) == []
    tab_to(page, "input[name=besoins][value=DEMARCHE_SOCIAL]", MAX)
    page.keyboard.press("Space")
    tab_to(page, "button[value=chercher]", MAX)
    _press_enter_and_wait(page)
    assert page.get_by_text("Espace France Services du Lac").count() >= 1
    assert axe(page) == []
    tab_to(page, f"input[name=lieu][value='{lieu.public_id}']", MAX)
    page.keyboard.press("Space")
    tab_to(page, "input[name=personne_prenom]", MAX)
    page.keyboard.type("Josiane")
    tab_to(page, "input[name=consentement]", MAX)
    page.keyboard.press("Space")
    tab_to(page, "button[value=envoyer]", MAX)
    _press_enter_and_wait(page)
    orientation = Orientation.objects.get()
    assert orientation.personne_prenom == "Josiane" and orientation.lieu == lieu
    assert page.get_by_role("heading", level=1).inner_text().startswith("Orientation vers")
    _logout(page)

    # 2. Le lieu accepte depuis sa boîte de réception.
    login_by_keyboard(page, mediatrice.email, PASSWORD)
    page.goto("/orientations/recues/")
    assert axe(page) == []
    tab_to(page, f"a[href='/orientations/{orientation.public_id}/']", MAX)
    _press_enter_and_wait(page)
    tab_to(page, 'button:has-text("Accepter l\'orientation")', MAX)
    _press_enter_and_wait(page)
    orientation.refresh_from_db()
    assert orientation.statut == StatutOrientation.ACCEPTEE

    # 3. La médiatrice enregistre la séance (pré-remplie depuis l'orientation).
    page.goto(f"/accompagnements/nouveau/?orientation={orientation.public_id}")
    assert axe(page) == []
    assert page.locator("input[name=besoins][value=D_SOCIAL]").is_checked()
    # Dans un groupe de boutons radio, Tab va sur le bouton coché ; les flèches changent le choix.
    tab_to(page, "input[name=facon][value=FAIRE_AVEC]", MAX)
    page.keyboard.press("ArrowDown")
    assert page.locator("input[name=facon][value=PAR_SOI_MEME]").is_checked()
    tab_to(page, "input[name=resultat][value=RESOLU]", MAX)
    page.keyboard.press("Space")
    tab_to(page, "button:has-text('Enregistrer')", MAX)
    _press_enter_and_wait(page)
    accompagnement = Accompagnement.objects.get()
    assert accompagnement.resultat == "RESOLU" and accompagnement.orientation_recue == orientation

    # 4. Résultat : l'orientation est close, la personne est venue, son besoin est réglé.
    orientation.refresh_from_db()
    assert orientation.statut == StatutOrientation.CLOSE and orientation.besoin_resultat == "RESOLU"

    # 5. La voix de la personne : questionnaire public, au clavier.
    token = accompagnement.questionnaire_token
    assert page.locator(f"a[href$='/accompagnements/avis/{token}/']").count() == 1
    _logout(page)
    page.goto(f"/accompagnements/avis/{token}/")
    assert axe(page) == []
    tab_to(page, "input[name=regle][value=OUI]", MAX)
    page.keyboard.press("Space")
    tab_to(page, "input[name=capable][value=OUI]", MAX)
    page.keyboard.press("ArrowRight")
    assert page.locator("input[name=capable][value=UN_PEU]").is_checked()
    tab_to(page, "input[name=aise][value=OUI]", MAX)  # « plus à l'aise avec le numérique ? » (issue 10, point 14)
    page.keyboard.press("Space")
    tab_to(page, "button:has-text('Envoyer')", MAX)
    _press_enter_and_wait(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Merci !"
    assert ReponseQuestionnaire.objects.get().capable == "UN_PEU"

    # 6. Les statistiques de la structure montrent la séance.
    login_by_keyboard(page, mediatrice.email, PASSWORD)
    page.goto("/accompagnements/statistiques/")
    assert axe(page) == []
    table = page.locator("table", has_text="Comment les besoins ont été traités")
    assert "100 %" in table.inner_text()


def test_fiche_personne_suivie_accessible(page, axe):
    mediatrice = user_with_role(Role.MEDIATEUR)
    structure = mediatrice.memberships.get().structure
    person = BeneficiaireFactory(suivi_par=structure, prenom="Ali")
    AccompagnementFactory(structure=structure, mediateur=mediatrice, beneficiaire=person)
    login_by_keyboard(page, mediatrice.email, PASSWORD)
    page.goto(f"/accompagnements/personnes/{person.public_id}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Ali")
    assert axe(page) == []
