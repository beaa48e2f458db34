"""Tenir les lieux à jour : « Mes lieux », modification (grille d'horaires, arrêts), vérification, statut,
fusion, création. Chaque écriture laisse une ligne d'historique avec qui et quand."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maillage.comptes.enums import Role
from maillage.lieux.enums import Frais, Itinerance, ModaliteAcces, Service, StatutLieu
from maillage.lieux.models import Lieu, LieuEvent
from tests.comptes.factories import StructureFactory, TerritoireFactory, UserFactory, user_with_role
from tests.lieux.factories import ArretFactory, LieuFactory


@pytest.fixture
def monde(communes_49):
    angers = communes_49["49007"]
    territoire = TerritoireFactory(nom="Maine-et-Loire", slug="ml", communes=list(communes_49.values()))
    s_a, s_b = StructureFactory(commune=angers, nom="Structure A"), StructureFactory(commune=angers, nom="Structure B")
    return {
        "angers": angers,
        "s_a": s_a,
        "s_b": s_b,
        "lieu_a": LieuFactory(nom="Lieu de A", structure=s_a, commune_ref=angers, published=True),
        "lieu_b": LieuFactory(
            nom="Espace de B",
            structure=s_b,
            commune_ref=angers,
            published=True,
            pivot="",
            latitude=47.48,
            longitude=-0.56,
        ),  # fmt: skip
        "gestionnaire": user_with_role(Role.GESTIONNAIRE, structure=s_a),
        "coordination": user_with_role(Role.COORDINATEUR, structure=s_b, territoire=territoire),
        "mediateur": user_with_role(Role.MEDIATEUR, structure=s_a),
    }


def edit_data(lieu, **overrides) -> dict:
    """Les données POST de la page de modification, telles que le formulaire les affiche, avec des changements."""
    data = {
        "structure": lieu.structure_id or "",
        "nom": lieu.nom,
        "presentation_resume": lieu.presentation_resume,
        "presentation_detail": "",
        "pivot": lieu.pivot,
        "adresse": lieu.adresse,
        "complement_adresse": "",
        "commune_choisie": "Angers (49000)",
        "code_postal": lieu.code_postal,
        "latitude": lieu.latitude,
        "longitude": lieu.longitude,
        "telephone": lieu.telephone,
        "courriels": "",
        "site_web": "",
        "prise_rdv": "",
        "fiche_acces_libre": "",
        "services": lieu.services,
        "frais_a_charge": lieu.frais_a_charge,
        "modalites_acces": lieu.modalites_acces,
        "itinerance": lieu.itinerance,
        # Grille telle qu'affichée pour « Mo-Fr 09:00-12:00,14:00-17:00; PH off »
        "h-feries_fermes": "on",
        "h-horaires_expert": lieu.horaires,
        "arrets-TOTAL_FORMS": "1",
        "arrets-INITIAL_FORMS": "0",
        "arrets-MIN_NUM_FORMS": "0",
        "arrets-MAX_NUM_FORMS": "60",
    }
    for day in ("Mo", "Tu", "We", "Th", "Fr"):
        data.update({f"h-{day}_debut_1": "09:00", f"h-{day}_fin_1": "12:00"})
        data.update({f"h-{day}_debut_2": "14:00", f"h-{day}_fin_2": "17:00"})
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


class TestMesLieux:
    def test_anonyme_renvoye_vers_la_connexion(self, client):
        response = client.get(reverse("lieux:gestion"))
        assert response.status_code == 302 and "/comptes/connexion/" in response["Location"]

    def test_mediateur_refuse(self, client, monde):
        client.force_login(monde["mediateur"])
        assert client.get(reverse("lieux:gestion")).status_code == 403

    def test_gestionnaire_voit_les_lieux_de_sa_structure_seulement(self, client, monde):
        client.force_login(monde["gestionnaire"])
        html = client.get(reverse("lieux:gestion")).content.decode()
        assert "Lieu de A" in html and "Espace de B" not in html
        assert "Doublons probables" not in html  # filtres réservés à la coordination

    def test_coordination_voit_tout_le_territoire(self, client, monde):
        client.force_login(monde["coordination"])
        html = client.get(reverse("lieux:gestion")).content.decode()
        assert "Lieu de A" in html and "Espace de B" in html
        assert "Non vérifiés depuis 12 mois" in html

    @time_machine.travel(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC), tick=False)
    def test_filtre_non_verifies_depuis_12_mois(self, client, monde):
        vieux = LieuFactory(nom="Jamais revu", commune_ref=monde["angers"], date_maj=datetime.date(2024, 1, 1))
        LieuFactory(nom="Revu récemment", commune_ref=monde["angers"], date_maj=datetime.date(2024, 1, 1),
                    verified_at=timezone.now() - datetime.timedelta(days=30))  # fmt: skip
        client.force_login(monde["coordination"])
        html = client.get(reverse("lieux:gestion"), {"filtre": "a_verifier"}).content.decode()
        assert vieux.nom in html and "Revu récemment" not in html
        assert "Lieu de A" not in html  # date_maj du 15 janvier 2026 : moins de 12 mois

    def test_filtre_doublons_probables(self, client, monde):
        LieuFactory(nom="Lieu de A", pivot=monde["lieu_a"].pivot, adresse=monde["lieu_a"].adresse,
                    commune_ref=monde["angers"])  # fmt: skip
        client.force_login(monde["coordination"])
        response = client.get(reverse("lieux:gestion"), {"filtre": "doublons"})
        html = response.content.decode()
        assert "Doublons probables (1)" in html
        assert reverse("lieux:fusionner") + f"?garder={monde['lieu_a'].public_id}" in html

    def test_gestionnaire_ne_peut_pas_forcer_le_filtre_doublons(self, client, monde):
        client.force_login(monde["gestionnaire"])
        html = client.get(reverse("lieux:gestion"), {"filtre": "doublons"}).content.decode()
        assert "Doublons probables (" not in html and "Lieu de A" in html

    def test_recherche_et_statut(self, client, monde):
        LieuFactory(nom="Médiathèque brouillon", structure=monde["s_a"], commune_ref=monde["angers"])
        client.force_login(monde["gestionnaire"])
        html = client.get(reverse("lieux:gestion"), {"q": "mediatheque"}).content.decode()
        assert "Médiathèque brouillon" in html and "Lieu de A" not in html
        html = client.get(reverse("lieux:gestion"), {"statut": "PUBLIE"}).content.decode()
        assert "Médiathèque brouillon" not in html and "Lieu de A" in html

    def test_pagination_partagee_garde_les_filtres(self, client, monde, monkeypatch):
        """La pagination commune (core.pagination) : pages numérotées, filtres gardés dans les liens."""
        monkeypatch.setattr("maillage.lieux.views.gestion.PAGE_SIZE", 2)
        LieuFactory.create_batch(3, structure=monde["s_a"], commune_ref=monde["angers"], published=True)
        client.force_login(monde["gestionnaire"])
        html = client.get(reverse("lieux:gestion"), {"statut": "PUBLIE"}).content.decode()
        assert "Page 1 sur 2" in html
        assert "?statut=PUBLIE&amp;page=2" in html

    def test_nombre_de_requetes_constant(self, client, monde):
        """Le nombre de requêtes ne dépend pas du nombre de lieux. Compté par différence : le menu des autres
        apps (leurs propres requêtes) n'est pas l'affaire de cette page."""
        client.force_login(monde["coordination"])
        client.get(reverse("lieux:gestion"))  # session chargée une fois
        LieuFactory.create_batch(5, structure=monde["s_a"], commune_ref=monde["angers"])
        with CaptureQueriesContext(connection) as few:
            client.get(reverse("lieux:gestion"))
        LieuFactory.create_batch(40, structure=monde["s_b"], commune_ref=monde["angers"])
        with CaptureQueriesContext(connection) as many:
            response = client.get(reverse("lieux:gestion"))
        assert len(many) == len(few)
        # Sur les lieux : le total, puis la page (structures jointes).
        lieux_queries = [q["sql"] for q in many.captured_queries if '"lieux_lieu"' in q["sql"]]
        assert len(lieux_queries) == 2  # total et page
        assert response.content.decode().count('<button class="fr-btn fr-btn--sm fr-btn--tertiary"') == 47


class TestModifier:
    def url(self, lieu):
        return reverse("lieux:modifier", args=[lieu.public_id])

    def test_lieu_d_une_autre_structure_404(self, client, monde):
        client.force_login(monde["gestionnaire"])
        assert client.get(self.url(monde["lieu_b"])).status_code == 404
        assert client.post(self.url(monde["lieu_b"]), edit_data(monde["lieu_b"], nom="Piraté")).status_code == 404
        monde["lieu_b"].refresh_from_db()
        assert monde["lieu_b"].nom == "Espace de B"

    def test_la_grille_affiche_les_horaires_existants(self, client, monde):
        client.force_login(monde["gestionnaire"])
        html = client.get(self.url(monde["lieu_a"])).content.decode()
        assert 'name="h-Mo_debut_1" value="09:00"' in html
        assert 'name="h-Fr_fin_2" value="17:00"' in html
        assert 'name="h-Sa_debut_1" class' in html or 'name="h-Sa_debut_1"' in html

    def test_modifier_la_grille_ecrit_des_horaires_osm_valides_et_l_historique(self, client, monde):
        lieu = monde["lieu_a"]
        client.force_login(monde["gestionnaire"])
        data = edit_data(lieu, **{"h-We_debut_2": "", "h-We_fin_2": "", "h-Sa_debut_1": "9:30", "h-Sa_fin_1": "12:00"})
        data["nom"] = "Lieu de A (rénové)"
        response = client.post(self.url(lieu), data)
        assert response.status_code == 302
        lieu.refresh_from_db()
        assert lieu.nom == "Lieu de A (rénové)"
        assert lieu.horaires == "Mo,Tu,Th,Fr 09:00-12:00,14:00-17:00; We 09:00-12:00; Sa 09:30-12:00; PH off"
        entry = lieu.historique.get(event=LieuEvent.UPDATED)
        assert entry.actor == monde["gestionnaire"]
        assert set(entry.details["changes"]) >= {"nom", "horaires"}
        html = client.get(self.url(lieu)).content.decode()
        assert "Historique des modifications" in html
        assert "<td>Modification</td><td>nom, horaires (syntaxe OpenStreetMap), date de mise à jour</td>" in html

    def test_mode_expert(self, client, monde):
        lieu = monde["lieu_a"]
        client.force_login(monde["gestionnaire"])
        response = client.post(self.url(lieu), edit_data(lieu, **{"h-horaires_expert": "Mo-Su 00:00-24:00"}))
        assert response.status_code == 302
        lieu.refresh_from_db()
        assert lieu.horaires == "Mo-Su 00:00-24:00"

    def test_horaires_expert_illisibles_message_clair(self, client, monde):
        lieu = monde["lieu_a"]
        client.force_login(monde["gestionnaire"])
        response = client.post(self.url(lieu), edit_data(lieu, **{"h-horaires_expert": "lundi matin"}))
        assert response.status_code == 400
        assert "ne suivent pas le format attendu" in response.content.decode()
        lieu.refresh_from_db()
        assert lieu.horaires == "Mo-Fr 09:00-12:00,14:00-17:00; PH off"

    def test_grille_et_expert_modifies_ensemble_refuse(self, client, monde):
        lieu = monde["lieu_a"]
        client.force_login(monde["gestionnaire"])
        data = edit_data(
            lieu, **{"h-horaires_expert": "Sa 10:00-12:00", "h-Sa_debut_1": "10:00", "h-Sa_fin_1": "11:00"}
        )
        response = client.post(self.url(lieu), data)
        assert response.status_code == 400
        assert "à la fois la grille et le champ expert" in response.content.decode()

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"h-Mo_debut_1": "12:00", "h-Mo_fin_1": "09:00"}, "doit suivre l&#x27;heure d&#x27;ouverture"),
            ({"h-Mo_fin_1": ""}, "indiquez l&#x27;heure d&#x27;ouverture ET l&#x27;heure de fermeture"),
            ({"h-Mo_debut_2": "11:00"}, "les deux plages se chevauchent"),
            ({"h-Mo_debut_1": "25:00"}, "Heure invalide"),
        ],
    )
    def test_grille_incoherente_message_clair(self, client, monde, overrides, message):
        client.force_login(monde["gestionnaire"])
        response = client.post(self.url(monde["lieu_a"]), edit_data(monde["lieu_a"], **overrides))
        assert response.status_code == 400
        assert message in response.content.decode()

    def test_html_dans_le_nom_refuse_par_le_service(self, client, monde):
        lieu = monde["lieu_a"]
        client.force_login(monde["gestionnaire"])
        response = client.post(self.url(lieu), edit_data(lieu, nom="<script>alert(1)</script>"))
        assert response.status_code == 400
        assert "ne doit pas contenir de balises HTML" in response.content.decode()
        lieu.refresh_from_db()
        assert lieu.nom == "Lieu de A" and not lieu.historique.exists()

    def test_commune_inconnue(self, client, monde):
        client.force_login(monde["gestionnaire"])
        response = client.post(self.url(monde["lieu_a"]), edit_data(monde["lieu_a"], commune_choisie="Atlantide"))
        assert response.status_code == 400
        assert "Nous ne trouvons pas la commune" in response.content.decode()

    def test_changer_de_commune_sans_position_place_au_centre_de_la_commune(self, client, monde, communes_49):
        lieu = monde["lieu_a"]
        client.force_login(monde["gestionnaire"])
        data = edit_data(lieu, commune_choisie="Cholet (49300)", code_postal="", latitude="", longitude="")
        assert client.post(self.url(lieu), data).status_code == 302
        lieu.refresh_from_db()
        cholet = communes_49["49099"]
        assert (lieu.commune, lieu.code_insee, lieu.code_postal) == ("Cholet", "49099", "49300")
        assert (lieu.latitude, lieu.longitude, lieu.position_approximative) == (
            cholet.latitude,
            cholet.longitude,
            True,
        )

    def test_rattacher_a_une_structure_etrangere_refuse(self, client, monde):
        client.force_login(monde["gestionnaire"])
        response = client.post(self.url(monde["lieu_a"]), edit_data(monde["lieu_a"], structure=monde["s_b"].pk))
        assert response.status_code == 400  # la structure B n'est pas dans la liste proposée
        monde["lieu_a"].refresh_from_db()
        assert monde["lieu_a"].structure == monde["s_a"]

    def test_arrets_d_un_lieu_itinerant(self, client, monde):
        lieu = monde["lieu_a"]
        client.force_login(monde["gestionnaire"])
        data = edit_data(lieu, itinerance=[Itinerance.ITINERANT], **{"arrets-TOTAL_FORMS": "3"})
        data.update({
            "arrets-0-nom": "Place du marché", "arrets-0-commune_choisie": "Angers (49000)", "arrets-0-jour": "Tu",
            "arrets-0-debut": "09:00", "arrets-0-fin": "12:00",
            "arrets-1-nom": "Salle des fêtes", "arrets-1-commune_choisie": "Cholet",
            "arrets-1-horaires_expert": "We 14:00-17:00; Fr 09:00-12:00",
        })  # fmt: skip
        response = client.post(self.url(lieu), data)
        assert response.status_code == 302, response.content.decode()[-3000:]
        arrets = list(lieu.arrets.order_by("ordre"))
        assert [(a.nom, a.horaires, a.commune_id) for a in arrets] == [
            ("Place du marché", "Tu 09:00-12:00", "49007"),
            ("Salle des fêtes", "We 14:00-17:00; Fr 09:00-12:00", "49099"),
        ]
        assert arrets[0].latitude == monde["angers"].latitude
        # La page de modification relit l'arrêt simple dans les champs jour / arrivée / départ.
        html = client.get(self.url(lieu)).content.decode()
        assert 'name="arrets-0-debut" value="09:00"' in html

    def test_arret_incomplet_message_clair(self, client, monde):
        client.force_login(monde["gestionnaire"])
        data = edit_data(monde["lieu_a"], itinerance=[Itinerance.ITINERANT])
        data.update({"arrets-0-nom": "Marché", "arrets-0-commune_choisie": "Angers", "arrets-0-jour": "Tu"})
        response = client.post(self.url(monde["lieu_a"]), data)
        assert response.status_code == 400
        assert "Indiquez le jour, l&#x27;heure d&#x27;arrivée et l&#x27;heure de départ" in response.content.decode()
        assert not monde["lieu_a"].arrets.exists()

    def test_supprimer_un_arret(self, client, monde):
        bus = LieuFactory(itinerant=True, structure=monde["s_a"], commune_ref=monde["angers"], published=True)
        ArretFactory(lieu=bus, nom="Garder", horaires="Tu 09:00-12:00", commune=monde["angers"])
        ArretFactory(lieu=bus, nom="Supprimer", horaires="Th 09:00-12:00", commune=monde["angers"])
        client.force_login(monde["gestionnaire"])
        data = edit_data(bus, **{"h-horaires_expert": "", "arrets-TOTAL_FORMS": "3", "arrets-INITIAL_FORMS": "2"})
        for day in ("Mo", "Tu", "We", "Th", "Fr"):
            for k in ("debut_1", "fin_1", "debut_2", "fin_2"):
                data.pop(f"h-{day}_{k}")
        data.pop("h-feries_fermes")
        for i, (nom, jour) in enumerate([("Garder", "Tu"), ("Supprimer", "Th")]):
            data.update({f"arrets-{i}-nom": nom, f"arrets-{i}-commune_choisie": "Angers (49000)",
                         f"arrets-{i}-jour": jour, f"arrets-{i}-debut": "09:00", f"arrets-{i}-fin": "12:00"})  # fmt: skip
        data["arrets-1-DELETE"] = "on"
        response = client.post(self.url(bus), data)
        assert response.status_code == 302, response.content.decode()[-3000:]
        assert list(bus.arrets.values_list("nom", flat=True)) == ["Garder"]
        bus.refresh_from_db()
        assert bus.horaires == ""

    def test_coordination_modifie_un_lieu_importe_sans_structure(self, client, monde):
        lieu = LieuFactory(nom="Importé", structure=None, commune_ref=monde["angers"], published=True)
        client.force_login(monde["coordination"])
        html = client.get(self.url(lieu)).content.decode()
        assert "Aucune structure" in html
        response = client.post(self.url(lieu), edit_data(lieu, telephone="02 41 22 33 44"))
        assert response.status_code == 302, response.content.decode()[-2000:]
        lieu.refresh_from_db()
        assert lieu.telephone == "02 41 22 33 44" and lieu.structure is None
        assert lieu.historique.get().actor == monde["coordination"]


class TestActions:
    def test_verifier(self, client, monde):
        lieu = monde["lieu_a"]
        client.force_login(monde["gestionnaire"])
        response = client.post(reverse("lieux:verifier", args=[lieu.public_id]))
        assert response.status_code == 302
        lieu.refresh_from_db()
        assert lieu.verified_at is not None
        assert lieu.historique.get(event=LieuEvent.VERIFIED).actor == monde["gestionnaire"]

    def test_verifier_revient_a_la_liste(self, client, monde):
        client.force_login(monde["gestionnaire"])
        response = client.post(
            reverse("lieux:verifier", args=[monde["lieu_a"].public_id]), {"suivant": "/lieux/gestion/?filtre=tous"}
        )
        assert response["Location"] == "/lieux/gestion/?filtre=tous"
        response = client.post(
            reverse("lieux:verifier", args=[monde["lieu_a"].public_id]), {"suivant": "https://ailleurs.example/"}
        )
        assert response["Location"] == reverse("lieux:modifier", args=[monde["lieu_a"].public_id])

    def test_verifier_le_lieu_d_un_autre_404(self, client, monde):
        client.force_login(monde["gestionnaire"])
        assert client.post(reverse("lieux:verifier", args=[monde["lieu_b"].public_id])).status_code == 404

    def test_verifier_en_get_refuse(self, client, monde):
        client.force_login(monde["gestionnaire"])
        assert client.get(reverse("lieux:verifier", args=[monde["lieu_a"].public_id])).status_code == 405

    def test_publier_et_fermer(self, client, monde):
        lieu = LieuFactory(structure=monde["s_a"], commune_ref=monde["angers"])
        client.force_login(monde["gestionnaire"])
        client.post(reverse("lieux:statut", args=[lieu.public_id]), {"statut": "PUBLIE"})
        lieu.refresh_from_db()
        assert lieu.statut == StatutLieu.PUBLIE
        client.post(reverse("lieux:statut", args=[lieu.public_id]), {"statut": "FERME"})
        lieu.refresh_from_db()
        assert lieu.statut == StatutLieu.FERME
        events = list(lieu.historique.filter(event=LieuEvent.STATUS).values_list("details__to", flat=True))
        assert sorted(events) == ["FERME", "PUBLIE"]

    def test_statut_inconnu(self, client, monde):
        client.force_login(monde["gestionnaire"])
        response = client.post(reverse("lieux:statut", args=[monde["lieu_a"].public_id]), {"statut": "SUPPRIME"})
        assert response.status_code == 302
        monde["lieu_a"].refresh_from_db()
        assert monde["lieu_a"].statut == StatutLieu.PUBLIE

    def test_publier_sans_position_refuse_avec_message(self, client, monde):
        lieu = LieuFactory(structure=monde["s_a"], commune_ref=monde["angers"], sans_position=True)
        client.force_login(monde["gestionnaire"])
        response = client.post(reverse("lieux:statut", args=[lieu.public_id]), {"statut": "PUBLIE"}, follow=True)
        assert "Un lieu sans position ne peut pas être publié" in response.content.decode()
        lieu.refresh_from_db()
        assert lieu.statut == StatutLieu.BROUILLON


class TestFusion:
    def test_coordination_compare_puis_fusionne(self, client, monde):
        a, b = monde["lieu_a"], monde["lieu_b"]
        b.telephone = "02 41 00 00 01"
        b.save()
        a.telephone = ""
        a.save()
        client.force_login(monde["coordination"])
        url = reverse("lieux:fusionner")
        response = client.get(url, {"garder": a.public_id, "retirer": b.public_id})
        assert response.status_code == 200
        assert "Ces deux fiches décrivent-elles le même lieu" in response.content.decode()
        response = client.post(url, {"garder": a.public_id, "retirer": b.public_id})
        assert response.status_code == 302
        a.refresh_from_db()
        b.refresh_from_db()
        assert b.statut == StatutLieu.FERME and a.telephone == "02 41 00 00 01"
        assert a.historique.get(event=LieuEvent.MERGED).actor == monde["coordination"]

    def test_gestionnaire_ne_fusionne_pas(self, client, monde):
        client.force_login(monde["gestionnaire"])
        response = client.post(
            reverse("lieux:fusionner"), {"garder": monde["lieu_a"].public_id, "retirer": monde["lieu_b"].public_id}
        )
        assert response.status_code == 403
        monde["lieu_b"].refresh_from_db()
        assert monde["lieu_b"].statut == StatutLieu.PUBLIE

    def test_lieu_hors_territoire_404(self, client, monde):
        ailleurs = LieuFactory(commune_ref=None)
        client.force_login(monde["coordination"])
        response = client.get(
            reverse("lieux:fusionner"), {"garder": monde["lieu_a"].public_id, "retirer": ailleurs.public_id}
        )
        assert response.status_code == 404

    def test_parametres_manquants(self, client, monde):
        client.force_login(monde["coordination"])
        response = client.get(reverse("lieux:fusionner"), {"garder": "pas-un-uuid"})
        assert response.status_code == 302


class TestCreer:
    def test_gestionnaire_cree_un_brouillon_pour_sa_structure(self, client, monde):
        client.force_login(monde["gestionnaire"])
        assert client.get(reverse("lieux:creer")).status_code == 200
        data = edit_data(LieuFactory.build(structure=monde["s_a"]), nom="Nouvel espace", latitude="", longitude="")
        data["services"] = [Service.OUTILS_QUOTIDIEN]
        data["frais_a_charge"] = [Frais.GRATUIT]
        data["modalites_acces"] = [ModaliteAcces.SE_PRESENTER]
        data["h-horaires_expert"] = ""
        response = client.post(reverse("lieux:creer"), data)
        assert response.status_code == 302, response.content.decode()[-2000:]
        lieu = Lieu.objects.get(nom="Nouvel espace")
        assert lieu.statut == StatutLieu.BROUILLON and lieu.structure == monde["s_a"]
        assert lieu.horaires == "Mo-Fr 09:00-12:00,14:00-17:00; PH off"
        assert lieu.position_approximative and lieu.latitude == monde["angers"].latitude
        assert lieu.historique.get(event=LieuEvent.CREATED).actor == monde["gestionnaire"]

    def test_mediateur_ne_cree_pas(self, client, monde):
        client.force_login(monde["mediateur"])
        assert client.get(reverse("lieux:creer")).status_code == 403

    def test_equipe_peut_tout(self, client, monde):
        client.force_login(UserFactory(staff=True))
        assert client.get(reverse("lieux:modifier", args=[monde["lieu_b"].public_id])).status_code == 200


class TestFilDAriane:
    """Les pages d'un lieu et de sa gestion disent où l'on est et offrent le niveau au-dessus."""

    @pytest.mark.parametrize(
        "page, parent, courant",
        [
            ("detail", ("lieux:recherche", "Trouver un lieu"), "Lieu de A"),
            ("modifier", ("lieux:gestion", "Mes lieux"), "Lieu de A"),
            ("creer", ("lieux:gestion", "Mes lieux"), "Nouveau lieu"),
            ("importer", ("lieux:gestion", "Mes lieux"), "Importer un fichier"),
        ],
    )
    def test_fil_d_ariane(self, client, monde, page, parent, courant):
        client.force_login(monde["coordination"] if page == "importer" else monde["gestionnaire"])
        args = [monde["lieu_a"].public_id] if page in ("detail", "modifier") else []
        response = client.get(reverse(f"lieux:{page}", args=args))
        assert response.status_code == 200
        html = response.content.decode()
        assert f'<a class="fr-breadcrumb__link" href="{reverse(parent[0])}">{parent[1]}</a>' in html
        assert f'<a class="fr-breadcrumb__link" aria-current="page">{courant}</a>' in html
