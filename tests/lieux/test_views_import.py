"""Import web d'un fichier de lieux par la coordination, en tâches de fond : déposer → vérification (rien
d'écrit) → rapport sur la page de la tâche → confirmer → écriture → résultat.

En test, les tâches sont faites tout de suite (moteur « immédiat ») : la page de la tâche montre déjà le rapport.
Le passage par la vraie file en base et `db_worker` est dans tests/taches/test_worker.py.
"""

import csv
import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from maillage.comptes.enums import Role
from maillage.lieux.exporters import SCHEMA_FIELDS
from maillage.lieux.models import Lieu, LieuEvent
from maillage.taches.enums import EtatTache, GenreTache
from maillage.taches.models import Tache
from tests.comptes.factories import StructureFactory, TerritoireFactory, UserFactory, user_with_role

ROW = {
    "id": "lieu-1", "pivot": "21490007800012", "nom": "Médiathèque Toussaint", "commune": "Angers",
    "code_postal": "49000", "code_insee": "49007", "adresse": "49 rue Toussaint", "latitude": "47.4698",
    "longitude": "-0.5556", "horaires": "Mo-Fr 09:00-12:00; PH off", "date_maj": "2026-01-15",
    "services": "Aide aux démarches administratives", "frais_a_charge": "Gratuit",
}  # fmt: skip


def csv_file(rows, name="lieux.csv") -> SimpleUploadedFile:
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=SCHEMA_FIELDS, lineterminator="\r\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: r.get(k, "") for k in SCHEMA_FIELDS})
    return SimpleUploadedFile(name, out.getvalue().encode(), content_type="text/csv")


@pytest.fixture
def coordination(communes_49):
    territoire = TerritoireFactory(slug="ml", communes=list(communes_49.values()))
    return user_with_role(
        Role.COORDINATEUR, structure=StructureFactory(commune=communes_49["49007"]), territoire=territoire
    )


URL = "/lieux/gestion/importer/"


def deposer(client, fichier, **extra):
    """Dépose le fichier et suit la redirection : la réponse est la page de la tâche de vérification."""
    data = {"etape": "verifier", "fichier": fichier, "source": "test-web", "publier": "on", **extra}
    return client.post(URL, data, follow=True)


def derniere_verification(user_or_id) -> Tache:
    user_id = getattr(user_or_id, "pk", user_or_id)
    return Tache.objects.filter(demandeur_id=user_id, genre=GenreTache.IMPORT_LIEUX_VERIFIER).latest("created_at")


def confirmer(client):
    """Confirme la dernière vérification de la personne connectée ; la réponse est la page de l'écriture."""
    tache = derniere_verification(client.session["_auth_user_id"])
    return client.post(URL, {"etape": "confirmer", "tache": str(tache.public_id)}, follow=True)


