"""Service civique : mission refusée tant qu'un critère ou le tuteur manque, volontaire de moins de 16 ans refusé,
alerte de dérive vue par la coordination seule (la structure seulement avec l'accord du ou de la volontaire)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from maillage.aidants import services as aidants_services
from maillage.comptes.enums import Role
from maillage.formations import permissions, selectors, services
from maillage.formations.enums import Critere, EtatMission, EtatVolontaire, FormationEvent
from maillage.formations.models import JournalFormation, Mission, PointEtape, Volontaire
from tests.comptes.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
CRITERES = {c.value: f"Engagement sur {c.value.lower()}" for c in Critere}


@pytest.fixture
def cohorte(territoire, coordinateur):
    return services.create_cohorte(territoire=territoire, by=coordinateur, nom="Cohorte 2026",
                                   debut=date(2026, 9, 1), fin=date(2027, 6, 30))  # fmt: skip


@pytest.fixture
def mission(structure, cohorte, gestionnaire):
    return services.propose_mission(structure=structure, cohorte=cohorte, by=gestionnaire, intitule="Aider en ligne",
                                    description="Accompagner les personnes à la médiathèque.")  # fmt: skip


def volontaire_profil(structure, gestionnaire, annee=2004):
    user = UserFactory(first_name="Yanis", email=f"yanis{annee}@exemple.fr")
    MembershipFactory(role=Role.AIDANT, structure=structure, user=user)
    profil = aidants_services.add_aidant(by=gestionnaire, structure=structure, prenom="Yanis", nom="Volontaire",
                                         statut="SERVICE_CIVIQUE", niveaux=["REPERER_ORIENTER"], annee_naissance=annee,
                                         email=user.email)  # fmt: skip
    return user, profil


@pytest.fixture
def volontaire(mission, coordinateur, gestionnaire, structure):
    services.update_mission(mission=mission, by=gestionnaire, tuteur="Marie, animatrice", criteres=CRITERES)
    services.decide_mission(mission=mission, by=coordinateur, valider=True)
    user, profil = volontaire_profil(structure, gestionnaire)
    v = services.accueillir_volontaire(mission=mission, profil=profil, by=coordinateur, debut=date(2026, 10, 1),
                                       fin=date(2027, 6, 1))  # fmt: skip
    return user, v


def test_mission_refusee_tant_qu_il_manque_le_tuteur_et_un_critere(mission, coordinateur, gestionnaire):
    with pytest.raises(ValidationError) as e:
        services.decide_mission(mission=mission, by=coordinateur, valider=True)
    texte = str(e.value)
    assert "il manque le tuteur ou la tutrice" in texte and "n'est pas essentiel" in texte
    mission.refresh_from_db()
    assert mission.etat == EtatMission.PROPOSEE
    assert not JournalFormation.objects.filter(event=FormationEvent.MISSION_VALIDEE).exists()
    # Quatre critères, sans tuteur : toujours refusée.
    services.update_mission(mission=mission, by=gestionnaire, tuteur="", criteres=CRITERES)
    with pytest.raises(ValidationError, match="^.*tuteur ou la tutrice \\(nom et fonction\\)\\.'\\]$"):
        services.decide_mission(mission=mission, by=coordinateur, valider=True)
    services.update_mission(mission=mission, by=gestionnaire, tuteur="Marie, animatrice", criteres=CRITERES)
    assert services.decide_mission(mission=mission, by=coordinateur, valider=True).etat == EtatMission.VALIDEE


def test_renvoyer_a_la_structure_demande_un_motif_puis_elle_repropose(mission, coordinateur, gestionnaire):
    with pytest.raises(ValidationError, match="revoir"):
        services.decide_mission(mission=mission, by=coordinateur, valider=False)
    services.decide_mission(mission=mission, by=coordinateur, valider=False, motif="Précisez le temps libre.")
    assert Mission.objects.get(pk=mission.pk).etat == EtatMission.A_REVOIR
    assert services.update_mission(mission=mission, by=gestionnaire, tuteur="T", criteres={}).etat == "PROPOSEE"


def test_la_structure_ne_valide_pas_sa_mission(mission, gestionnaire):
    with pytest.raises(PermissionDenied):
        services.decide_mission(mission=mission, by=gestionnaire, valider=True)


def test_volontaire_de_moins_de_16_ans_refuse(mission, coordinateur, gestionnaire, structure):
    services.update_mission(mission=mission, by=gestionnaire, tuteur="Marie", criteres=CRITERES)
    services.decide_mission(mission=mission, by=coordinateur, valider=True)
    _, profil = volontaire_profil(structure, gestionnaire, annee=2010)  # 16 ans en 2026 : accepté par les aidants
    with pytest.raises(ValidationError, match="moins de 16 ans"):
        services.accueillir_volontaire(mission=mission, profil=profil, by=coordinateur, debut=date(2025, 10, 1),
                                       fin=date(2026, 6, 1))  # fmt: skip
    assert not Volontaire.objects.exists()


def test_volontaire_sans_statut_service_civique_refuse(mission, coordinateur, gestionnaire, sans_42):
    services.update_mission(mission=mission, by=gestionnaire, tuteur="Marie", criteres=CRITERES)
    services.decide_mission(mission=mission, by=coordinateur, valider=True)
    sans_42.annee_naissance = 2000
    sans_42.save()
    with pytest.raises(ValidationError, match="Volontaire en service civique"):
        services.accueillir_volontaire(mission=mission, profil=sans_42, by=coordinateur, debut=date(2026, 10, 1),
                                       fin=date(2027, 6, 1))  # fmt: skip


def test_alerte_de_derive_vue_par_la_coordination_seule(volontaire, coordinateur, gestionnaire, client):
    user, v = volontaire
    prive = services.point_etape(volontaire=v, by=user, ressenti="Je trie des doublons dans un logiciel.",
                                 alerte_derive=True)  # fmt: skip
    assert list(selectors.alertes_de_la_coordination(coordinateur)) == [prive]
    assert not selectors.alertes_de_la_coordination(gestionnaire).exists()
    assert not permissions.can_read_point_etape(gestionnaire, prive)
    assert permissions.can_read_point_etape(coordinateur, prive)
    partage = services.point_etape(volontaire=v, by=user, ressenti="Tout va mieux.", partage_structure=True)
    assert permissions.can_read_point_etape(gestionnaire, partage)
    assert list(selectors.points_etape(v, tous=False)) == [partage]
    # Les pages : la structure voit le point partagé, jamais l'alerte ; la coordination voit les deux.
    client.force_login(gestionnaire)
    page = client.get(reverse("formations:mission", args=[v.mission.public_id])).content.decode()
    assert "Tout va mieux" in page and "doublons" not in page
    client.force_login(coordinateur)
    page = client.get(reverse("formations:mission", args=[v.mission.public_id])).content.decode()
    assert "Tout va mieux" in page and "doublons" in page
    # Le journal ne garde que des drapeaux.
    assert all("doublons" not in str(j.details) for j in JournalFormation.objects.all())


def test_seul_le_ou_la_volontaire_ecrit_son_point_d_etape(volontaire, coordinateur):
    _, v = volontaire
    with pytest.raises(PermissionDenied):
        services.point_etape(volontaire=v, by=coordinateur, ressenti="x")


def test_fin_anticipee(volontaire, coordinateur):
    user, v = volontaire
    with pytest.raises(ValidationError, match="entre le début et la fin"):
        services.terminer_volontariat(volontaire=v, by=coordinateur, anticipee=True, le=v.fin + timedelta(days=3))
    services.terminer_volontariat(volontaire=v, by=coordinateur, anticipee=True, le=date(2027, 1, 15))
    v.refresh_from_db()
    assert v.etat == EtatVolontaire.FIN_ANTICIPEE and v.fin_anticipee_le == date(2027, 1, 15)
    with pytest.raises(ValidationError, match="terminée"):
        services.point_etape(volontaire=v, by=user, ressenti="x")
    assert not PointEtape.objects.exists()


def test_presences_aux_journees_et_regroupements(volontaire, cohorte, coordinateur, territoire):
    _, v = volontaire
    r = services.programmer_rencontre(cohorte=cohorte, by=coordinateur, type="REGROUPEMENT", date=date(2026, 11, 5),
                                      theme="Fausses nouvelles")  # fmt: skip
    services.pointer_rencontre(rencontre=r, volontaire=v, by=coordinateur, present=True)
    services.pointer_rencontre(rencontre=r, volontaire=v, by=coordinateur, present=False)
    assert r.presences.get().present is False
    autre = services.create_cohorte(territoire=territoire, by=coordinateur, nom="Autre", debut=date(2027, 1, 1),
                                    fin=date(2027, 12, 1))  # fmt: skip
    r2 = services.programmer_rencontre(cohorte=autre, by=coordinateur, type="FORMATION", date=date(2027, 2, 1),
                                       theme="Démarches")  # fmt: skip
    with pytest.raises(ValidationError, match="n'est pas dans la cohorte"):
        services.pointer_rencontre(rencontre=r2, volontaire=v, by=coordinateur, present=True)


def test_la_ou_le_volontaire_trouve_sa_mission_dans_le_menu(client, volontaire, structure, gestionnaire):
    from maillage.core.navigation import entrees

    user, v = volontaire
    assert "formations:service_civique" in {e.url_name for e in entrees(user)}
    client.force_login(user)
    page = client.get(reverse("formations:service_civique")).content.decode()
    assert reverse("formations:volontariat", args=[v.public_id]) in page
    # Une ou un autre aidant de la même structure, sans volontariat : pas d'entrée.
    autre, _ = volontaire_profil(structure, gestionnaire, annee=2001)
    assert "formations:service_civique" not in {e.url_name for e in entrees(autre)}
