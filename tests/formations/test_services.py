"""Formations : propositions selon l'écart, inscription, liste d'attente, présence, niveaux, refus (rien d'écrit)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from maillage.formations import selectors, services
from maillage.formations.enums import EtatInscription, FormationEvent
from maillage.formations.models import Inscription, JournalFormation
from maillage.label.models import CompetencesAidant, JournalLabel
from tests.formations.conftest import aidant_de, make_session

pytestmark = pytest.mark.django_db


def events():
    return list(JournalFormation.objects.values_list("event", flat=True))


def test_une_session_qui_vise_4_2_est_proposee_a_l_aidante_a_qui_manque_4_2(sans_42, session, formation, coordinateur):
    autre = services.create_formation(
        territoire=formation.territoire, by=coordinateur, titre="Tableurs", theme="OUTILS",
        structure_formatrice=formation.structure_formatrice, duree_heures=2, format="DISTANCE", competences=["1.3"],
    )  # fmt: skip
    make_session(autre, coordinateur, a_distance=True)
    data = selectors.formations_pour_mes_besoins(sans_42)
    assert data["ecarts"] == ["4.2"]
    assert [s.pk for s in data["sessions"]] == [session.pk]
    assert data["sessions"][0].couvre == ["4.2"]


def test_sans_referentiel_rien_n_est_propose(aidante, session):
    assert selectors.formations_pour_mes_besoins(aidante) == {"ecarts": [], "sessions": []}


def test_niveaux_non_saisis_tout_est_a_renforcer(aidante, ref, session):
    assert [s.pk for s in selectors.formations_pour_mes_besoins(aidante)["sessions"]] == [session.pk]


def test_inscription_puis_presence_met_a_jour_4_2(sans_42, aidante_user, session, formatrice):
    i = services.register(session=session, profil=sans_42, by=aidante_user)
    assert i.etat == EtatInscription.INSCRITE and i.ecarts_vises == ["4.2"]
    later = session.debut + timedelta(minutes=5)
    services.mark_attendance(session=session, profil=sans_42, by=formatrice, present=True, now=later)
    i.refresh_from_db()
    assert i.etat == EtatInscription.PRESENTE
    c = CompetencesAidant.objects.get(profil=sans_42)
    assert c.n4_2 == 3 and c.n4_1 == 3  # 4.1 était déjà à 3 : inchangé (jamais ne baisse)
    assert c.details["4.2"]["source"] == "PIX_PROFIL" and str(i.public_id) in c.details["4.2"]["preuve"]
    assert selectors.ecarts_a_renforcer(sans_42) == []
    assert events()[-3:] == [FormationEvent.INSCRIT, FormationEvent.PRESENCE, FormationEvent.COMPETENCES]
    assert JournalLabel.objects.filter(profil=sans_42, event="NIVEAUX_SAISIS").count() == 2


def test_formation_sans_evaluation_ne_change_pas_les_niveaux(sans_42, aidante_user, session, formatrice):
    session.formation.source_niveaux = ""
    session.formation.save()
    services.register(session=session, profil=sans_42, by=aidante_user)
    services.mark_attendance(session=session, profil=sans_42, by=formatrice, present=True, now=session.debut)
    assert CompetencesAidant.objects.get(profil=sans_42).n4_2 == 2


def test_liste_d_attente_et_promotion_automatique(structure, gestionnaire, formation, coordinateur):
    session = make_session(formation, coordinateur, capacite=1)
    (u1, p1), (u2, p2), (u3, p3) = (aidant_de(structure, n) for n in ("Ana", "Bea", "Clo"))
    i1 = services.register(session=session, profil=p1, by=u1)
    i2 = services.register(session=session, profil=p2, by=u2)
    i3 = services.register(session=session, profil=p3, by=gestionnaire)  # par la gestionnaire
    assert (i2.etat, i3.etat) == (EtatInscription.ATTENTE, EtatInscription.ATTENTE)
    assert selectors.rang_attente(i3) == 2
    promue = services.cancel(inscription=i1, by=u1)
    assert promue.pk == i2.pk and promue.etat == EtatInscription.INSCRITE
    i3.refresh_from_db()
    assert i3.etat == EtatInscription.ATTENTE
    assert FormationEvent.PROMU in events()


def test_session_complete_sans_liste_d_attente_refusee(structure, formation, coordinateur):
    session = make_session(formation, coordinateur, capacite=1)
    (u1, p1), (u2, p2) = aidant_de(structure, "Ana"), aidant_de(structure, "Bea")
    services.register(session=session, profil=p1, by=u1)
    n = Inscription.objects.count()
    with pytest.raises(ValidationError, match="complète \\(1 places\\)"):
        services.register(session=session, profil=p2, by=u2, liste_attente=False)
    assert Inscription.objects.count() == n


def test_inscription_apres_le_debut_refusee(sans_42, aidante_user, session):
    with pytest.raises(ValidationError, match="inscriptions sont closes"):
        services.register(session=session, profil=sans_42, by=aidante_user, now=session.debut + timedelta(minutes=1))
    assert not Inscription.objects.exists() and not JournalFormation.objects.filter(event="INSCRIT").exists()


def test_double_inscription_refusee(sans_42, aidante_user, session):
    services.register(session=session, profil=sans_42, by=aidante_user)
    with pytest.raises(ValidationError, match="déjà inscrite"):
        services.register(session=session, profil=sans_42, by=aidante_user)


def test_presence_d_une_personne_non_inscrite_refusee(sans_42, session, formatrice):
    with pytest.raises(ValidationError, match="n'est pas inscrite ou inscrit"):
        services.mark_attendance(session=session, profil=sans_42, by=formatrice, present=True, now=session.debut)
    assert not JournalFormation.objects.filter(event="PRESENCE").exists()


def test_presence_avant_le_jour_de_la_session_refusee(sans_42, aidante_user, session, formatrice):
    services.register(session=session, profil=sans_42, by=aidante_user)
    with pytest.raises(ValidationError, match="à partir du jour"):
        services.mark_attendance(session=session, profil=sans_42, by=formatrice, present=True)


def test_une_autre_structure_ne_pointe_pas_ni_n_inscrit(sans_42, session, gestionnaire_autre):
    with pytest.raises(PermissionDenied):
        services.register(session=session, profil=sans_42, by=gestionnaire_autre)
    with pytest.raises(PermissionDenied):
        services.mark_attendance(session=session, profil=sans_42, by=gestionnaire_autre, present=True)


def test_session_sans_lieu_et_capacite_nulle_refusees(formation, coordinateur):
    debut = timezone.now() + timedelta(days=3)
    with pytest.raises(ValidationError, match="adresse"):
        services.create_session(formation=formation, by=coordinateur, debut=debut, fin=debut, capacite=5)
    with pytest.raises(ValidationError) as e:
        services.create_session(formation=formation, by=coordinateur, debut=debut, fin=debut - timedelta(hours=1),
                                capacite=0, lieu="Salle")  # fmt: skip
    assert "au moins une place" in str(e.value) and "après son début" in str(e.value)


def test_competence_inconnue_refusee(territoire, coordinateur, formation):
    with pytest.raises(ValidationError, match="Compétence inconnue : 9.9"):
        services.create_formation(territoire=territoire, by=coordinateur, titre="X", theme="OUTILS",
                                  structure_formatrice=formation.structure_formatrice, duree_heures=1,
                                  format="DISTANCE", competences=["9.9"])  # fmt: skip


def test_un_aidant_ne_cree_pas_de_formation(territoire, aidante_user, formation):
    with pytest.raises(PermissionDenied):
        services.create_formation(territoire=territoire, by=aidante_user, titre="X", theme="OUTILS",
                                  structure_formatrice=formation.structure_formatrice, duree_heures=1,
                                  format="DISTANCE")  # fmt: skip