class TestImportWeb:
    def test_reserve_a_la_coordination(self, client):
        client.force_login(user_with_role(Role.GESTIONNAIRE))
        assert client.get(URL).status_code == 403

    def test_deposer_montre_le_rapport_sans_rien_ecrire_puis_confirmer(self, client, coordination):
        client.force_login(coordination)
        bad = dict(ROW, id="lieu-2", nom="Sans position", latitude="95")
        response = deposer(client, csv_file([ROW, bad]))
        verification = derniere_verification(coordination)
        assert response.redirect_chain == [(f"/taches/{verification.public_id}/", 302)]
        assert verification.etat == EtatTache.TERMINEE
        html = response.content.decode()
        assert "Rapport de vérification (rien n'est encore écrit)" in html
        assert '<tr><th scope="row">Lieux nouveaux</th><td>1</td></tr>' in html
        assert '<tr><th scope="row">Lignes rejetées (en erreur)</th><td>1</td></tr>' in html
        assert "ligne 3" in html  # la ligne fautive, en comptant l'en-tête
        assert Lieu.objects.count() == 0
        assert "Confirmer l'import" in html
        # Le fichier attend la confirmation dans le stockage de Django, pas dans le dossier temporaire d'un serveur.
        (nom,) = [n for n in verification.fichiers if "lieux" in n.rsplit("/", 1)[-1]]
        assert nom.startswith("taches/") and default_storage.exists(nom)

        response = confirmer(client)
        ecriture = Tache.objects.get(genre=GenreTache.IMPORT_LIEUX_ECRIRE)
        assert response.redirect_chain == [(f"/taches/{ecriture.public_id}/", 302)]
        assert ecriture.parent == verification and ecriture.etat == EtatTache.TERMINEE
        html = response.content.decode()
        assert "<h2>Résultat de l'import</h2>" in html
        assert "Les lieux sont écrits" in html
        lieu = Lieu.objects.get()
        assert (lieu.nom, lieu.source_import, lieu.statut) == ("Médiathèque Toussaint", "test-web", "PUBLIE")
        entry = lieu.historique.get(event=LieuEvent.IMPORTED)
        assert entry.actor == coordination and entry.details["via"] == "web"
        assert entry.details["fichier"] == "lieux.csv"
        assert not default_storage.exists(nom)  # le fichier déposé est effacé après l'écriture
        assert ecriture.fichiers == [] and Tache.objects.get(pk=verification.pk).fichiers == []

    def test_confirmer_deux_fois_n_ecrit_qu_une_fois(self, client, coordination):
        client.force_login(coordination)
        deposer(client, csv_file([ROW]))
        premiere = confirmer(client)
        seconde = confirmer(client)
        assert premiere.redirect_chain == seconde.redirect_chain
        assert Tache.objects.filter(genre=GenreTache.IMPORT_LIEUX_ECRIRE).count() == 1
        assert Lieu.objects.count() == 1
        html = client.get(f"/taches/{derniere_verification(coordination).public_id}/").content.decode()
        assert "Import déjà confirmé" in html and "Confirmer l'import" not in html

    def test_reimporter_le_meme_fichier_ne_change_rien(self, client, coordination):
        client.force_login(coordination)
        deposer(client, csv_file([ROW]))
        confirmer(client)
        html = deposer(client, csv_file([ROW])).content.decode()
        assert '<tr><th scope="row">Lieux inchangés</th><td>1</td></tr>' in html
        assert "Rien à écrire" in html
        assert 'name="etape" value="confirmer"' not in html
        # Une confirmation forcée est refusée avec un message, rien n'est écrit.
        html = confirmer(client).content.decode()
        assert "Ce fichier n&#x27;a rien à écrire" in html
        assert Tache.objects.filter(genre=GenreTache.IMPORT_LIEUX_ECRIRE).count() == 1

    def test_tout_ou_rien_avec_une_erreur_ne_propose_pas_de_confirmer(self, client, coordination):
        client.force_login(coordination)
        bad = dict(ROW, id="lieu-2", services="Réparation de vélos")
        html = deposer(client, csv_file([ROW, bad]), tout_ou_rien="on").content.decode()
        assert "En mode tout ou rien, corrigez les erreurs" in html
        assert 'name="etape" value="confirmer"' not in html

    def test_brouillon_si_publier_decoche(self, client, coordination):
        client.force_login(coordination)
        client.post(URL, {"etape": "verifier", "fichier": csv_file([ROW]), "source": "test-web"})
        confirmer(client)
        assert Lieu.objects.get().statut == "BROUILLON"

    def test_fichier_illisible_message_clair(self, client, coordination):
        client.force_login(coordination)
        fichier = SimpleUploadedFile("lieux.json", b'{"nom": "pas une liste"', content_type="application/json")
        html = deposer(client, fichier).content.decode()
        assert "Le fichier ne peut pas être importé" in html
        assert Lieu.objects.count() == 0

    def test_confirmer_la_verification_d_une_autre_personne_404(self, client, coordination):
        client.force_login(coordination)
        deposer(client, csv_file([ROW]))
        verification = derniere_verification(coordination)
        client.force_login(UserFactory(staff=True))  # même l'équipe : l'écriture se ferait au nom d'une autre
        response = client.post(URL, {"etape": "confirmer", "tache": str(verification.public_id)})
        assert response.status_code == 404
        assert Lieu.objects.count() == 0

    @pytest.mark.parametrize("valeur", ["0" * 32, "../../etc", ""])
    def test_verification_inconnue_404(self, client, coordination, valeur):
        client.force_login(coordination)
        response = client.post(URL, {"etape": "confirmer", "tache": valeur})
        assert response.status_code == 404 and Lieu.objects.count() == 0

    @pytest.mark.parametrize(
        ("source", "message"), [("", "Ce champ est obligatoire"), ("dép<49>", "lettres sans accents")]
    )
    def test_source_invalide(self, client, coordination, source, message):
        client.force_login(coordination)
        response = deposer(client, csv_file([ROW]), source=source)
        assert response.status_code == 400
        assert message in response.content.decode()
        assert not Tache.objects.exists()

    def test_la_page_d_import_liste_les_derniers_depots(self, client, coordination):
        client.force_login(coordination)
        deposer(client, csv_file([ROW], name="mes-lieux.csv"))
        html = client.get(URL).content.decode()
        verification = derniere_verification(coordination)
        assert "Vos derniers imports" in html and "mes-lieux.csv" in html
        assert f'href="/taches/{verification.public_id}/">Vérification d&#x27;un fichier de lieux</a>' in html

    def test_role_retire_avant_l_ecriture(self, client, coordination):
        """Le droit est relu au moment de l'écriture (en fond), pas seulement au dépôt."""
        client.force_login(coordination)
        deposer(client, csv_file([ROW]))
        verification = derniere_verification(coordination)
        from maillage.lieux.taches import confirmer_import

        coordination.memberships.all().delete()
        ecriture = confirmer_import(verification=verification, demandeur=coordination)
        assert "Vous n'avez plus le droit d'importer des lieux" in ecriture.resultat["fatal"]
        assert Lieu.objects.count() == 0


class TestAvancement:
    def test_la_lecture_du_fichier_fait_avancer_la_barre(self, coordination, monkeypatch):
        """Sans crochet dans run_import : les octets lus par le lecteur de texte donnent l'avancement."""
        from maillage.lieux import taches as module
        from maillage.taches import services

        vus = []
        avancer = services.Progression.avancer

        def espion(self, **kwargs):
            vus.append((kwargs.get("fait"), kwargs.get("total"), kwargs.get("message")))
            return avancer(self, **kwargs)

        monkeypatch.setattr(services.Progression, "avancer", espion)
        rows = [dict(ROW, id=f"lieu-{i}", nom=f"Lieu {i}") for i in range(400)]
        tache = module.demander_verification(
            demandeur=coordination, fichier=csv_file(rows), source="test-web", strict=False, publier=True
        )
        taille = default_storage.size(tache.parametres["fichier"])
        assert vus[0] == (0, taille, "Lecture et vérification du fichier")
        lectures = [f for f, t, m in vus if m == "Lecture et vérification du fichier" and f]
        assert len(lectures) >= 2 and lectures == sorted(lectures)  # plusieurs étapes, croissantes
        assert lectures[0] < taille  # la détection de l'encodage (lecture complète) ne compte pas
        assert vus[-1] == (taille, taille, "Recherche des doublons probables")
        tache.refresh_from_db()
        assert tache.etat == EtatTache.TERMINEE and tache.resultat["rows"] == 400
