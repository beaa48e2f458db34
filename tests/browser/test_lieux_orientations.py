"""Issue 10, points 4, 5, 7, 12 dans un vrai navigateur : fiches sur une page A4 (PDF de Chromium), focus sur le
résumé des erreurs ou sur les lieux proposés, lieu fermé, orientation simple — au clavier, axe-core sans violation."""

import re
from datetime import timedelta

from django.utils import timezone

from maillage.comptes.enums import Role
from maillage.lieux.enums import Dispositif, ModaliteAcces, PriseEnCharge, Public, Service
from maillage.orientations import services
from maillage.orientations.enums import Besoin
from maillage.orientations.models import OrientationSimple
from tests.browser.conftest import login_by_keyboard, tab_to
from tests.comptes.factories import PASSWORD, StructureFactory, user_with_role
from tests.lieux.factories import LieuFactory
from tests.orientations.factories import LieuAvecStructureFactory, ensure_consent_texts, texte_orientation

MAX = 400
# Les quatre besoins qui allongent le plus la liste « Ce qu'il faut apporter » (cas réel le plus long ; une
# personne orientée pour les 18 besoins à la fois peut avoir deux pages).
BESOINS_LES_PLUS_LONGS = [
    Besoin.DEMARCHE_SOCIAL, Besoin.DEMARCHE_PAPIERS, Besoin.DEMARCHE_LOGEMENT, Besoin.DEMARCHE_ETRANGER,
]  # fmt: skip


def _pdf_pages(page) -> int:
    """Nombre de pages du PDF que Chromium imprime (format A4, feuilles de style d'impression)."""
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def _lieu_complet(**kwargs):
    """Un lieu qui remplit tout ce qu'une fiche affiche : le cas le plus long."""
    return LieuFactory(
        published=True,
        nom="Espace public numérique de la Maison des services au public du quartier Monplaisir",
        adresse="12 boulevard Jean Moulin prolongé", complement_adresse="Bâtiment C, 2e étage, salle 204",
        telephone="02 41 00 00 00", courriels=["accueil@exemple.fr", "numerique@exemple.fr"],
        services=list(Service.values), publics_specifiquement_adresses=list(Public.values),
        prise_en_charge_specifique=list(PriseEnCharge.values), modalites_acces=list(ModaliteAcces.values),
        dispositif_programmes_nationaux=list(Dispositif.values),
        horaires="Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-12:00; PH off", **kwargs,
    )  # fmt: skip


