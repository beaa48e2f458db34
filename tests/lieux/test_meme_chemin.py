"""La page de modification et l'import écrivent par le même service : même validation (même message pour la même
valeur fautive), même historique (une ligne par lieu changé, avec la personne), même journal chaîné."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maillage.core.journal import verify_chain
from maillage.lieux import services
from maillage.lieux.importers import run_import
from maillage.lieux.models import Lieu, LieuEvent, LieuHistorique
from tests.lieux.test_import import ROW, make_csv
from tests.lieux.test_views_gestion import edit_data, monde  # noqa: F401 — fixture

HTML_NOM = "<b>Médiathèque</b>"
MESSAGE_HTML = "Ce texte ne doit pas contenir de balises HTML (« < … > »)."


def _modifier(client, lieu, **overrides):
    return client.post(reverse("lieux:modifier", args=[lieu.public_id]), edit_data(lieu, **overrides))


class TestMemeValidation:
    def test_nom_en_html_meme_message_par_la_page_et_par_l_import(self, client, monde):  # noqa: F811
        lieu = monde["lieu_a"]
        client.force_login(monde["gestionnaire"])
        response = _modifier(client, lieu, nom=HTML_NOM)
        assert response.status_code == 400
        assert response.context["form"].errors["nom"] == [MESSAGE_HTML]

        report = run_import(make_csv([{**ROW, "nom": HTML_NOM}]), source="csv", wet_run=True)
        assert [(i.field, i.rule) for i in report.errors] == [("nom", MESSAGE_HTML)]
        assert report.rejected == 1 and not Lieu.objects.filter(source_import="csv").exists()

    @pytest.mark.parametrize(
        "champ,valeur",
        [("nom", "x" * 251), ("adresse", "<script>alert(1)</script>"), ("complement_adresse", "y" * 256)],
    )
    def test_la_ligne_d_import_recoit_le_message_du_service(self, champ, valeur):
        lieu = Lieu(**{**services_data(), champ: valeur})
        with pytest.raises(ValidationError) as exc:
            services.validate_lieu(lieu)
        attendu = exc.value.message_dict[champ]

        report = run_import(make_csv([{**ROW, champ: valeur}]), source="csv", wet_run=True)
        assert [i.rule for i in report.errors if i.field == champ] == attendu

    def test_les_deux_chemins_appellent_validate_lieu_et_save_lieux_batch(self, client, monde, monkeypatch):  # noqa: F811
        appels = []
        valider, ecrire = services.validate_lieu, services.save_lieux_batch

        def espion_valider(lieu):
            appels.append("valider")
            return valider(lieu)

        def espion_ecrire(**kwargs):
            appels.append("écrire")
            return ecrire(**kwargs)

        monkeypatch.setattr(services, "validate_lieu", espion_valider)
        monkeypatch.setattr(services, "save_lieux_batch", espion_ecrire)

        client.force_login(monde["gestionnaire"])
        assert _modifier(client, monde["lieu_a"], nom="Nouveau nom").status_code == 302
        assert appels == ["écrire", "valider"]  # la page : un paquet d'un lieu, validé dans save_lieux_batch
        appels.clear()
        report = run_import(make_csv([ROW, {**ROW, "id": "lieu-2"}]), source="csv", wet_run=True)
        assert report.written
        assert appels == ["valider", "valider", "écrire"]  # l'import : chaque ligne, puis le paquet


def services_data() -> dict:
    return {
        "nom": "Médiathèque",
        "commune": "Angers",
        "code_postal": "49000",
        "adresse": "49 rue Toussaint",
        "date_maj": datetime.date(2026, 1, 15),
        "latitude": 47.47,
        "longitude": -0.55,
    }


class TestMemeHistorique:
    def test_une_ligne_par_changement_avec_la_personne_par_la_page(self, client, monde):  # noqa: F811
        lieu, user = monde["lieu_a"], monde["gestionnaire"]
        client.force_login(user)
        assert _modifier(client, lieu, nom="Nouveau nom").status_code == 302
        rows = list(LieuHistorique.objects.filter(lieu=lieu).values_list("event", "actor", "details"))
        assert len(rows) == 1
        event, actor, details = rows[0]
        assert (event, actor) == (LieuEvent.UPDATED, user.pk)
        assert details["changes"]["nom"] == ["Lieu de A", "Nouveau nom"]

    def test_une_ligne_par_lieu_change_avec_la_personne_par_l_import(self, monde):  # noqa: F811
        user = monde["coordination"]
        run_import(make_csv([ROW]), source="csv", wet_run=True, actor=user)
        lieu = Lieu.objects.get(source_import="csv")
        run_import(make_csv([{**ROW, "nom": "Nouveau nom", "date_maj": "2026-02-01"}]), source="csv",
                   wet_run=True, actor=user)  # fmt: skip
        run_import(
            make_csv([{**ROW, "nom": "Nouveau nom", "date_maj": "2026-02-01"}]), source="csv", wet_run=True, actor=user
        )  # fmt: skip — rien ne change : rien n'est écrit
        rows = list(LieuHistorique.objects.filter(lieu=lieu).order_by("pk").values_list("event", "actor", "details"))
        assert [(e, a) for e, a, _ in rows] == [(LieuEvent.IMPORTED, user.pk), (LieuEvent.IMPORTED, user.pk)]
        assert rows[0][2]["created"] is True
        assert rows[1][2]["changes"]["nom"] == ["Médiathèque Toussaint", "Nouveau nom"]

    def test_creation_par_le_service_et_par_l_import_meme_forme_d_historique(self, monde):  # noqa: F811
        user = monde["coordination"]
        cree = services.create_lieu(data=services_data(), by=user)
        run_import(make_csv([ROW]), source="csv", wet_run=True, actor=user)
        importe = Lieu.objects.get(source_import="csv")
        a = LieuHistorique.objects.get(lieu=cree)
        b = LieuHistorique.objects.get(lieu=importe)
        assert (a.event, a.actor_id, a.details["created"]) == (LieuEvent.CREATED, user.pk, True)
        assert (b.event, b.actor_id, b.details["created"]) == (LieuEvent.IMPORTED, user.pk, True)
        assert set(a.details) <= set(b.details)  # l'import ajoute sa trace : source, fichier

    def test_le_journal_reste_chaine_apres_les_deux_chemins(self, client, monde):  # noqa: F811
        client.force_login(monde["gestionnaire"])
        _modifier(client, monde["lieu_a"], nom="Nouveau nom")
        run_import(make_csv([ROW, {**ROW, "id": "lieu-2"}]), source="csv", wet_run=True)
        services.update_lieu(lieu=Lieu.objects.get(source_id="lieu-2"), data={"nom": "Autre"}, by=None)
        count, rupture, _head = verify_chain(LieuHistorique)
        assert count == 4 and rupture is None


class TestCleDeSource:
    def test_une_cle_de_source_deja_prise_est_refusee_en_francais(self):
        run_import(make_csv([ROW]), source="csv", wet_run=True)
        with pytest.raises(ValidationError) as exc:
            services.create_lieu(data={**services_data(), "source_import": "csv", "source_id": "lieu-1"}, by=None)
        assert "porte déjà cet identifiant" in exc.value.message_dict["source_id"][0]
