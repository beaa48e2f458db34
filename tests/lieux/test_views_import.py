"""Import web d'un fichier de lieux par la coordination : déposer → rapport (rien d'écrit) → confirmer."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from maillage.comptes.enums import Role
from maillage.lieux.exporters import SCHEMA_FIELDS
from maillage.lieux.models import Lieu, LieuEvent
from maillage.lieux.views.importer import import_dir
from tests.comptes.factories import StructureFactory, TerritoireFactory, user_with_role

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
    data = {"etape": "verifier", "fichier": fichier, "source": "test-web", "publier": "on", **extra}
    return client.post(URL, data)


class TestImportWeb:
    def test_reserve_a_la_coordination(self, client):
        client.force_login(user_with_role(Role.GESTIONNAIRE))
        assert client.get(URL).status_code == 403

    def test_deposer_montre_le_rapport_sans_rien_ecrire_puis_confirmer(self, client, coordination):
        client.force_login(coordination)
        bad = dict(ROW, id="lieu-2", nom="Sans position", latitude="95")
        response = deposer(client, csv_file([ROW, bad]))
        html = response.content.decode()
        assert response.status_code == 200
        assert "Rapport de vérification (rien n&#x27;est encore écrit)" in html or "Rapport de vérification" in html
        assert '<tr><th scope="row">Lieux nouveaux</th><td>1</td></tr>' in html
        assert '<tr><th scope="row">Lignes rejetées (en erreur)</th><td>1</td></tr>' in html
        assert "ligne 3" in html  # la ligne fautive, en comptant l'en-tête
        assert Lieu.objects.count() == 0
        token = client.session["lieux_import"]["token"]
        assert "Confirmer l&#x27;import" in html or "Confirmer l'import" in html
        response = client.post(URL, {"etape": "confirmer", "token": token})
        assert response.status_code == 200
        lieu = Lieu.objects.get()
        assert (lieu.nom, lieu.source_import, lieu.statut) == ("Médiathèque Toussaint", "test-web", "PUBLIE")
        assert lieu.historique.get(event=LieuEvent.IMPORTED).actor == coordination
        assert not (import_dir() / token).exists()  # le fichier déposé est effacé

    def test_reimporter_le_meme_fichier_ne_change_rien(self, client, coordination):
        client.force_login(coordination)
        deposer(client, csv_file([ROW]))
        client.post(URL, {"etape": "confirmer", "token": client.session["lieux_import"]["token"]})
        response = deposer(client, csv_file([ROW]))
        html = response.content.decode()
        assert '<tr><th scope="row">Lieux inchangés</th><td>1</td></tr>' in html
        assert "Rien à écrire" in html
        assert 'name="etape" value="confirmer"' not in html

    def test_tout_ou_rien_avec_une_erreur_ne_propose_pas_de_confirmer(self, client, coordination):
        client.force_login(coordination)
        bad = dict(ROW, id="lieu-2", services="Réparation de vélos")
        html = deposer(client, csv_file([ROW, bad]), tout_ou_rien="on").content.decode()
        assert "En mode tout ou rien, corrigez les erreurs" in html
        assert 'name="etape" value="confirmer"' not in html

    def test_brouillon_si_publier_decoche(self, client, coordination):
        client.force_login(coordination)
        client.post(URL, {"etape": "verifier", "fichier": csv_file([ROW]), "source": "test-web"})
        client.post(URL, {"etape": "confirmer", "token": client.session["lieux_import"]["token"]})
        assert Lieu.objects.get().statut == "BROUILLON"

    def test_fichier_illisible_message_clair(self, client, coordination):
        client.force_login(coordination)
        fichier = SimpleUploadedFile("lieux.json", b'{"nom": "pas une liste"', content_type="application/json")
        html = deposer(client, fichier).content.decode()
        assert "Le fichier ne peut pas être importé" in html
        assert Lieu.objects.count() == 0

    def test_jeton_inconnu_ou_d_une_autre_session(self, client, coordination):
        client.force_login(coordination)
        response = client.post(URL, {"etape": "confirmer", "token": "0" * 32}, follow=True)
        assert "a expiré ou n&#x27;est pas le vôtre" in response.content.decode()
        response = client.post(URL, {"etape": "confirmer", "token": "../../etc"}, follow=True)
        assert response.status_code == 200 and Lieu.objects.count() == 0

    @pytest.mark.parametrize(
        ("source", "message"), [("", "Ce champ est obligatoire"), ("dép<49>", "lettres sans accents")]
    )
    def test_source_invalide(self, client, coordination, source, message):
        client.force_login(coordination)
        response = deposer(client, csv_file([ROW]), source=source)
        assert response.status_code == 400
        assert message in response.content.decode()
