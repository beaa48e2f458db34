"""Les formations au clavier, dans un vrai navigateur, axe-core sur chaque page : l'aidante à qui manque 4.2 voit
la session qui la couvre, s'inscrit ; la formatrice la pointe présente ; l'aidante télécharge son attestation."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from maillage.aidants import services as aidants_services
from maillage.comptes.enums import Role
from maillage.formations import services
from maillage.formations.models import Session
from maillage.label import services as label_services
from maillage.label.enums import GRILLE_EXEMPLE
from tests.aidants.factories import CharteFactory
from tests.browser.conftest import login_by_keyboard, tab_to
from tests.comptes.factories import PASSWORD, MembershipFactory, StructureFactory, TerritoireFactory, UserFactory
from tests.label.factories import profil_uniforme

MAX = 120


def _enter(page):
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.fixture
def monde():
    structure = StructureFactory(nom="Association Clic")
    formatrice_structure = StructureFactory(nom="Centre de formation du Lac", commune=structure.commune)
    territoire = TerritoireFactory(nom="Maine-et-Loire", slug="maine-et-loire", communes=[structure.commune])
    charte = CharteFactory(territoire=territoire, publiee=True)
    coordination = MembershipFactory(
        role=Role.COORDINATEUR, structure=StructureFactory(commune=structure.commune), territoire=territoire
    ).user
    label_services.publish_referentiel(territoire=territoire, by=coordination, grille=GRILLE_EXEMPLE,
                                       profils={"AIDER_URGENCE": profil_uniforme(2) | {"4.2": 3}})  # fmt: skip
    nadia = UserFactory(first_name="Nadia", last_name="Pix")
    MembershipFactory(role=Role.MEDIATEUR, structure=structure, user=nadia)
    profil = aidants_services.create_own_profil(user=nadia, structure=structure, statut="MEDIATEUR",
                                                niveaux=["AIDER_URGENCE"])  # fmt: skip
    aidants_services.sign_charte(profil=profil, charte=charte, by=nadia)
    label_services.save_competences(profil=profil, by=nadia, niveaux=profil_uniforme(3) | {"4.2": 2},
                                    source="PIX_PROFIL")  # fmt: skip
    formatrice = UserFactory(first_name="Fanny", last_name="Formation")
    MembershipFactory(role=Role.MEDIATEUR, structure=formatrice_structure, user=formatrice)
    formation = services.create_formation(
        territoire=territoire, by=coordination, titre="Protéger les données des personnes", theme="DONNEES_SECURITE",
        structure_formatrice=formatrice_structure, duree_heures=Decimal("3"), format="PRESENTIEL",
        competences=["4.2"], source_niveaux="PIX_PROFIL", niveau_vise=3,
    )  # fmt: skip
    debut = timezone.now() + timedelta(days=7)
    session = services.create_session(formation=formation, by=coordination, debut=debut,
                                      fin=debut + timedelta(hours=3), capacite=8, lieu="2 rue du Lac")  # fmt: skip
    return {"nadia": nadia, "formatrice": formatrice, "session": session}


def test_formation_au_clavier(page, axe, monde):
    # 1. L'aidante voit la session qui couvre 4.2 et s'inscrit.
    login_by_keyboard(page, monde["nadia"].email, PASSWORD)
    page.goto("/formations/")
    assert "4.2" in page.inner_text("main")
    assert axe(page) == []
    tab_to(page, "a:has-text('Protéger les données des personnes')", MAX)
    _enter(page)
    assert axe(page) == []
    tab_to(page, 'button:has-text("M\'inscrire")', MAX)
    _enter(page)
    assert "Vous êtes inscrite ou inscrit." in page.inner_text("main")
    page.context.clear_cookies()

    # 2. Le jour de la session, la formatrice la pointe présente.
    Session.objects.filter(pk=monde["session"].pk).update(debut=timezone.now() - timedelta(minutes=5))
    login_by_keyboard(page, monde["formatrice"].email, PASSWORD)
    page.goto(f"/formations/sessions/{monde['session'].public_id}/")
    assert axe(page) == []
    tab_to(page, "button:has-text('Présente ou présent')", MAX)
    _enter(page)
    assert "Présence de Nadia Pix enregistrée." in page.inner_text("main")
    page.context.clear_cookies()

    # 3. L'aidante télécharge son attestation ; 4.2 n'est plus à renforcer.
    login_by_keyboard(page, monde["nadia"].email, PASSWORD)
    page.goto("/formations/")
    assert axe(page) == []
    assert "Aucune compétence à renforcer" in page.inner_text("main")
    tab_to(page, "a:has-text('Télécharger mon attestation')", MAX)
    with page.expect_download() as telechargement:
        page.keyboard.press("Enter")
    assert telechargement.value.suggested_filename.endswith(".pdf")
