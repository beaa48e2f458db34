"""Pages publiques des lieux : recherche, page d'un lieu, fiche imprimable, points de la carte."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from maillage.comptes.enums import Role
from maillage.lieux.enums import Frais, Public, Service
from tests.comptes.factories import StructureFactory, user_with_role
from tests.lieux.factories import ArretFactory, LieuFactory

PARIS = ZoneInfo("Europe/Paris")
# Lundi 19 janvier 2026, 10 h à Paris : les lieux « bureau » (Mo-Fr 9-12, 14-17) sont ouverts.
LUNDI_10H = datetime.datetime(2026, 1, 19, 10, 0, tzinfo=PARIS)

URL = "/lieux/"


def noms(response) -> list[str]:
    """Les noms des lieux de la liste de résultats, dans l'ordre."""
    html = response.content.decode()
    block = html.split('class="lieux-resultats"', 1)[1].split("</ol>", 1)[0] if "lieux-resultats" in html else ""
    return re.findall(r'<h3 class="fr-card__title"><a href="[^"]+">([^<]+)</a>', block)


@pytest.fixture
def lieux_angers(communes_49):
    """Trois lieux publiés à distance croissante du centre d'Angers, un brouillon, un fermé, un à Cholet."""
    angers = communes_49["49007"]
    proche = LieuFactory(
        nom="Proche", commune_ref=angers, latitude=angers.latitude, longitude=angers.longitude + 0.002, published=True
    )
    moyen = LieuFactory(
        nom="Moyen",
        commune_ref=angers,
        latitude=angers.latitude + 0.03,
        longitude=angers.longitude,
        published=True,
        services=[Service.LOISIRS_CREATION],
        frais_a_charge=[Frais.PAYANT],
    )
    loin = LieuFactory(
        nom="Loin",
        commune_ref=angers,
        latitude=angers.latitude + 0.1,
        longitude=angers.longitude,
        published=True,
        publics_specifiquement_adresses=[Public.SENIORS],
        horaires="Sa 09:00-12:00",
    )
    LieuFactory(nom="Brouillon caché", commune_ref=angers)
    LieuFactory(nom="Fermé caché", commune_ref=angers, ferme=True)
    cholet = communes_49["49099"]
    LieuFactory(
        nom="Cholet centre",
        commune="Cholet",
        code_postal="49300",
        code_insee="49099",
        commune_ref=cholet,
        latitude=cholet.latitude,
        longitude=cholet.longitude,
        published=True,
    )
    return {"proche": proche, "moyen": moyen, "loin": loin}  # fmt: skip


