"""Un import de lieux reste sur le territoire de qui importe : page d'import (coordination), service, commande.

Territoire A : le Maine-et-Loire (communes réelles). Territoire B : la Sarthe (Le Mans). La coordination de A
dépose un fichier avec des lignes en A et en B : seules celles de A sont écrites, les autres sont dans le rapport ;
un lieu de B qui porte la même clé (source + id) n'est ni modifié ni doublé.
"""

import datetime

import pytest
from django.core.management import CommandError, call_command

from maillage.comptes.enums import Role
from maillage.lieux.importers.runner import Perimetre, run_import
from maillage.lieux.models import Lieu, LieuEvent
from tests.comptes.factories import StructureFactory, TerritoireFactory, UserFactory, user_with_role
from tests.core.factories import CommuneFactory, DepartementFactory
from tests.lieux.factories import LieuFactory
from tests.lieux.test_views_import import ROW, confirmer, csv_file, deposer  # noqa: F401

ROW_B = dict(
    ROW, id="lieu-mans", nom="Espace public numérique du Mans", commune="Le Mans", code_postal="72000",
    code_insee="72181", adresse="1 place Saint-Pierre", latitude="48.0061", longitude="0.1996",
)  # fmt: skip
HORS = "Ce lieu est hors de votre territoire (Maine-et-Loire)"


@pytest.fixture
def territoires(communes_49):
    le_mans = CommuneFactory(
        code_insee="72181", nom="Le Mans", codes_postaux=["72000"], departement=DepartementFactory(code="72"),
        latitude=48.0061, longitude=0.1996,
    )  # fmt: skip
    a = TerritoireFactory(nom="Maine-et-Loire", slug="ml", communes=list(communes_49.values()))
    b = TerritoireFactory(nom="Sarthe", slug="sarthe", communes=[le_mans])
    return {"a": a, "b": b, "angers": communes_49["49007"], "le_mans": le_mans}


@pytest.fixture
def coordination_a(territoires):
    return user_with_role(
        Role.COORDINATEUR, structure=StructureFactory(commune=territoires["angers"]), territoire=territoires["a"]
    )


@pytest.fixture
def lieu_b(territoires):
    """Un lieu de la Sarthe, importé plus tôt sous la même source que le fichier de la coordination de A."""
    return LieuFactory(
        nom="Lieu de la Sarthe", commune="Le Mans", code_postal="72000", code_insee="72181",
        commune_ref=territoires["le_mans"], source_import="test-web", source_id="lieu-1", published=True,
        date_maj=datetime.date(2025, 6, 1),
    )  # fmt: skip


def _write(path, rows):
    path.write_bytes(csv_file(rows).read())
    return path


class TestImportWebRestreintAuTerritoire:
    def test_lignes_hors_territoire_signalees_puis_ecartees(self, client, coordination_a):
        client.force_login(coordination_a)
        response = deposer(client, csv_file([ROW, ROW_B]))
        html = response.content.decode()
        assert response.status_code == 200
        assert '<tr><th scope="row">Lieux nouveaux</th><td>1</td></tr>' in html
        assert '<tr><th scope="row">Lignes rejetées (en erreur)</th><td>1</td></tr>' in html
        # Ligne, champ, valeur, raison en français.
        assert (
            "<tr><td>ligne 3</td><td>Erreur : ligne rejetée</td><td>commune</td><td>Le Mans (72000)</td>"
            f"<td>{HORS} : il n&#x27;est pas importé.</td></tr>"
        ) in html
        assert "Votre territoire : Maine-et-Loire" in html
        assert Lieu.objects.count() == 0

        response = confirmer(client)
        assert response.status_code == 200
        assert HORS in response.content.decode()  # le rapport final le redit
        lieu = Lieu.objects.get()
        assert lieu.commune_ref_id == "49007"
        entry = lieu.historique.get(event=LieuEvent.IMPORTED)
        assert entry.actor == coordination_a
        assert entry.details["source"] == "test-web"
        assert entry.details["fichier"] == "lieux.csv"
        assert entry.details["via"] == "web"

    def test_meme_source_et_id_qu_un_lieu_d_un_autre_territoire_ne_le_modifie_pas(
        self, client, coordination_a, lieu_b
    ):
        """Avant : la ligne « lieu-1 » (Angers) écrasait le lieu de la Sarthe qui portait la même clé."""
        client.force_login(coordination_a)
        response = deposer(client, csv_file([ROW]))
        html = response.content.decode()
        assert '<tr><th scope="row">Lieux modifiés</th><td>0</td></tr>' in html
        assert '<tr><th scope="row">Lignes rejetées (en erreur)</th><td>1</td></tr>' in html
        assert "Un lieu hors de votre territoire (Maine-et-Loire) porte déjà cet identifiant" in html
        # Rien à écrire : pas de bouton de confirmation ; et même une confirmation forcée n'écrit rien.
        assert "Confirmer l&#x27;import" not in html
        confirmer(client)
        lieu_b.refresh_from_db()
        assert (lieu_b.nom, lieu_b.commune_ref_id, lieu_b.date_maj) == (
            "Lieu de la Sarthe",
            "72181",
            datetime.date(2025, 6, 1),
        )
        assert Lieu.objects.count() == 1  # ni écrasé ni doublé
        assert not lieu_b.historique.exists()

    def test_un_lieu_de_son_territoire_est_mis_a_jour(self, client, coordination_a, territoires):
        lieu = LieuFactory(
            nom="Ancien nom", commune_ref=territoires["angers"], source_import="test-web", source_id="lieu-1",
            date_maj=datetime.date(2025, 1, 1),
        )  # fmt: skip
        client.force_login(coordination_a)
        deposer(client, csv_file([ROW]))
        confirmer(client)
        lieu.refresh_from_db()
        assert lieu.nom == "Médiathèque Toussaint"
        entry = lieu.historique.get(event=LieuEvent.IMPORTED)
        assert entry.actor == coordination_a and entry.details["changes"]["nom"] == ["Ancien nom", ROW["nom"]]

    def test_l_historique_dit_la_source_et_qui_a_importe(self, client, coordination_a):
        client.force_login(coordination_a)
        deposer(client, csv_file([ROW]))
        confirmer(client)
        lieu = Lieu.objects.get()
        html = client.get(f"/lieux/{lieu.public_id}/modifier/").content.decode()
        assert "source « test-web », fichier « lieux.csv »" in html
        assert coordination_a.get_full_name() in html

    def test_l_equipe_importe_partout(self, client, territoires):
        client.force_login(UserFactory(staff=True))
        response = deposer(client, csv_file([ROW, ROW_B]))
        assert '<tr><th scope="row">Lieux nouveaux</th><td>2</td></tr>' in response.content.decode()
        confirmer(client)
        assert set(Lieu.objects.values_list("commune_ref_id", flat=True)) == {"49007", "72181"}


