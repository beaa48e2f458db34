"""Les pages de l'observatoire : index des EPCI, panneau d'une commune et d'un EPCI (indicateurs avec année, source,
méthode et médiane du département, offre, activité masquée sous 5), dépôt d'un CSV ; 404 hors de la coordination
du territoire ; l'entrée du menu pour la seule coordination."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.core.navigation import navigation_for
from maillage.observatoire.models import Indicateur
from tests.accompagnements.factories import AccompagnementFactory
from tests.lieux.factories import ArretFactory, LieuFactory
from tests.observatoire.conftest import ANGERS_LOIRE, CHOLET
from tests.orientations.factories import OrientationFactory

ANGERS = reverse("observatoire:commune", args=["49007"])
EPCI_ANGERS = reverse("observatoire:epci", args=[ANGERS_LOIRE])


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_index_liste_les_epci_du_territoire(client, coordinateur, charge):
    r = _get(client, coordinateur, reverse("observatoire:index"))
    html = r.content.decode()
    assert r.status_code == 200
    assert "Angers Loire Métropole" in html and "CA Saumur Val de Loire" in html
    assert "CA du Choletais" not in html  # hors du territoire
    assert f'href="{EPCI_ANGERS}?territoire=anjou-test"' in html
    assert "Indice de fragilité numérique (score global) (2020)" in html


def test_panneau_commune_indicateurs_offre_activite(client, coordinateur, charge, communes_49, structure):
    angers = communes_49["49007"]
    LieuFactory(published=True, commune_ref=angers, horaires="Mo-Sa 09:00-12:00", accepte_pass=True)
    LieuFactory(published=True, commune_ref=angers)  # du lundi au vendredi
    LieuFactory(commune_ref=angers)  # brouillon : ne compte pas
    ArretFactory(commune=angers)
    for _ in range(6):
        AccompagnementFactory(structure=structure, commune=angers)
    AccompagnementFactory(structure=structure, commune=angers, date=timezone.localdate() - datetime.timedelta(400))
    for _ in range(2):
        OrientationFactory(personne_commune=angers)
    r = _get(client, coordinateur, ANGERS)
    assert r.status_code == 200
    html = r.content.decode()
    # L'indice avec sa valeur, son année, sa source, sa méthode, et la médiane du département.
    assert "Indice de fragilité numérique (score global)" in html and "129,35" in html
    assert "La MedNum et ANSA, 2020" in html and "Méthode" in html
    assert "Au-dessus de la médiane du département" in html
    assert "plus la valeur est haute, plus la fragilité est grande".capitalize() in html
    # L'offre à côté.
    assert "2 lieux publiés" in html and "1 ouvert samedi prochain" in html and "1 accepte le Pass" in html
    assert "2 ouverts dans les 7 prochains jours" in html or "1 ouvert dans les 7 prochains jours" in html
    assert "1 arrêt de lieux itinérants" in html
    # L'activité des 12 derniers mois : 6 séances (la 7e a plus d'un an), 2 orientations masquées.
    assert "Séances d'accompagnement : 6" in html
    assert "Orientations de personnes de la commune : &lt; 5" in html


def test_mediane_du_departement(client, coordinateur, charge):
    from maillage.observatoire import selectors

    lignes = {lg.indicateur.code: lg for lg in selectors.indicateurs(coordinateur.memberships.get().territoire,
                                                                     ["49007"], "49")}  # fmt: skip
    ifn = lignes["ifn-score-global"]
    assert ifn.n_departement == 171 and ifn.mediane_departement is not None
    assert ifn.mediane_departement < ifn.valeur and ifn.ecart == "au-dessus de la médiane du département"


def test_panneau_epci_tableau_des_communes(client, coordinateur, charge):
    r = _get(client, coordinateur, EPCI_ANGERS)
    assert r.status_code == 200
    html = r.content.decode()
    assert "Angers Loire Métropole" in html and "27 communes" in html
    assert "médiane des communes de l'intercommunalité" in html
    assert f'href="{ANGERS}?territoire=anjou-test"' in html and "Trélazé" in html
    assert "Séances d'accompagnement : 0" in html


@pytest.mark.parametrize("url", [ANGERS, EPCI_ANGERS])
def test_hors_coordination_404(client, url, charge, financeur, mediateur, coordinateur_autre):
    for user in (financeur, mediateur, coordinateur_autre):
        assert _get(client, user, url).status_code == 404


def test_commune_ou_epci_hors_territoire_404(client, coordinateur, charge):
    assert _get(client, coordinateur, reverse("observatoire:commune", args=["49099"])).status_code == 404
    assert _get(client, coordinateur, reverse("observatoire:epci", args=[CHOLET])).status_code == 404
    assert _get(client, coordinateur, reverse("observatoire:commune", args=["00000"])).status_code == 404
    assert _get(client, coordinateur, reverse("observatoire:epci", args=["abc"])).status_code == 404
    assert _get(client, coordinateur, ANGERS + "?territoire=mauges-test").status_code == 404


def test_sans_compte_renvoie_a_la_connexion(client):
    assert client.get(ANGERS).status_code == 302


def test_menu_pour_la_seule_coordination(coordinateur, financeur, mediateur):
    def labels(user):
        return [e["label"] for e in navigation_for(user)]

    assert "Observatoire" in labels(coordinateur)
    assert "Observatoire" not in labels(financeur) and "Observatoire" not in labels(mediateur)


def test_depot_par_la_page(client, coordinateur, territoire):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(coordinateur)
    url = reverse("observatoire:deposer") + "?territoire=anjou-test"
    assert client.get(url).status_code == 200
    data = {
        "libelle": "Part des allocataires",
        "unite": "%",
        "methode": "",
        "sens": "haut",
        "territoire": "anjou-test",
    }
    mauvais = SimpleUploadedFile("i.csv", b"code_insee;valeur;annee;source\n49007;x;2024;CAF\n")
    r = client.post(url, {**data, "fichier": mauvais})
    html = r.content.decode()
    assert r.status_code == 200 and "Le fichier n'a pas été chargé : une erreur est à corriger" in html
    assert "Ligne 2, colonne « valeur »" in html and not Indicateur.objects.exists()
    bon = SimpleUploadedFile("i.csv", b"code_insee;valeur;annee;source\n49007;4,5;2024;CAF\n")
    r = client.post(url, {**data, "fichier": bon}, follow=True)
    assert "Indicateur « Part des allocataires » chargé : 1 valeur ajoutée" in r.content.decode()
    r = client.get(ANGERS)
    assert "Part des allocataires" in r.content.decode() and "4,50 %" in r.content.decode()


def test_depot_refuse_hors_coordination(client, financeur, coordinateur_autre):
    url = reverse("observatoire:deposer") + "?territoire=anjou-test"
    assert _get(client, financeur, url).status_code == 403  # ne coordonne rien
    assert _get(client, coordinateur_autre, url).status_code == 404


@pytest.mark.parametrize("n, attendu", [(0, 0), (1, "< 5"), (4, "< 5"), (5, 5), (7, 7)])
def test_activite_masquee_sous_5(communes_49, structure, n, attendu):
    from maillage.observatoire import selectors

    angers = communes_49["49007"]
    for _ in range(n):
        AccompagnementFactory(structure=structure, commune=angers)
        OrientationFactory(personne_commune=angers)
    a = selectors.activite(["49007"], timezone.localdate())
    assert a["seances"] == attendu and a["personnes"] == attendu and a["orientations"] == attendu


def test_panneau_departement_et_territoire(client, coordinateur, coordinateur_autre, charge, communes_49):
    LieuFactory(published=True, commune_ref=communes_49["49007"])
    client.force_login(coordinateur)
    dep = reverse("observatoire:departement", args=["49"])
    html = client.get(dep).content.decode()
    assert "Département (49), 55 communes dans Anjou test" in html
    assert "médiane des communes du département dans le territoire" in html
    assert "Angers Loire Métropole" in html and "CA du Choletais" not in html  # ses EPCI dans le territoire
    assert "L'offre comparée au département" in html.replace("&#x27;", "'") and "Ce qu'on voit sur le terrain" in html
    assert "1 lieu publié" in html and "Séances d'accompagnement" in html
    hub = client.get(reverse("observatoire:territoire", args=["anjou-test"])).content.decode()
    assert "Territoire de coordination, 55 communes" in hub and "médiane des communes du territoire" in hub
    assert f'href="{dep}?territoire=anjou-test"' in hub  # ses départements
    index = client.get(reverse("observatoire:index")).content.decode()
    assert f'href="{dep}?territoire=anjou-test"' in index
    assert 'href="/observatoire/territoires/anjou-test/"' in index
    # Un territoire que l'on ne coordonne pas, un département hors de tout territoire coordonné : 404.
    assert client.get(reverse("observatoire:territoire", args=["mauges-test"])).status_code == 404
    assert client.get(reverse("observatoire:departement", args=["75"])).status_code == 404
    assert client.get(dep, {"territoire": "mauges-test"}).status_code == 404
    client.force_login(coordinateur_autre)
    assert client.get(reverse("observatoire:territoire", args=["anjou-test"])).status_code == 404


def test_epci_a_cheval_compare_au_departement_majoritaire(client, coordinateur, charge, communes_49):
    from maillage.core.models import Commune, Departement
    from maillage.observatoire.selectors import departement_majoritaire

    communes = list(Commune.objects.filter(epci_code=ANGERS_LOIRE).select_related("departement"))
    assert departement_majoritaire(communes).code == "49"
    autre = Departement.objects.create(code="53", nom="Mayenne")
    communes[0].departement = autre
    assert departement_majoritaire(communes).code == "49"
    assert departement_majoritaire([communes[0]]).code == "53"


def test_activite_resultats_voix_refus_faute_de_place_et_delais(communes_49, structure):
    """La demande d'une commune (issue 15, point 3) : résultats, voix des personnes, refus faute de place, délais
    médians ; parts et délais masqués sous 5 comme les effectifs."""
    from maillage.accompagnements.models import ReponseQuestionnaire
    from maillage.observatoire import selectors
    from maillage.orientations.enums import MotifRefus, Resultat, StatutOrientation

    angers = communes_49["49007"]
    maintenant = timezone.now()
    resultats = [Resultat.RESOLU] * 7 + [Resultat.NON] * 5 + [Resultat.SANS_OBJET] * 2
    for i, resultat in enumerate(resultats):
        seance = AccompagnementFactory(structure=structure, commune=angers, resultat=resultat)
        if i < 12:
            ReponseQuestionnaire.objects.create(accompagnement=seance, regle="OUI", capable="OUI",
                                                aise="OUI" if i < 7 else "NON")  # fmt: skip
    # 6 orientations refusées faute de place en 2 jours, 1 pour une autre raison ; 5 closes en 10 jours.
    for jours, motif in [(2, MotifRefus.COMPLET)] * 6 + [(1, MotifRefus.HORS_SERVICES)]:
        o = OrientationFactory(personne_commune=angers, statut=StatutOrientation.REFUSEE, motif_refus=motif)
        o.created_at, o.answered_at = maintenant - datetime.timedelta(days=jours), maintenant
        o.save()
    for _ in range(5):
        o = OrientationFactory(personne_commune=angers, close=True)
        o.created_at = maintenant - datetime.timedelta(days=10)
        o.save()
    a = selectors.activite(["49007"], timezone.localdate())
    assert a["seances"] == 14 and a["resultats_renseignes"] == 12 and a["part_resolu"] == "58 %"
    assert a["reponses_aise"] == 12 and a["part_plus_a_l_aise"] == "58 %"
    assert a["orientations"] == 12 and a["orientations_refusees"] == 7 and a["refusees_faute_de_place"] == 6
    assert a["orientations_closes"] == 5
    # Réponses : 7 refus (2 jours ×6, 1 jour) et 5 clôtures répondues le jour même de la clôture (10 jours).
    assert a["delai_reponse"] == "2 jours" and a["delai_cloture"] == "10 jours"
    assert a["cheques_pass"] == 0
    # Sous 5 : effectifs « < 5 », parts et délais « — ».
    b = selectors.activite(["49007"], timezone.localdate() + datetime.timedelta(days=366))
    assert b["orientations"] == 0 and b["delai_reponse"] == "—" and b["part_resolu"] == "—"