class TestRecherche:
    def test_sans_compte_la_page_d_arrivee_montre_le_formulaire_seul(
        self, client, lieux_angers, django_assert_num_queries
    ):
        with django_assert_num_queries(0):  # lecture publique sans transaction par requête : aucune requête
            response = client.get(URL)
        assert response.status_code == 200
        assert 'role="search"' in response.content.decode()
        assert noms(response) == []

    def test_critere_sans_lieu_liste_les_lieux_publies_par_nom(self, client, lieux_angers):
        response = client.get(URL, {"gratuit": "on"})
        assert response.status_code == 200
        assert noms(response) == ["Cholet centre", "Loin", "Proche"]
        assert "Indiquez une commune" in response.content.decode()

    def test_par_nom_de_commune_tri_par_distance(self, client, lieux_angers):
        response = client.get(URL, {"ou": "Angers"})
        assert response.status_code == 200
        assert noms(response) == ["Proche", "Moyen", "Loin"]  # Cholet est à plus de 20 km
        assert "autour d&#x27;Angers (49000), à moins de 20 km" in response.content.decode()  # apostrophe échappée

    def test_libelle_de_l_autocompletion_et_code_insee(self, client, lieux_angers):
        assert noms(client.get(URL, {"ou": "Angers (49000)"})) == ["Proche", "Moyen", "Loin"]
        assert noms(client.get(URL, {"commune": "49099", "ou": "Cholet (49300)"})) == ["Cholet centre"]

    def test_par_code_postal(self, client, lieux_angers):
        response = client.get(URL, {"ou": "49300", "rayon_km": "5"})
        assert noms(response) == ["Cholet centre"]

    def test_autour_de_moi(self, client, lieux_angers):
        loin = lieux_angers["loin"]
        response = client.get(URL, {"lat": loin.latitude, "lon": loin.longitude, "rayon_km": "10"})
        assert noms(response) == ["Loin", "Moyen"]
        assert "autour de votre position" in response.content.decode()

    def test_le_rayon_choisi_compte(self, client, lieux_angers):
        assert noms(client.get(URL, {"ou": "Angers", "rayon_km": "10"})) == ["Proche", "Moyen"]  # « Loin » : 11 km
        assert noms(client.get(URL, {"ou": "Angers", "rayon_km": "20"})) == ["Proche", "Moyen", "Loin"]

    def test_dans_la_commune_seulement(self, client, lieux_angers):
        response = client.get(URL, {"ou": "Cholet", "rayon_km": "commune"})
        assert noms(response) == ["Cholet centre"]
        assert "1 lieu à Cholet" in response.content.decode()

    def test_besoin_en_mots_simples(self, client, lieux_angers):
        response = client.get(URL, {"ou": "Angers", "besoin": "DEMARCHES"})
        assert noms(response) == ["Proche", "Loin"]
        assert "Faire une démarche en ligne" in response.content.decode()

    def test_publics_et_gratuit(self, client, lieux_angers):
        assert noms(client.get(URL, {"ou": "Angers", "publics": "SENIORS"})) == ["Loin"]
        assert noms(client.get(URL, {"ou": "Angers", "gratuit": "on"})) == ["Proche", "Loin"]

    def test_accessible(self, client, lieux_angers):
        lieux_angers["moyen"].fiche_acces_libre = "https://acceslibre.beta.gouv.fr/app/erp/x/"
        lieux_angers["moyen"].save()
        assert noms(client.get(URL, {"ou": "Angers", "accessible": "on"})) == ["Moyen"]

    def test_pass_numerique_accepte(self, client, lieux_angers):
        from tests.pass_numerique.factories import QualificationPassFactory

        QualificationPassFactory(lieu=lieux_angers["moyen"], approuvee=True)
        QualificationPassFactory(lieu=lieux_angers["loin"], suspendue=True)
        response = client.get(URL, {"ou": "Angers", "pass_numerique": "on"})
        assert noms(response) == ["Moyen"]
        assert "pas encore disponible" not in response.content.decode()

    @time_machine.travel(LUNDI_10H, tick=False)
    def test_ouvert_maintenant(self, client, lieux_angers):
        response = client.get(URL, {"ou": "Angers", "ouvert_maintenant": "on"})
        assert noms(response) == ["Proche", "Moyen"]  # « Loin » n'ouvre que le samedi
        assert "Ouvert maintenant" in response.content.decode()

    def test_commune_introuvable_message_clair(self, client, lieux_angers):
        response = client.get(URL, {"ou": "Zzyzx"})
        assert response.status_code == 200
        assert "Nous ne trouvons pas la commune « Zzyzx »" in response.content.decode()
        assert noms(response) == []

    @pytest.mark.parametrize("ou", ["%%%", "--", "'"])
    def test_commune_sans_lettre_ni_chiffre(self, client, lieux_angers, ou):
        response = client.get(URL, {"ou": ou})
        assert response.status_code == 200
        assert "Nous ne trouvons pas la commune" in response.content.decode()
        assert noms(response) == []

    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"lat": "200", "lon": "3"}, "La latitude doit être comprise entre -90 et 90."),
            ({"lat": "47", "lon": "-500"}, "La longitude doit être comprise entre -180 et 180."),
            ({"lat": "abc", "lon": "3"}, "La position (latitude) n&#x27;est pas un nombre."),
            ({"lat": "47"}, "La position est incomplète"),
            ({"ou": "Angers", "rayon_km": "9999"}, "Choisissez une distance dans la liste"),
            ({"besoin": "PIRATAGE"}, "Ce besoin n&#x27;existe pas"),
            ({"publics": "MARTIENS"}, "Choisissez les publics dans la liste."),
            ({"page": "0"}, "Le numéro de page commence à 1."),
            ({"page": "x"}, "Le numéro de page doit être un nombre."),
            ({"commune": "<b>"}, "Le code de commune n&#x27;est pas valide."),
            ({"q": "x" * 500}, "100 caractères"),
        ],
    )
    def test_parametres_impossibles_400_avec_la_raison(self, client, params, message):
        response = client.get(URL, params)
        assert response.status_code == 400
        assert message in response.content.decode()

    def test_page_au_dela_de_la_fin_ne_plante_pas(self, client, lieux_angers):
        response = client.get(URL, {"ou": "Angers", "page": "50"})
        assert response.status_code == 200
        assert noms(response) == []

    def test_pagination_garde_les_criteres(self, client, communes_49):
        angers = communes_49["49007"]
        LieuFactory.create_batch(25, commune_ref=angers, published=True)
        response = client.get(URL, {"ou": "Angers", "gratuit": "on"})
        html = response.content.decode()
        assert len(noms(response)) == 20
        assert "Page 1 sur 2" in html
        assert "gratuit=on" in html and "page=2" in html
        assert 'page=2#resultats"' in html  # le lien ramène aux résultats, pas en haut du formulaire
        assert '"Page 1" aria-current="page"' in html
        assert len(noms(client.get(URL, {"ou": "Angers", "gratuit": "on", "page": "2"}))) == 5

    def test_html_dans_un_nom_est_echappe(self, client, communes_49):
        LieuFactory(nom='<script>alert("x")</script>Espace', commune_ref=communes_49["49007"], published=True)
        html = client.get(URL, {"ou": "Angers"}).content.decode()
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;Espace" in html

    def test_la_liste_marche_sans_javascript(self, client, lieux_angers):
        """Formulaire GET, liens vers les lieux, carte cachée tant que le script ne la montre pas."""
        html = client.get(URL, {"ou": "Angers"}).content.decode()
        assert 'method="get"' in html
        assert reverse("lieux:detail", args=[lieux_angers["proche"].public_id]) in html
        assert 'id="carte-bloc" hidden' in html
        assert 'id="autour-de-moi" hidden' in html

    def test_sans_tuiles_la_carte_n_en_demande_pas(self, client, settings, lieux_angers):
        settings.MAP_TILE_URL = ""
        html = client.get(URL, {"ou": "Angers"}).content.decode()
        assert 'data-tiles=""' in html
        assert "vendor/leaflet/leaflet.js" in html

    def test_nombre_de_requetes_constant(self, client, communes_49, django_assert_num_queries):
        """Le nombre de requêtes ne dépend pas du nombre de lieux (ni de leurs arrêts)."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        angers = communes_49["49007"]
        LieuFactory.create_batch(3, commune_ref=angers, published=True)
        ArretFactory.create_batch(2)
        client.get(URL, {"ou": "Angers"})  # construit l'index en mémoire (décision 0022)
        with CaptureQueriesContext(connection) as ctx:
            client.get(URL, {"ou": "Angers"})
        # la commune tapée, la page et son jeton de version, les arrêts de la page, le Pass de la page
        n = len(ctx.captured_queries)
        assert n <= 6
        LieuFactory.create_batch(30, commune_ref=angers, published=True)
        ArretFactory.create_batch(5)
        client.get(URL, {"ou": "Angers"})  # l'écriture a changé le jeton : l'index se reconstruit une fois
        with django_assert_num_queries(n):
            response = client.get(URL, {"ou": "Angers"})
        assert len(noms(response)) == 20

    def test_nombre_de_requetes_sans_critere(self, client, communes_49, django_assert_num_queries):
        LieuFactory.create_batch(30, commune_ref=communes_49["49007"], published=True)
        with django_assert_num_queries(4):  # lieux itinérants, total et page, objets, arrêts (le Pass est un drapeau)
            client.get(URL, {"gratuit": "on"})


class TestPointsDeLaCarte:
    def test_points_json(self, client, lieux_angers):
        response = client.get(reverse("lieux:carte_points"), {"ou": "Angers"})
        assert response.status_code == 200
        data = response.json()
        assert data["total"] == 3 and not data["tronque"]
        assert [p["nom"] for p in data["points"]] == ["Proche", "Moyen", "Loin"]
        assert data["points"][0]["url"] == reverse("lieux:detail", args=[lieux_angers["proche"].public_id])

    def test_arrets_d_un_lieu_itinerant_sont_des_points(self, client, communes_49):
        arret = ArretFactory(nom="Marché d'Avrillé")
        data = client.get(reverse("lieux:carte_points")).json()
        assert {"nom": arret.lieu.nom, "lat": arret.latitude, "lon": arret.longitude} in [
            {k: p[k] for k in ("nom", "lat", "lon")} for p in data["points"]
        ]

    def test_parametre_impossible_400_json(self, client):
        response = client.get(reverse("lieux:carte_points"), {"lat": "95", "lon": "0"})
        assert response.status_code == 400
        assert response.json() == {"erreur": "La latitude doit être comprise entre -90 et 90."}


class TestPageDUnLieu:
    @time_machine.travel(LUNDI_10H, tick=False)
    def test_horaires_en_mots_et_semaine(self, client):
        lieu = LieuFactory(published=True, horaires="Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:30-12:00; PH off")
        html = client.get(reverse("lieux:detail", args=[lieu.public_id])).content.decode()
        assert "Aujourd'hui : 9 h – 12 h, 14 h – 17 h" in html
        assert "ouvert en ce moment" in html
        assert "Samedi</th>" in html and "9 h 30 – 12 h" in html
        assert "Dimanche</th>" in html and "fermé" in html

    @time_machine.travel(datetime.datetime(2026, 1, 19, 18, 0, tzinfo=PARIS), tick=False)
    def test_prochaine_ouverture_quand_c_est_ferme(self, client):
        lieu = LieuFactory(published=True)
        html = client.get(reverse("lieux:detail", args=[lieu.public_id])).content.decode()
        assert "fermé en ce moment" in html
        assert "Prochaine ouverture : mardi 20 janvier à 9 h." in html

    def test_ce_qu_on_y_fait_en_mots_simples(self, client):
        lieu = LieuFactory(
            published=True,
            services=[Service.AIDE_DEMARCHES, Service.ACCES_MATERIEL],
            publics_specifiquement_adresses=[Public.SENIORS],
            frais_a_charge=[Frais.GRATUIT_SOUS_CONDITION],
            telephone="02 41 00 00 00",
            courriels=["contact@exemple.fr"],
        )
        html = client.get(reverse("lieux:detail", args=[lieu.public_id])).content.decode()
        assert "Aide aux démarches administratives" in html and "Demande CAF, CPAM" in html
        assert "surtout aux publics suivants : seniors" in html
        assert "Gratuit sous conditions" in html
        assert 'href="tel:0241000000"' in html and "mailto:contact@exemple.fr" in html
        assert "openstreetmap.org/directions?to=47.47120%2C-0.55180" in html

    @time_machine.travel(LUNDI_10H, tick=False)
    def test_lieu_itinerant_montre_ses_arrets(self, client):
        bus = LieuFactory(itinerant=True, published=True)
        ArretFactory(lieu=bus, nom="Place du marché", horaires="Tu 09:00-12:00")
        ArretFactory(lieu=bus, nom="Parking de la mairie", horaires="Mo 09:30-11:30")
        html = client.get(reverse("lieux:detail", args=[bus.public_id])).content.decode()
        assert "Place du marché" in html and "Mardi : 9 h – 12 h" in html
        assert "Aujourd'hui :</strong>\n          Parking de la mairie (9 h 30 – 11 h 30)" in html

    @pytest.mark.parametrize(("trait", "status"), [({}, 404), ({"ferme": True}, 410)])
    def test_lieu_non_publie_404_pour_le_public(self, client, trait, status):
        # Un brouillon reste privé (404) ; un lieu fermé répond « Ce lieu a fermé » (410, test_views_ferme.py).
        lieu = LieuFactory(**trait)
        assert client.get(reverse("lieux:detail", args=[lieu.public_id])).status_code == status
        assert client.get(reverse("lieux:fiche", args=[lieu.public_id])).status_code == status

    def test_brouillon_visible_de_son_gestionnaire_avec_un_avertissement(self, client):
        structure = StructureFactory()
        lieu = LieuFactory(structure=structure)
        client.force_login(user_with_role(Role.GESTIONNAIRE, structure=structure))
        response = client.get(reverse("lieux:detail", args=[lieu.public_id]))
        assert response.status_code == 200
        assert "n'est pas visible du public" in response.content.decode()
        assert reverse("lieux:modifier", args=[lieu.public_id]) in response.content.decode()

    def test_brouillon_invisible_d_un_autre_gestionnaire(self, client):
        lieu = LieuFactory(structure=StructureFactory())
        client.force_login(user_with_role(Role.GESTIONNAIRE))
        assert client.get(reverse("lieux:detail", args=[lieu.public_id])).status_code == 404

    def test_identifiant_inconnu_404(self, client):
        assert client.get("/lieux/00000000-0000-4000-8000-000000000000/").status_code == 404

    def test_html_dans_les_textes_est_echappe(self, client):
        lieu = LieuFactory(published=True, nom="<img src=x onerror=alert(1)>", presentation_detail="<b>gras</b>")
        html = client.get(reverse("lieux:detail", args=[lieu.public_id])).content.decode()
        assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
        assert "<b>gras</b>" not in html


class TestFicheImprimable:
    @time_machine.travel(LUNDI_10H, tick=False)
    def test_fiche_a4_sans_navigation_avec_qr_code(self, client):
        lieu = LieuFactory(published=True, nom="Espace numérique du Lac", telephone="02 41 11 22 33")
        response = client.get(reverse("lieux:fiche", args=[lieu.public_id]))
        html = response.content.decode()
        assert response.status_code == 200
        assert "<h1>Espace numérique du Lac</h1>" in html
        assert "fr-header" not in html and "fr-footer" not in html  # aucune navigation
        assert "maillage/impression.css" in html
        assert "<svg" in html  # QR code vers la page du lieu
        assert f"http://testserver/lieux/{lieu.public_id}/" in html
        assert "Téléphone : 02 41 11 22 33" in html
        assert "Lundi</th><td>9 h – 12 h, 14 h – 17 h" in html
        assert "Pensez à apporter" in html  # aide aux démarches : la liste des papiers utiles


def test_prescriber_sees_orient_here_link_and_public_does_not(client):
    from maillage.comptes.enums import Role
    from tests.comptes.factories import StructureFactory, user_with_role
    from tests.lieux.factories import LieuFactory

    lieu = LieuFactory(published=True, structure=StructureFactory())
    url = f"/lieux/{lieu.public_id}/"
    assert "Orienter une personne ici" not in client.get(url).content.decode()
    client.force_login(user_with_role(Role.PRESCRIPTEUR))
    html = client.get(url).content.decode()
    assert f"/orientations/nouvelle/?lieu={lieu.public_id}" in html


def test_pass_numerique_badge_on_results_and_place_page(client):
    from tests.pass_numerique.factories import QualificationPassFactory

    qualification = QualificationPassFactory(approuvee=True)
    lieu = qualification.lieu
    other = LieuFactory(published=True, commune_ref=lieu.commune_ref, commune=lieu.commune)
    html = client.get(f"/lieux/{lieu.public_id}/").content.decode()
    assert "Pass numérique accepté" in html
    assert "Pass numérique accepté" not in client.get(f"/lieux/{other.public_id}/").content.decode()
    results = client.get("/lieux/", {"q": lieu.nom, "pass_numerique": "on"}).content.decode()
    assert lieu.nom in results and "Pass numérique accepté" in results
    assert other.nom not in results


class TestCacheDesCriteres:
    """Le rendu des critères est gardé en cache (décision 0022) : il doit rester celui des paramètres demandés."""

    def test_les_cases_cochees_suivent_chaque_requete(self, client, communes_49):
        assert _gratuit_coche(client.get(URL, {"ou": "Angers", "gratuit": "on"}).content.decode())
        for _ in range(2):  # la deuxième fois vient du cache
            sans = client.get(URL, {"ou": "Angers"}).content.decode()
            avec = client.get(URL, {"ou": "Saumur", "gratuit": "on"}).content.decode()
            assert _gratuit_coche(avec) and not _gratuit_coche(sans)

    def test_une_erreur_ne_vient_jamais_du_cache(self, client, communes_49):
        client.get(URL, {"ou": "Angers", "jour": "2"})
        html = client.get(URL, {"ou": "Angers", "jour": "2", "heure": "99:99"}).content.decode()
        assert "fr-select-group--error" in html or "errorlist" in html or "fr-alert--error" in html


def _gratuit_coche(html: str) -> bool:
    import re

    champ = re.search(r'<input[^>]*name="gratuit"[^>]*>', html).group(0)
    return "checked" in champ