class TestRunImportAvecPerimetre:
    def test_seules_les_lignes_du_territoire_sont_ecrites(self, tmp_path, territoires, coordination_a):
        report = run_import(
            _write(tmp_path / "l.csv", [ROW, ROW_B]), source="s", wet_run=True, actor=coordination_a,
            perimetre=Perimetre.of_territoires([territoires["a"]]),
        )  # fmt: skip
        assert (report.created, report.rejected) == (1, 1)
        [issue] = report.errors
        assert (issue.line, issue.field, issue.value) == (3, "commune", "Le Mans (72000)")
        assert issue.rule == f"{HORS} : il n'est pas importé."
        assert list(Lieu.objects.values_list("nom", flat=True)) == ["Médiathèque Toussaint"]

    def test_commune_introuvable_rejetee(self, tmp_path, territoires):
        inconnue = dict(ROW, commune="Nulle-Part", code_postal="99999", code_insee="")
        report = run_import(
            _write(tmp_path / "l.csv", [inconnue]), source="s", wet_run=True,
            perimetre=Perimetre.of_territoires([territoires["a"]]),
        )  # fmt: skip
        assert report.rejected == 1 and not Lieu.objects.exists()
        assert report.errors[0].rule.startswith("Commune introuvable dans le référentiel")

    def test_conflit_avec_un_lieu_hors_perimetre(self, tmp_path, territoires, lieu_b):
        report = run_import(
            _write(tmp_path / "l.csv", [ROW]), source="test-web", wet_run=True,
            perimetre=Perimetre.of_territoires([territoires["a"]]),
        )  # fmt: skip
        assert (report.created, report.updated, report.rejected) == (0, 0, 1)
        assert report.errors[0].field == "id" and report.errors[0].line == 2
        lieu_b.refresh_from_db()
        assert lieu_b.nom == "Lieu de la Sarthe"

    def test_tout_ou_rien_avec_une_ligne_hors_territoire_n_ecrit_rien(self, tmp_path, territoires):
        report = run_import(
            _write(tmp_path / "l.csv", [ROW, ROW_B]), source="s", wet_run=True, strict=True,
            perimetre=Perimetre.of_territoires([territoires["a"]]),
        )  # fmt: skip
        assert not report.written and not Lieu.objects.exists()

    def test_sans_perimetre_tout_est_ouvert(self, tmp_path, territoires, lieu_b):
        """L'exploitation (commande sans --territoire) importe partout, y compris en mettant à jour B."""
        report = run_import(_write(tmp_path / "l.csv", [ROW_B]), source="s", wet_run=True)
        assert report.created == 1 and report.rejected == 0


class TestCommandeImportLieux:
    def test_sans_territoire_import_non_restreint(self, tmp_path, territoires, capsys):
        call_command("import_lieux", str(_write(tmp_path / "l.csv", [ROW, ROW_B])), "--source", "s", "--wet-run")
        assert Lieu.objects.count() == 2
        entry = Lieu.objects.get(commune_ref_id="72181").historique.get()
        assert entry.actor is None and entry.details["via"] == "commande" and entry.details["fichier"] == "l.csv"

    def test_territoire_restreint_comme_sur_le_site(self, tmp_path, territoires, capsys):
        call_command(
            "import_lieux", str(_write(tmp_path / "l.csv", [ROW, ROW_B])), "--source", "s", "--wet-run",
            "--territoire", "ml",
        )  # fmt: skip
        out = capsys.readouterr().out
        assert "Import restreint au territoire : Maine-et-Loire." in out
        assert HORS in out
        assert list(Lieu.objects.values_list("commune_ref_id", flat=True)) == ["49007"]

    def test_plusieurs_territoires(self, tmp_path, territoires):
        call_command(
            "import_lieux", str(_write(tmp_path / "l.csv", [ROW, ROW_B])), "--source", "s", "--wet-run",
            "--territoire", "ml", "--territoire", "sarthe",
        )  # fmt: skip
        assert Lieu.objects.count() == 2

    def test_territoire_inconnu_message_clair(self, tmp_path, territoires):
        with pytest.raises(CommandError, match="Territoire inconnu : nulle-part"):
            call_command("import_lieux", str(_write(tmp_path / "l.csv", [ROW])), "--territoire", "nulle-part")
