"""Pages de gestion : créer une formation et programmer ses sessions (coordination, ou gestionnaire de la structure
qui forme) ; service civique pour la coordination : créer une cohorte, accueillir une ou un volontaire (refus clairs
sous 16 ans ou sans le statut), programmer une journée et pointer, terminer une mission avant son terme."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.formations import services
from maillage.formations.enums import EtatVolontaire, FormationEvent
from maillage.formations.models import Cohorte, Formation, JournalFormation, Presence, Rencontre, Session, Volontaire
from tests.comptes.factories import MembershipFactory, StructureFactory, TerritoireFactory
from tests.core.factories import CommuneFactory
from tests.formations.test_service_civique import CRITERES, volontaire_profil

pytestmark = pytest.mark.django_db

RESUME = "Le formulaire n'a pas été envoyé"


def _formation_post(territoire, structure, **extra):
    return {
        "territoire": territoire.pk, "structure_formatrice": structure.pk, "titre": "Démarches CAF en ligne",
        "theme": "DEMARCHES", "competences": ["2.1", "4.2"], "niveaux": ["AIDER_URGENCE"], "duree_heures": "3.5",
        "format": "PRESENTIEL", "financement": "GRATUIT", "cout_euros": "0", "source_niveaux": "", "niveau_vise": "",
        **extra,
    }  # fmt: skip


def _session_post(jours=10, **extra):
    jour = timezone.localdate() + timedelta(days=jours)
    return {"jour": jour.isoformat(), "heure_debut": "09:30", "heure_fin": "12:30", "capacite": "12",
            "lieu": "Maison France services, 1 place de la Mairie", **extra}  # fmt: skip


class TestCreerFormation:
    def test_la_coordination_cree_une_formation_puis_sa_session(self, client, coordinateur, territoire, structure):
        client.force_login(coordinateur)
        assert client.get(reverse("formations:creer_formation")).status_code == 200
        r = client.post(reverse("formations:creer_formation"), _formation_post(territoire, structure))
        f = Formation.objects.get(titre="Démarches CAF en ligne")
        assert r.status_code == 302 and r["Location"] == reverse("formations:creer_session", args=[f.public_id])
        assert (
            f.competences == ["2.1", "4.2"] and f.niveaux == ["AIDER_URGENCE"] and f.structure_formatrice == structure
        )
        r = client.post(r["Location"], _session_post())
        s = Session.objects.get(formation=f)
        assert r.status_code == 302 and r["Location"] == reverse("formations:session", args=[s.public_id])
        assert timezone.localtime(s.debut).hour == 9 and timezone.localtime(s.fin).minute == 30 and s.capacite == 12
        assert s.commune_id == structure.commune_id
        assert list(JournalFormation.objects.values_list("event", flat=True).order_by("pk")) == [
            FormationEvent.FORMATION_CREEE, FormationEvent.SESSION_CREEE,
        ]  # fmt: skip

    def test_la_ou_le_gestionnaire_de_la_structure_qui_forme(self, client, gestionnaire, territoire, structure):
        client.force_login(gestionnaire)
        page = client.get(reverse("formations:creer_formation")).content.decode()
        assert structure.nom in page
        r = client.post(reverse("formations:creer_formation"), _formation_post(territoire, structure))
        assert r.status_code == 302
        f = Formation.objects.get()
        assert client.post(reverse("formations:creer_session", args=[f.public_id]), _session_post()).status_code == 302
        assert Session.objects.filter(formation=f).count() == 1

    def test_une_structure_d_ailleurs_n_est_pas_proposee(self, client, gestionnaire, territoire, structure):
        ailleurs = StructureFactory(nom="Tiers-lieu d'ailleurs")
        client.force_login(gestionnaire)
        r = client.post(reverse("formations:creer_formation"), _formation_post(territoire, ailleurs))
        assert r.status_code == 200 and RESUME in r.content.decode() and not Formation.objects.exists()

    def test_erreurs_resumees_en_francais_rien_d_ecrit(self, client, coordinateur, territoire, structure):
        client.force_login(coordinateur)
        data = _formation_post(territoire, structure, titre="", duree_heures="0", source_niveaux="PIX_PROFIL")
        page = client.post(reverse("formations:creer_formation"), data).content.decode()
        assert RESUME in page and "3 erreurs sont à corriger" in page
        assert 'href="#id_titre"' in page and "dites le niveau atteint" in page
        assert not Formation.objects.exists()

    def test_un_aidant_n_ouvre_pas_les_pages_de_l_offre(self, client, aidante_user, formation):
        client.force_login(aidante_user)
        assert client.get(reverse("formations:offre")).status_code == 403
        assert client.get(reverse("formations:creer_formation")).status_code == 403
        assert client.get(reverse("formations:creer_session", args=[formation.public_id])).status_code == 403

    def test_la_formatrice_mediatrice_pointe_mais_ne_programme_pas(self, client, formatrice, formation):
        client.force_login(formatrice)
        assert client.get(reverse("formations:creer_session", args=[formation.public_id])).status_code == 403


class TestCreerSession:
    def test_refus_clairs(self, client, coordinateur, formation):
        client.force_login(coordinateur)
        url = reverse("formations:creer_session", args=[formation.public_id])
        page = client.post(url, _session_post(heure_fin="08:00")).content.decode()
        assert RESUME in page and "La fin de la session vient après son début." in page
        page = client.post(url, _session_post(lieu="")).content.decode()
        assert "Indiquez l&#x27;adresse de la session." in page
        page = client.post(url, _session_post(lieu="", a_distance="on")).content.decode()
        assert "Indiquez le lien de connexion de la session." in page
        page = client.post(url, _session_post(jours=-2)).content.decode()
        assert "Une nouvelle session se programme dans le futur." in page
        page = client.post(url, _session_post(capacite="0", jour="31/02/2027")).content.decode()
        assert "2 erreurs sont à corriger" in page
        assert not Session.objects.exists()

    def test_session_de_plusieurs_jours(self, client, coordinateur, formation):
        client.force_login(coordinateur)
        jour_fin = (timezone.localdate() + timedelta(days=11)).isoformat()
        client.post(reverse("formations:creer_session", args=[formation.public_id]),
                    _session_post(jour_fin=jour_fin, heure_fin="17:00"))  # fmt: skip
        s = Session.objects.get()
        assert (timezone.localtime(s.fin).date() - timezone.localtime(s.debut).date()).days == 1

    def test_commune_de_la_session_tapee_sinon_celle_de_la_structure(self, client, coordinateur, formation):
        ailleurs = CommuneFactory(nom="Chemillé-en-Anjou Test")
        client.force_login(coordinateur)
        url = reverse("formations:creer_session", args=[formation.public_id])
        page = client.post(url, _session_post(commune="Zzyzx-sur-Rien")).content.decode()
        assert RESUME in page and not Session.objects.exists()
        client.post(url, _session_post(commune=ailleurs.code_insee))
        client.post(url, _session_post(jours=12))
        communes = list(Session.objects.order_by("debut").values_list("commune_id", flat=True))
        assert communes == [ailleurs.code_insee, formation.structure_formatrice.commune_id]


class TestLiens:
    def test_catalogue_et_session_proposent_la_gestion_a_qui_peut(self, client, coordinateur, aidante_user, session):
        client.force_login(coordinateur)
        assert reverse("formations:offre") in client.get(reverse("formations:catalogue")).content.decode()
        page = client.get(reverse("formations:session", args=[session.public_id])).content.decode()
        assert reverse("formations:creer_session", args=[session.formation.public_id]) in page
        assert session.formation.titre in client.get(reverse("formations:offre")).content.decode()
        assert reverse("formations:offre") in client.get(reverse("formations:besoins")).content.decode()
        client.force_login(aidante_user)
        assert reverse("formations:offre") not in client.get(reverse("formations:catalogue")).content.decode()
        page = client.get(reverse("formations:session", args=[session.public_id])).content.decode()
        assert reverse("formations:creer_session", args=[session.formation.public_id]) not in page

    def test_le_menu_mene_la_ou_le_gestionnaire_a_l_offre(self, client, gestionnaire, aidante_user):
        client.force_login(gestionnaire)
        accueil = client.get("/").content.decode()
        assert "Proposer des formations" in accueil and f'href="{reverse("formations:offre")}"' in accueil
        client.force_login(aidante_user)
        assert "Proposer des formations" not in client.get("/").content.decode()


# — Service civique —


@pytest.fixture
def cohorte(territoire, coordinateur):
    return services.create_cohorte(territoire=territoire, by=coordinateur, nom="Cohorte 2026",
                                   debut=date(2026, 9, 1), fin=date(2027, 6, 30))  # fmt: skip


@pytest.fixture
def mission_validee(structure, cohorte, gestionnaire, coordinateur):
    m = services.propose_mission(structure=structure, cohorte=cohorte, by=gestionnaire, intitule="Aider en ligne",
                                 description="Accompagner à la médiathèque.", tuteur="Marie", criteres=CRITERES)  # fmt: skip
    return services.decide_mission(mission=m, by=coordinateur, valider=True)


class TestCohorte:
    def test_la_coordination_cree_une_cohorte(self, client, coordinateur, territoire):
        client.force_login(coordinateur)
        page = client.get(reverse("formations:service_civique")).content.decode()
        assert reverse("formations:creer_cohorte") in page
        r = client.post(reverse("formations:creer_cohorte"), {"territoire": territoire.pk, "nom": "Cohorte 2027",
                                                              "debut": "2027-09-01", "fin": "2028-06-30"})  # fmt: skip
        c = Cohorte.objects.get()
        assert r["Location"] == reverse("formations:cohorte", args=[c.public_id]) and c.coordinateur == coordinateur
        assert "Cohorte 2027" in client.get(reverse("formations:service_civique")).content.decode()

    def test_fin_avant_debut_refusee(self, client, coordinateur, territoire):
        client.force_login(coordinateur)
        page = client.post(reverse("formations:creer_cohorte"), {"territoire": territoire.pk, "nom": "X",
                                                                 "debut": "2027-09-01", "fin": "2027-01-01"})  # fmt: skip
        assert (
            RESUME in page.content.decode() and "La fin de la cohorte vient après son début." in page.content.decode()
        )
        assert not Cohorte.objects.exists()

    def test_la_structure_n_ouvre_ni_la_creation_ni_la_cohorte(self, client, gestionnaire, cohorte):
        client.force_login(gestionnaire)
        assert (
            reverse("formations:creer_cohorte")
            not in client.get(reverse("formations:service_civique")).content.decode()
        )
        assert client.get(reverse("formations:creer_cohorte")).status_code == 403
        assert client.get(reverse("formations:cohorte", args=[cohorte.public_id])).status_code == 404

    def test_une_autre_coordination_ne_voit_pas_la_cohorte(self, client, cohorte, coordinateur_de):
        client.force_login(coordinateur_de(TerritoireFactory(communes=[CommuneFactory()])))
        assert client.get(reverse("formations:cohorte", args=[cohorte.public_id])).status_code == 404


class TestAccueillirVolontaire:
    def url(self, mission):
        return reverse("formations:accueillir", args=[mission.public_id])

    def test_moins_de_16_ans_message_clair(self, client, coordinateur, mission_validee, structure, gestionnaire):
        _, profil = volontaire_profil(structure, gestionnaire, annee=2010)  # 15 ans en 2025
        client.force_login(coordinateur)
        page = client.post(self.url(mission_validee), {"profil": profil.public_id, "debut": "2025-10-01",
                                                       "fin": "2026-06-01"}).content.decode()  # fmt: skip
        assert RESUME in page and "a moins de 16 ans au début de la mission" in page and 'href="#id_profil"' in page
        assert not Volontaire.objects.exists()

    def test_sans_le_statut_service_civique_message_clair(self, client, coordinateur, mission_validee, sans_42):
        sans_42.annee_naissance = 2000
        sans_42.save()
        client.force_login(coordinateur)
        page = client.get(self.url(mission_validee)).content.decode()
        assert f"{sans_42.prenom} {sans_42.nom} (médiateur ou médiatrice numérique)" in page
        page = client.post(self.url(mission_validee), {"profil": sans_42.public_id, "debut": "2026-10-01",
                                                       "fin": "2027-06-01"}).content.decode()  # fmt: skip
        assert "avec le statut « Volontaire en service civique »" in page.replace("&laquo;", "«").replace(
            "&raquo;", "»"
        )
        assert not Volontaire.objects.exists()

    def test_accueil_puis_fin_anticipee(self, client, coordinateur, mission_validee, structure, gestionnaire):
        _, profil = volontaire_profil(structure, gestionnaire)
        client.force_login(coordinateur)
        page = client.get(reverse("formations:mission", args=[mission_validee.public_id])).content.decode()
        assert self.url(mission_validee) in page
        r = client.post(
            self.url(mission_validee), {"profil": profil.public_id, "debut": "2026-10-01", "fin": "2027-06-01"}
        )
        assert r.status_code == 302
        v = Volontaire.objects.get()
        # Déjà en mission : n'est plus proposé.
        assert str(profil.public_id) not in client.get(self.url(mission_validee)).content.decode()
        url = reverse("formations:terminer", args=[v.public_id])
        assert url in client.get(reverse("formations:cohorte", args=[v.mission.cohorte.public_id])).content.decode()
        page = client.post(url, {"le": "2027-08-01"}).content.decode()
        assert "Une fin anticipée tombe entre le début et la fin prévue de la mission." in page
        r = client.post(url, {"le": "2027-01-15"})
        v.refresh_from_db()
        assert (
            r.status_code == 302 and v.etat == EtatVolontaire.FIN_ANTICIPEE and v.fin_anticipee_le == date(2027, 1, 15)
        )
        assert JournalFormation.objects.filter(event=FormationEvent.FIN_MISSION, volontaire=v).count() == 1
        page = client.post(url, {"le": "2027-01-20"}).content.decode()
        assert RESUME in page  # une mission finie ne se termine pas deux fois

    def test_mission_non_validee_refusee(self, client, coordinateur, cohorte, structure, gestionnaire):
        m = services.propose_mission(structure=structure, cohorte=cohorte, by=gestionnaire, intitule="X",
                                     description="Y")  # fmt: skip
        _, profil = volontaire_profil(structure, gestionnaire)
        client.force_login(coordinateur)
        assert self.url(m) not in client.get(reverse("formations:mission", args=[m.public_id])).content.decode()
        page = client.post(self.url(m), {"profil": profil.public_id, "debut": "2026-10-01", "fin": "2027-06-01"})
        assert "seulement sur une mission validée" in page.content.decode()

    def test_la_structure_ne_termine_pas_la_mission(
        self, client, gestionnaire, coordinateur, mission_validee, structure
    ):
        _, profil = volontaire_profil(structure, gestionnaire)
        v = services.accueillir_volontaire(mission=mission_validee, profil=profil, by=coordinateur,
                                           debut=date(2026, 10, 1), fin=date(2027, 6, 1))  # fmt: skip
        client.force_login(gestionnaire)
        assert client.post(reverse("formations:terminer", args=[v.public_id]), {"le": "2027-01-15"}).status_code == 404


class TestRencontres:
    def test_programmer_puis_pointer(self, client, coordinateur, mission_validee, structure, gestionnaire, cohorte):
        _, p1 = volontaire_profil(structure, gestionnaire)
        _, p2 = volontaire_profil(structure, gestionnaire, annee=2003)
        v1 = services.accueillir_volontaire(mission=mission_validee, profil=p1, by=coordinateur,
                                            debut=date(2026, 10, 1), fin=date(2027, 6, 1))  # fmt: skip
        v2 = services.accueillir_volontaire(mission=mission_validee, profil=p2, by=coordinateur,
                                            debut=date(2026, 10, 1), fin=date(2027, 6, 1))  # fmt: skip
        client.force_login(coordinateur)
        url = reverse("formations:cohorte", args=[cohorte.public_id])
        page = client.post(url, {"type": "REGROUPEMENT", "date": "", "theme": ""}).content.decode()
        assert RESUME in page and "2 erreurs sont à corriger" in page
        r = client.post(url, {"type": "FORMATION", "date": "2026-11-12", "theme": "Accueillir sans faire à la place"})
        rencontre = Rencontre.objects.get()
        assert r.status_code == 302 and rencontre.type == "FORMATION"
        assert reverse("formations:rencontre", args=[rencontre.pk]) in client.get(url).content.decode()
        r = client.post(reverse("formations:rencontre", args=[rencontre.pk]), {"presents": [str(v1.public_id)]},
                        follow=True)  # fmt: skip
        assert "Présences enregistrées : 1 sur 2." in r.content.decode()
        assert dict(Presence.objects.values_list("volontaire_id", "present")) == {v1.pk: True, v2.pk: False}
        assert JournalFormation.objects.filter(event=FormationEvent.PRESENCE_SC).count() == 2
        # Correction : les deux présents.
        client.post(reverse("formations:rencontre", args=[rencontre.pk]),
                    {"presents": [str(v1.public_id), str(v2.public_id)]})  # fmt: skip
        assert Presence.objects.filter(present=True).count() == 2 and Presence.objects.count() == 2

    def test_la_structure_ne_pointe_pas(self, client, gestionnaire, cohorte, coordinateur):
        r = services.programmer_rencontre(cohorte=cohorte, by=coordinateur, type="REGROUPEMENT",
                                          date=date(2026, 11, 1), theme="Bilan")  # fmt: skip
        client.force_login(gestionnaire)
        assert client.get(reverse("formations:rencontre", args=[r.pk])).status_code == 404
        assert client.post(reverse("formations:rencontre", args=[r.pk]), {"presents": []}).status_code == 404


def test_menu_inchange_pour_la_formatrice(formatrice):
    """La médiatrice de la structure qui forme n'a pas le lien « Proposer une formation » (elle pointe seulement)."""
    from maillage.formations import permissions

    assert not permissions.can_open_offre(formatrice)
    assert permissions.can_open_offre(MembershipFactory(role="GESTIONNAIRE").user)