def test_fiches_sur_une_page_a4(page, axe):
    ensure_consent_texts()
    lieu = _lieu_complet(structure=StructureFactory())
    page.goto(f"/lieux/{lieu.public_id}/fiche/")
    assert axe(page) == []
    assert _pdf_pages(page) == 1

    prescriptrice = user_with_role(Role.PRESCRIPTEUR)
    orientation = services.create_orientation(
        by=prescriptrice, structure=prescriptrice.memberships.get().structure, lieu=lieu,
        besoins=BESOINS_LES_PLUS_LONGS, consentement=texte_orientation(), personne_prenom="Marie-Françoise",
        echeance=timezone.localdate() + timedelta(days=10), echeance_motif="déclaration trimestrielle RSA",
    )  # fmt: skip
    services.accept_orientation(
        orientation=orientation, by=prescriptrice, rendez_vous_at=timezone.now() + timedelta(days=2)
    )
    login_by_keyboard(page, prescriptrice.email, PASSWORD)
    page.goto(f"/orientations/{orientation.public_id}/fiche/")
    assert "Marie-Françoise" in page.inner_text("body") and "Votre rendez-vous" in page.inner_text("body")
    assert axe(page) == []
    assert _pdf_pages(page) == 1
    page.set_viewport_size({"width": 360, "height": 740})  # lisible sur un téléphone avant impression
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_orientation_simple_au_clavier_focus_sur_les_lieux_puis_sur_les_erreurs(page, axe):
    ensure_consent_texts()
    hors = LieuFactory(published=True, nom="Médiathèque hors Maillage", services=[Service.AIDE_DEMARCHES])
    LieuAvecStructureFactory(nom="Espace sur Maillage", services=[Service.AIDE_DEMARCHES])
    prescriptrice = user_with_role(Role.PRESCRIPTEUR)
    login_by_keyboard(page, prescriptrice.email, PASSWORD)
    page.goto("/orientations/nouvelle/")
    tab_to(page, "input[name=besoins][value=DEMARCHE_SOCIAL]", MAX)
    page.keyboard.press("Space")
    tab_to(page, "button[value=chercher]", MAX)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # Après la recherche, le focus est sur les lieux proposés, et leur nombre est dit.
    page.wait_for_function("document.activeElement && document.activeElement.id === 'etape-lieu'")
    assert page.inner_text("#etape-lieu") == "2. Le lieu : 2 lieux proposés"
    assert "Facultatif" not in page.inner_text("#fieldset-id_lieu")  # le lieu est demandé
    assert axe(page) == []

    # Envoi sans lieu : le résumé des erreurs a le focus, son lien mène au champ.
    tab_to(page, "button[value=envoyer]", MAX)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'resume-erreurs'")
    assert "Lieu choisi : Choisissez le lieu où envoyer la personne." in page.inner_text("#resume-erreurs")
    assert axe(page) == []
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.name") == "lieu"

    # Lieu hors Maillage : orientation simple, sans accord demandé (rien n'est gardé sur la personne).
    for _ in range(3):  # dans un groupe de boutons radio, les flèches passent d'un lieu à l'autre (et le cochent)
        if page.evaluate("document.activeElement.value") == str(hors.public_id):
            break
        page.keyboard.press("ArrowDown")
    assert page.is_checked(f"input[name=lieu][value='{hors.public_id}']")
    tab_to(page, "button[value=envoyer]", MAX)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    simple = OrientationSimple.objects.get()
    assert page.url.endswith(f"/orientations/simple/{simple.public_id}/fiche/")
    assert page.inner_text("h1") == "Médiathèque hors Maillage"
    assert "Présentez cette fiche à l'accueil du lieu." in page.inner_text("body")
    assert axe(page) == []
    assert _pdf_pages(page) == 1


def test_lieu_ferme_propose_les_plus_proches(page, axe):
    ferme = LieuFactory(ferme=True, nom="Ancien espace numérique", services=[Service.AIDE_DEMARCHES])
    voisin = LieuFactory(published=True, nom="Espace voisin", longitude=-0.55, services=[Service.AIDE_DEMARCHES])
    page.goto(f"/lieux/{ferme.public_id}/")  # l'adresse du QR code
    assert page.inner_text("h1") == "Ce lieu a fermé"
    assert "Ancien espace numérique" in page.inner_text("main")
    assert axe(page) == []
    tab_to(page, f"a[href='/lieux/{voisin.public_id}/']", MAX)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.inner_text("h1") == "Espace voisin"


def test_formulaire_d_un_lieu_refuse_focus_sur_le_resume(page, axe, communes_49):
    structure = StructureFactory(commune=communes_49["49007"])
    lieu = LieuFactory(nom="Atelier", structure=structure, commune_ref=communes_49["49007"], published=True)
    user = user_with_role(Role.GESTIONNAIRE, structure=structure)
    login_by_keyboard(page, user.email, PASSWORD)
    page.goto(f"/lieux/{lieu.public_id}/modifier/")
    page.fill("input[name=nom]", "")
    page.fill("input[name=latitude]", "95")
    with page.expect_navigation():
        page.click("button:has-text('Enregistrer')")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'resume-erreurs'")
    resume = page.inner_text("#resume-erreurs")
    assert "Nom du lieu" in resume and "Latitude" in resume
    assert axe(page) == []
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.name") == "nom"
