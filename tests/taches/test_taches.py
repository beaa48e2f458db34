"""Tâches de fond : la page d'une tâche (avancement, résultat, 404 pour les autres), le déroulé d'une tâche
(en cours → terminée ou échouée), l'avancement espacé, le nettoyage quotidien."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from maillage.taches.enums import EtatTache
from maillage.taches.models import Tache
from maillage.taches.services import MESSAGE_ECHEC, MESSAGE_INTERROMPUE, Progression, executer, ranger_fichier
from tests.comptes.factories import UserFactory
from tests.taches.factories import TacheFactory


def url(tache) -> str:
    return f"/taches/{tache.public_id}/"


class TestPageTache:
    def test_la_personne_voit_l_avancement(self, client):
        tache = TacheFactory(en_cours=True)
        client.force_login(tache.demandeur)
        html = client.get(url(tache)).content.decode()
        assert "<h1>Vérification d&#x27;un fichier de lieux</h1>" in html
        assert "Lecture et vérification du fichier" in html
        assert 'max="100" value="25"' in html and "Avancement : 25 %" in html
        # Rafraîchie toutes les 2 s par htmx, et un lien pour qui n'a pas JavaScript.
        assert 'hx-trigger="every 2s"' in html and f'?vu={EtatTache.EN_COURS}"' in html
        assert f'href="{url(tache)}">Actualiser</a>' in html
        assert 'role="status" aria-live="polite"' in html
        assert "htmx-2.min.js" in html

    @pytest.mark.parametrize("autre", ["quelqu_un", "anonyme"])
    def test_personne_d_autre_ne_la_voit_pas(self, client, autre):
        tache = TacheFactory(en_cours=True)
        if autre == "anonyme":
            response = client.get(url(tache))
            assert response.status_code == 302 and "/comptes/connexion/" in response["Location"]
            return
        client.force_login(UserFactory())
        assert client.get(url(tache)).status_code == 404

    def test_l_equipe_la_voit(self, client):
        tache = TacheFactory(en_cours=True)
        client.force_login(UserFactory(staff=True))
        assert client.get(url(tache)).status_code == 200

    def test_adresse_inconnue(self, client):
        client.force_login(UserFactory())
        assert client.get("/taches/00000000-0000-0000-0000-000000000000/").status_code == 404
        assert client.get("/taches/pas-un-uuid/").status_code == 404

    def test_fragment_htmx_sans_annonce_si_l_etat_n_a_pas_change(self, client):
        tache = TacheFactory(en_cours=True)
        client.force_login(tache.demandeur)
        response = client.get(url(tache) + "?vu=EN_COURS", headers={"HX-Request": "true"})
        html = response.content.decode()
        assert html.startswith('<div id="tache-suivi"') and "<html" not in html
        assert 'hx-trigger="every 2s"' in html
        assert "hx-swap-oob" not in html

    def test_fragment_htmx_annonce_la_fin_et_arrete_d_interroger(self, client):
        tache = TacheFactory(terminee=True, genre="IMPORT_LIEUX_ECRIRE", resultat={"written": True, "rows": 3})
        client.force_login(tache.demandeur)
        html = client.get(url(tache) + "?vu=EN_COURS", headers={"HX-Request": "true"}).content.decode()
        assert "hx-trigger" not in html  # fini : plus d'interrogation
        assert '<div id="tache-annonce" hx-swap-oob="innerHTML">Import d&#x27;un fichier de lieux : terminée.' in html
        assert "<h2>Résultat de l'import</h2>" in html

    def test_echec_dit_quoi_faire(self, client):
        tache = TacheFactory(echouee=True)
        client.force_login(tache.demandeur)
        html = client.get(url(tache)).content.decode()
        assert "La tâche a échoué" in html and "erreur inattendue" in html
        assert 'href="/lieux/gestion/importer/">Revenir à la page de départ' in html
        assert "hx-trigger" not in html and "htmx-2.min.js" not in html

    def test_en_attente_depuis_longtemps_previent(self, client):
        tache = TacheFactory(created_at=timezone.now() - timedelta(minutes=5))
        client.force_login(tache.demandeur)
        html = client.get(url(tache)).content.decode()
        assert "le service des tâches de fond est peut-être arrêté" in html
        assert "<progress" in html and "en attente</progress>" in html  # avancement inconnu

    def test_page_en_lecture_seule_sans_transaction(self, client, django_assert_max_num_queries):
        tache = TacheFactory(en_cours=True)
        client.force_login(tache.demandeur)
        client.get(url(tache))
        with django_assert_max_num_queries(4):  # session, personne, tâche (rien n'est écrit)
            client.get(url(tache), headers={"HX-Request": "true"})


def _ok(tache, progression):
    progression.avancer(fait=10, total=20, message="À mi-chemin")
    return {"message": "Fini : 20 lignes.", "lignes": 20}


def _boum(tache, progression):
    raise RuntimeError("panne")


class TestExecuter:
    def test_terminee_avec_son_resultat(self):
        tache = TacheFactory()
        executer(tache_id=tache.pk, travail=_ok)
        tache.refresh_from_db()
        assert tache.etat == EtatTache.TERMINEE
        assert tache.resultat == {"message": "Fini : 20 lignes.", "lignes": 20}
        assert (tache.message, tache.fait, tache.total) == ("Fini : 20 lignes.", 20, 20)
        assert tache.started_at and tache.finished_at

    def test_echec_marque_la_tache_et_remonte_l_erreur(self):
        tache = TacheFactory()
        with pytest.raises(RuntimeError):
            executer(tache_id=tache.pk, travail=_boum)
        tache.refresh_from_db()
        assert (tache.etat, tache.message) == (EtatTache.ECHOUEE, MESSAGE_ECHEC)
        assert "panne" not in tache.message  # la trace reste dans le journal du serveur

    def test_tache_deja_finie_ou_effacee_rien_a_faire(self):
        tache = TacheFactory(terminee=True, resultat={"a": 1})
        executer(tache_id=tache.pk, travail=_boum)
        executer(tache_id=0, travail=_boum)
        tache.refresh_from_db()
        assert tache.resultat == {"a": 1}


class TestProgression:
    def test_ecritures_espacees_sauf_nouvelle_etape(self, django_assert_num_queries):
        tache = TacheFactory(en_cours=True, message="Étape 1")
        progression = Progression(tache)
        with django_assert_num_queries(1):
            progression.avancer(fait=60, total=200)  # première : écrite
            progression.avancer(fait=70)  # moins d'une seconde après : gardée en mémoire
        with django_assert_num_queries(1):
            progression.avancer(fait=80, message="Étape 2")  # nouvelle étape : écrite tout de suite
        tache.refresh_from_db()
        assert (tache.fait, tache.total, tache.message) == (80, 200, "Étape 2")

    def test_jamais_au_dela_du_total(self):
        tache = TacheFactory(en_cours=True)
        Progression(tache).avancer(fait=500, total=100, message="x")
        tache.refresh_from_db()
        assert (tache.fait, tache.total) == (100, 100)


class TestNettoyage:
    def test_efface_les_taches_expirees_et_leurs_fichiers(self):
        nom = ranger_fichier(fichier=ContentFile(b"id,nom\n"), nom="lieux.csv")
        vieille = TacheFactory(terminee=True, fichiers=[nom], expires_at=timezone.now() - timedelta(minutes=1))
        recente = TacheFactory(terminee=True)
        call_command("nettoyer_taches", stdout=(out := io.StringIO()))
        assert not Tache.objects.filter(pk=vieille.pk).exists()
        assert Tache.objects.filter(pk=recente.pk).exists()
        assert not default_storage.exists(nom)
        assert "1 tâches expirées effacées, 0 tâches interrompues" in out.getvalue()

    def test_efface_les_fichiers_deposes_sans_tache_passe_la_conservation(self):
        """Une requête qui échoue après avoir rangé le fichier : la transaction est annulée, pas le stockage."""
        orphelin = ranger_fichier(fichier=ContentFile(b"x"), nom="lieux.csv")
        garde = ranger_fichier(fichier=ContentFile(b"y"), nom="lieux.csv")
        TacheFactory(fichiers=[garde], expires_at=timezone.now() + timedelta(days=30))
        call_command("nettoyer_taches", stdout=io.StringIO())
        assert default_storage.exists(orphelin)  # trop récent : peut-être une requête en cours
        with time_machine.travel(timezone.now() + timedelta(days=8)):
            call_command("nettoyer_taches", stdout=(out := io.StringIO()))
        assert not default_storage.exists(orphelin) and default_storage.exists(garde)
        assert "1 fichiers déposés sans tâche effacés" in out.getvalue()

    def test_une_tache_sans_nouvelles_est_marquee_interrompue(self):
        perdue = TacheFactory(en_cours=True)
        Tache.objects.filter(pk=perdue.pk).update(updated_at=timezone.now() - timedelta(hours=1))
        vivante = TacheFactory(en_cours=True)
        call_command("nettoyer_taches", stdout=io.StringIO())
        perdue.refresh_from_db()
        vivante.refresh_from_db()
        assert (perdue.etat, perdue.message) == (EtatTache.ECHOUEE, MESSAGE_INTERROMPUE)
        assert vivante.etat == EtatTache.EN_COURS

    def test_conservee_sept_jours_par_defaut(self, settings):
        assert settings.MAILLAGE_TACHES_CONSERVATION_JOURS == 7
        tache = TacheFactory()
        assert timedelta(days=7, seconds=-5) < tache.expires_at - tache.created_at <= timedelta(days=7, seconds=5)
