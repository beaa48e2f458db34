"""Issue 10, point 7 : un lieu fermé répond encore à son adresse et à son QR code (410 « Ce lieu a fermé », avec
les lieux ouverts les plus proches pour les mêmes besoins) ; un brouillon reste privé (404)."""

from html import unescape

from maillage.comptes.enums import Role
from maillage.lieux.enums import Service
from tests.comptes.factories import StructureFactory, user_with_role
from tests.lieux.factories import LieuFactory


def _lieux():
    ferme = LieuFactory(ferme=True, nom="Ancien espace", services=[Service.AIDE_DEMARCHES])
    LieuFactory(published=True, nom="Voisin démarches", longitude=-0.55, services=[Service.AIDE_DEMARCHES])
    LieuFactory(published=True, nom="Voisin matériel", longitude=-0.551, services=[Service.ACCES_MATERIEL])
    LieuFactory(published=True, nom="Loin démarches", latitude=43.6, longitude=1.44, services=[Service.AIDE_DEMARCHES])
    return ferme


class TestLieuFerme:
    def test_page_et_fiche_repondent_410_avec_les_plus_proches(self, client):
        ferme = _lieux()
        for url in (f"/lieux/{ferme.public_id}/", f"/lieux/{ferme.public_id}/fiche/"):
            resp = client.get(url)
            assert resp.status_code == 410
            html = unescape(resp.content.decode())
            assert "Ce lieu a fermé" in html and "Ancien espace" in html
            noms = [r["nom"] for r in resp.context["rows"]]
            assert noms == ["Voisin démarches"]  # mêmes besoins, à moins de 30 km
            assert "Chercher un autre lieu" in html

    def test_sans_voisin_a_30_km_les_plus_proches_de_france(self, client):
        ferme = LieuFactory(ferme=True, nom="Ancien", services=[Service.PARENTALITE])
        LieuFactory(published=True, nom="Toulouse", latitude=43.6, longitude=1.44, services=[Service.PARENTALITE])
        resp = client.get(f"/lieux/{ferme.public_id}/")
        assert [r["nom"] for r in resp.context["rows"]] == ["Toulouse"]

    def test_brouillon_reste_prive(self, client):
        brouillon = LieuFactory(nom="Pas encore ouvert")
        assert client.get(f"/lieux/{brouillon.public_id}/").status_code == 404
        assert client.get(f"/lieux/{brouillon.public_id}/fiche/").status_code == 404

    def test_qui_peut_modifier_voit_la_page_du_lieu(self, client):
        ferme = _lieux()
        ferme.structure = StructureFactory()
        ferme.save()
        gestionnaire = user_with_role(Role.GESTIONNAIRE, structure=ferme.structure)
        client.force_login(gestionnaire)
        resp = client.get(f"/lieux/{ferme.public_id}/")
        assert resp.status_code == 200
        assert "Le public voit à cette adresse la page « Ce lieu a fermé »" in unescape(resp.content.decode())
