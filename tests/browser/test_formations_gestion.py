"""Les pages de gestion des formations et du service civique au clavier, dans un vrai navigateur, axe-core sur
chaque page et sur chaque formulaire refusé (le résumé des erreurs reçoit le focus) :

1. la coordination crée une formation depuis le catalogue, puis programme sa session ;
2. elle crée une cohorte, accueille une ou un volontaire sur une mission validée (refus clair sous 16 ans),
   programme un regroupement, pointe la présence, puis termine la mission avant son terme."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from maillage.aidants import services as aidants_services
from maillage.comptes.enums import Role
from maillage.formations import services
from maillage.formations.enums import Critere, EtatVolontaire
from maillage.formations.models import Cohorte, Formation, Presence, Session, Volontaire
from tests.browser.conftest import login_by_keyboard, tab_to
from tests.comptes.factories import PASSWORD, MembershipFactory, StructureFactory, TerritoireFactory

MAX = 150


def _enter(page):
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _taper(page, selector: str, texte: str) -> None:
    tab_to(page, selector, MAX)
    page.keyboard.type(texte)


def _resume_a_le_focus(page) -> None:
    page.wait_for_function("document.activeElement && document.activeElement.id === 'resume-erreurs'")


@pytest.fixture
def monde():
    today = timezone.localdate()
    structure = StructureFactory(nom="Association Clic")
    territoire = TerritoireFactory(nom="Maine-et-Loire", slug="maine-et-loire", communes=[structure.commune])
    coordination = MembershipFactory(
        role=Role.COORDINATEUR, structure=StructureFactory(commune=structure.commune), territoire=territoire
    ).user
    gestionnaire = MembershipFactory(role=Role.GESTIONNAIRE, structure=structure).user
    # La cohorte a commencé l'an dernier : une personne née il y a 16 ans avait 15 ans au début de la mission.
    cohorte = services.create_cohorte(territoire=territoire, by=coordination, nom="Cohorte en cours",
                                      debut=date(today.year - 1, 9, 1), fin=date(today.year + 1, 6, 30))  # fmt: skip
    mission = services.propose_mission(
        structure=structure, cohorte=cohorte, by=gestionnaire, intitule="Aider en ligne à la médiathèque",
        description="Accompagner les personnes.", tuteur="Marie, animatrice",
        criteres={c.value: "Engagement écrit" for c in Critere},
    )  # fmt: skip
    services.decide_mission(mission=mission, by=coordination, valider=True)
    profils = {}
    for prenom, annee in (("Jeune", today.year - 16), ("Yanis", 2000)):
        profils[prenom] = aidants_services.add_aidant(
            by=gestionnaire, structure=structure, prenom=prenom, nom="Volontaire", statut="SERVICE_CIVIQUE",
            niveaux=["REPERER_ORIENTER"], annee_naissance=annee,
        )  # fmt: skip
    return {"coordination": coordination, "mission": mission, "cohorte": cohorte, "profils": profils}


def test_creer_une_formation_et_sa_session_au_clavier(page, axe, monde):
    login_by_keyboard(page, monde["coordination"].email, PASSWORD)
    page.goto("/formations/sessions/")
    assert axe(page) == []
    tab_to(page, "a:has-text('Proposer une formation ou une session')", MAX)
    _enter(page)
    assert axe(page) == []
    tab_to(page, "main a:has-text('Créer une formation')", MAX)
    _enter(page)
    assert axe(page) == []

    # Envoyé vide : le résumé des erreurs reçoit le focus, en français, sans violation.
    tab_to(page, "button:has-text('Créer la formation')", MAX)
    _enter(page)
    _resume_a_le_focus(page)
    assert "Le formulaire n'a pas été envoyé" in page.inner_text("#resume-erreurs")
    assert axe(page) == []

    _taper(page, "#id_titre", "Démarches CAF en ligne")
    tab_to(page, "input[name=competences][value='4.2']", MAX)
    page.keyboard.press("Space")
    _taper(page, "#id_duree_heures", "3")
    tab_to(page, "button:has-text('Créer la formation')", MAX)
    _enter(page)
    formation = Formation.objects.get(titre="Démarches CAF en ligne")
    assert formation.competences == ["4.2"]
    assert "Programmer une session" in page.inner_text("h1")
    assert axe(page) == []

    # La session : la fin avant le début est refusée, puis corrigée.
    jour = (timezone.localdate() + timedelta(days=14)).isoformat()
    tab_to(page, "#id_jour", MAX)
    page.locator("#id_jour").fill(jour)  # champ date atteint au clavier
    tab_to(page, "#id_heure_debut", MAX)
    page.locator("#id_heure_debut").fill("14:00")
    tab_to(page, "#id_heure_fin", MAX)
    page.locator("#id_heure_fin").fill("09:00")
    _taper(page, "#id_capacite", "12")
    _taper(page, "#id_lieu", "Maison France services, 1 place de la Mairie")
    tab_to(page, "button:has-text('Programmer la session')", MAX)
    _enter(page)
    _resume_a_le_focus(page)
    assert "La fin de la session vient après son début." in page.inner_text("#resume-erreurs")
    assert axe(page) == []
    tab_to(page, "#id_heure_fin", MAX)
    page.locator("#id_heure_fin").fill("17:00")
    tab_to(page, "button:has-text('Programmer la session')", MAX)
    _enter(page)
    session = Session.objects.get(formation=formation)
    assert page.url.endswith(f"/formations/sessions/{session.public_id}/")
    assert "Démarches CAF en ligne" in page.inner_text("h1") and "programmée" in page.inner_text("main")
    assert axe(page) == []


def test_service_civique_de_la_coordination_au_clavier(page, axe, monde):
    login_by_keyboard(page, monde["coordination"].email, PASSWORD)
    page.goto("/formations/service-civique/")
    assert axe(page) == []

    # 1. Créer une cohorte.
    tab_to(page, "a:has-text('Créer une cohorte')", MAX)
    _enter(page)
    assert axe(page) == []
    _taper(page, "#id_nom", "Cohorte 2027")
    today = timezone.localdate()
    tab_to(page, "#id_debut", MAX)
    page.locator("#id_debut").fill(date(today.year + 1, 9, 1).isoformat())
    tab_to(page, "#id_fin", MAX)
    page.locator("#id_fin").fill(date(today.year + 2, 6, 30).isoformat())
    tab_to(page, "button:has-text('Créer la cohorte')", MAX)
    _enter(page)
    assert Cohorte.objects.filter(nom="Cohorte 2027").exists()
    assert "Cohorte Cohorte 2027" in page.inner_text("h1")
    assert axe(page) == []

    # 2. Accueillir une ou un volontaire : sous 16 ans, refus clair ; puis la bonne personne.
    page.goto(f"/formations/service-civique/missions/{monde['mission'].public_id}/")
    assert axe(page) == []
    tab_to(page, "a:has-text('Accueillir une ou un volontaire')", MAX)
    _enter(page)
    assert axe(page) == []
    tab_to(page, "#id_profil", MAX)
    page.locator("#id_profil").select_option(str(monde["profils"]["Jeune"].public_id))
    tab_to(page, "button:has-text('Commencer la mission')", MAX)
    _enter(page)
    _resume_a_le_focus(page)
    assert "a moins de 16 ans au début de la mission" in page.inner_text("#resume-erreurs")
    assert axe(page) == []
    tab_to(page, "#id_profil", MAX)
    page.locator("#id_profil").select_option(str(monde["profils"]["Yanis"].public_id))
    tab_to(page, "button:has-text('Commencer la mission')", MAX)
    _enter(page)
    v = Volontaire.objects.get()
    assert "commence sa mission" in page.inner_text("main")

    # 3. Programmer un regroupement sur la page de la cohorte, puis pointer la présence.
    tab_to(page, "a:has-text('Cohorte en cours')", MAX)
    _enter(page)
    assert axe(page) == []
    tab_to(page, "#id_type", MAX)
    page.locator("#id_type").select_option("REGROUPEMENT")
    tab_to(page, "#id_date", MAX)
    page.locator("#id_date").fill(today.isoformat())
    _taper(page, "#id_theme", "Partager ses réussites")
    tab_to(page, "button:has-text('Programmer')", MAX)
    _enter(page)
    tab_to(page, "a:has-text('Regroupement du')", MAX)
    _enter(page)
    assert axe(page) == []
    tab_to(page, f"#present-{v.public_id}", MAX)
    page.keyboard.press("Space")
    tab_to(page, "button:has-text('Enregistrer les présences')", MAX)
    _enter(page)
    assert "Présences enregistrées : 1 sur 1." in page.inner_text("main")
    assert Presence.objects.get(volontaire=v).present is True

    # 4. Fin anticipée de la mission, depuis la page de la cohorte.
    page.goto(f"/formations/service-civique/cohortes/{monde['cohorte'].public_id}/")
    tab_to(page, "a:has-text('Fin anticipée')", MAX)
    _enter(page)
    assert axe(page) == []
    tab_to(page, "button:has-text('Terminer la mission')", MAX)
    _enter(page)
    v.refresh_from_db()
    assert v.etat == EtatVolontaire.FIN_ANTICIPEE and v.fin_anticipee_le == today
    assert "se termine le" in page.inner_text("main")
    assert axe(page) == []
