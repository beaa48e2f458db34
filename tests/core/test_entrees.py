"""Caractères impossibles à l'entrée (caractère nul, caractères de contrôle, moitiés de caractère) : jamais une 500.

PostgreSQL refuse U+0000 dans un texte : sans contrôle à l'entrée, un `?q=%00` finissait en erreur 500 au moment
de la requête SQL. Ces tests parcourent toutes les adresses du projet (pages et API) avec ces caractères dans
chaque paramètre connu ; ils tournent sur SQLite et sur PostgreSQL (c'est là que le caractère nul casse).
"""

import html
import json
import re
import uuid
from pathlib import Path

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import URLResolver, get_resolver

from maillage.comptes.enums import Role
from maillage.core.validators import refuse_caracteres_interdits
from tests.comptes.factories import MembershipFactory, StructureFactory, UserFactory

MIDDLEWARE = "maillage.core.validators.CaracteresInterditsMiddleware"
ROOT = Path(__file__).resolve().parents[2]
NUL = "\x00"
MOITIE = "%ED%A0%80"  # U+D800 encodé comme le ferait un client fautif (WTF-8) : octets invalides en UTF-8
MESSAGE = "caractère invisible non autorisé"


@pytest.fixture(autouse=True)
def _controle_actif(settings):
    """Le contrôle doit être dans MIDDLEWARE (voir test_le_controle_est_dans_les_reglages) ; on l'y met ici pour
    tester le comportement même si la ligne manque encore dans config/settings/base.py."""
    if MIDDLEWARE not in settings.MIDDLEWARE:
        middleware = list(settings.MIDDLEWARE)
        middleware.insert(middleware.index("axes.middleware.AxesMiddleware"), MIDDLEWARE)
        settings.MIDDLEWARE = middleware


@pytest.fixture
def tous_les_roles():
    """Une personne qui a tous les rôles (et l'administration) : les paramètres atteignent toutes les vues."""
    structure = StructureFactory()
    user = UserFactory(staff=True)
    for role in Role.values:
        MembershipFactory(user=user, structure=structure, role=role)
    return user


def test_le_controle_est_dans_les_reglages():
    from config.settings import base

    middleware = base.MIDDLEWARE  # les réglages du fichier, pas ceux que la fixture ci-dessus complète
    assert MIDDLEWARE in middleware, "ajouter CaracteresInterditsMiddleware à MIDDLEWARE (config/settings/base.py)"
    # Après l'authentification et les messages (la page d'erreur utilise le gabarit commun), avant axes.
    assert middleware.index("django.contrib.messages.middleware.MessageMiddleware") < middleware.index(MIDDLEWARE)
    assert middleware.index(MIDDLEWARE) < middleware.index("axes.middleware.AxesMiddleware")


class TestValidateur:
    @pytest.mark.parametrize(
        "value,decrit",
        [
            ("a\x00b", "U+0000, caractère nul"),
            ("\ud800", "U+D800, moitié de caractère mal encodée"),
            ("\udfff", "U+DFFF, moitié de caractère mal encodée"),
            ("ligne\x0bligne", "U+000B, tabulation verticale"),
            ("\x0c", "U+000C, saut de page"),
            ("\x1b[31m", "U+001B, échappement"),
            ("\x01", "U+0001, caractère de contrôle"),
            ("\x1f", "U+001F, caractère de contrôle"),
        ],
    )
    def test_refuse_avec_un_message_en_francais(self, value, decrit):
        with pytest.raises(ValidationError) as exc:
            refuse_caracteres_interdits(value)
        assert exc.value.messages == [
            f"Ce champ contient un caractère invisible non autorisé ({decrit}). Retirez-le et réessayez."
        ]
        assert exc.value.error_list[0].code == "caractere_interdit"

    @pytest.mark.parametrize(
        "value", ["", "Tabulation\tretour\nchariot\r", "Élodie « accents » — € 😀", "\x7f", "\ufffd", None, 12]
    )
    def test_laisse_passer_le_reste(self, value):
        refuse_caracteres_interdits(value)

    def test_utilisable_dans_un_formulaire(self):
        class Formulaire(forms.Form):
            nom = forms.CharField(validators=[refuse_caracteres_interdits])

        form = Formulaire({"nom": "Jean\x0bDupont"})
        assert not form.is_valid()
        assert "tabulation verticale" in form.errors["nom"][0]


class TestPages:
    def test_parametre_d_url_refuse_en_francais(self, client):
        response = client.get("/lieux/", {"q": "mairie\x00"})
        assert response.status_code == 400
        page = response.content.decode()
        assert "Le paramètre « q » contient un caractère invisible non autorisé (U+0000, caractère nul)" in page
        assert "<h1>Saisie refusée</h1>" in page and 'lang="fr"' in page

    def test_champ_de_formulaire_refuse_avant_la_vue(self, client):
        # La connexion : axes n'enregistre pas de tentative, aucune requête SQL avec le caractère nul.
        response = client.post("/comptes/connexion/", {"username": "a\x00@exemple.fr", "password": "x"})
        assert response.status_code == 400
        assert "Le champ « username » contient un caractère invisible non autorisé" in response.content.decode()

    def test_tabulation_verticale_collee_depuis_un_traitement_de_texte(self, client, tous_les_roles):
        client.force_login(tous_les_roles)
        response = client.post("/accompagnements/personnes/nouvelle/", {"prenom": "Jean\x0bMarie"})
        assert response.status_code == 400
        assert "« prenom »" in response.content.decode() and "tabulation verticale" in response.content.decode()

    def test_nom_de_parametre_fautif(self, client):
        response = client.get("/lieux/?q%00=mairie")
        assert response.status_code == 400
        assert "« q&lt;U+0000&gt; »" in response.content.decode()

    def test_adresse_de_la_page(self, client):
        # <str:token> : le jeton irait tel quel dans une requête SQL.
        response = client.get("/comptes/invitation/abc%00def/")
        assert response.status_code == 400
        assert "L'adresse de la page contient un caractère invisible non autorisé" in html.unescape(
            response.content.decode()
        )

    def test_adresse_json_repond_en_json(self, client):
        response = client.get("/lieux/carte.json", {"q": "\x00"})
        assert response.status_code == 400
        assert response.json() == {
            "erreur": "Le paramètre « q » contient un caractère invisible non autorisé (U+0000, caractère nul). "
            "Retirez-le et réessayez."
        }

    def test_tabulation_et_retour_a_la_ligne_restent_permis(self, client):
        assert client.get("/lieux/", {"q": "mairie\tangers\r\n"}).status_code == 200


# — Toutes les adresses du projet —


def _adresses():
    """(chemin d'exemple, motif) pour chaque adresse du projet hors API ; les paramètres de chemin sont remplis
    d'une valeur plausible (uuid inconnu, entier, texte)."""
    exemples = {"uuid": str(uuid.UUID(int=1)), "int": "1", "path": "1", "slug": "x", "str": "x", "": "x"}

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern)

    for motif in walk(get_resolver().url_patterns):
        if motif.startswith("api/") or "^" in motif or "(?P" in motif:
            continue  # l'API a son propre parcours ; les motifs en regex (admin par application) sont couverts
        if motif.startswith("admin/") and re.search(r"<path:object_id>/(history|delete|change)/$", motif):
            continue  # admin : la liste et la fiche de chaque modèle suffisent (mêmes vues pour tous)
        yield re.sub(r"<(?:(\w+):)?\w+>", lambda m: exemples.get(m.group(1) or "", "x"), "/" + motif)


def _parametres_get() -> list[str]:
    """Les paramètres d'URL que lit le code (request.GET.get("…")), ceux des formulaires remplis depuis l'URL, et
    ceux de l'admin (recherche, tri, page)."""
    from maillage.lieux.forms import FusionForm, RechercheForm

    noms = {"page", "q", "o", "p", "e", "_changelist_filters", "_popup", "next", "besoins", "lieu"}
    for fichier in (ROOT / "maillage").rglob("*.py"):
        noms |= set(re.findall(r"""GET\.get\(\s*["'](\w+)""", fichier.read_text(encoding="utf-8")))
    noms |= set(RechercheForm.base_fields) | set(FusionForm.base_fields)
    return sorted(noms)


def _champs_de_formulaires() -> list[str]:
    """Les noms de champ de tous les formulaires du projet."""
    import maillage.accompagnements.forms
    import maillage.comptes.forms
    import maillage.lieux.forms
    import maillage.orientations.forms
    import maillage.pass_numerique.forms  # noqa: F401

    def sous_classes(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from sous_classes(sub)

    noms = set()
    for cls in sous_classes(forms.BaseForm):
        if cls.__module__.startswith("maillage."):
            noms |= set(getattr(cls, "base_fields", {}))
    return sorted(noms)


ADRESSES = sorted(set(_adresses()))
PARAMETRES = _parametres_get()


def test_le_parcours_voit_tout_le_projet():
    assert {"/lieux/", "/orientations/recues/", "/admin/comptes/user/", "/comptes/invitation/x/"} <= set(ADRESSES)
    assert {"q", "statut", "structure", "du", "au", "filtre", "rayon_km", "besoins"} <= set(PARAMETRES)


# L'admin de django-dsfr (DsfrConfig) a un URLField : avertissement Django 6.0 tant que FORMS_URLFIELD_ASSUME_HTTPS
# n'est pas réglé ; filterwarnings=error en ferait une 500 de test sans rapport avec les caractères.
SANS_AVERTISSEMENT_URLFIELD = pytest.mark.filterwarnings(
    "ignore:The default scheme will be changed:DeprecationWarning"
)


@SANS_AVERTISSEMENT_URLFIELD
@pytest.mark.parametrize("adresse", ADRESSES)
def test_chaque_parametre_de_chaque_adresse(client, tous_les_roles, adresse):
    """Caractère nul dans chaque paramètre : 400 qui nomme le paramètre. Moitiés de caractère et caractère de
    contrôle dans tous à la fois : jamais une 500."""
    client.force_login(tous_les_roles)
    for nom in PARAMETRES:
        # Accept JSON : la même vérification, sans le coût du gabarit à chaque paramètre.
        response = client.get(adresse, {nom: f"a{NUL}b"}, HTTP_ACCEPT="application/json")
        assert response.status_code == 400, (adresse, nom, response.status_code)
        assert f"Le paramètre « {nom} » contient un {MESSAGE}" in response.json()["erreur"]
    page = client.get(adresse, {PARAMETRES[0]: NUL})
    assert page.status_code == 400 and MESSAGE in _texte(page)
    query = "&".join(f"{nom}={MOITIE}" for nom in PARAMETRES)
    assert client.get(f"{adresse}?{query}").status_code < 500, adresse
    controle = client.get(adresse, dict.fromkeys(PARAMETRES, "\x1b"))
    assert controle.status_code == 400 and "U+001B" in _texte(controle)
    client.logout()
    assert client.get(adresse, {"q": NUL}).status_code == 400  # sans compte aussi, avant toute redirection


def _texte(response) -> str:
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return html.unescape(response.content.decode())


@SANS_AVERTISSEMENT_URLFIELD
@pytest.mark.parametrize("adresse", ADRESSES)
def test_chaque_formulaire_envoye(client, tous_les_roles, adresse):
    """Caractère nul dans tous les champs de formulaire connus, envoyés à chaque adresse : 400 avant la vue."""
    client.force_login(tous_les_roles)
    champs = _champs_de_formulaires()
    response = client.post(adresse, dict.fromkeys(champs, NUL), HTTP_ACCEPT="application/json")
    assert response.status_code == 400, (adresse, response.status_code)
    assert MESSAGE in response.json()["erreur"]
    corps = "&".join(f"{nom}={MOITIE}" for nom in champs[:20])
    # Moitié de caractère dans un formulaire : Django la décode en U+FFFD, texte permis ; seulement : pas de 500.
    assert client.post(adresse, corps, content_type="application/x-www-form-urlencoded").status_code < 500


@pytest.mark.parametrize("adresse", ["/comptes/invitation/{}/", "/accompagnements/avis/{}/", "/lieux/{}/"])
@pytest.mark.parametrize("valeur", ["%00", "a%00b", "%1B", MOITIE])
def test_parametre_de_chemin(client, adresse, valeur):
    response = client.get(adresse.format(valeur))
    assert response.status_code < 500
    if valeur != MOITIE:
        assert response.status_code == 400 and MESSAGE in _texte(response)


# — API —


def _operations():
    """(méthode, chemin, opération OpenAPI) pour chaque point d'entrée de l'API."""
    from maillage.api.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1")
    for chemin, methodes in schema["paths"].items():
        for methode, operation in methodes.items():
            yield methode, chemin, operation, schema


def _chemin(chemin: str) -> str:
    return re.sub(r"\{\w+\}", str(uuid.UUID(int=1)), chemin)


def _champs_du_corps(operation, schema) -> list[str]:
    contenu = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    ref = contenu.get("schema", {}).get("$ref", "")
    if not ref:
        return []
    return list(schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]["properties"])


OPERATIONS = [(m, c) for m, c, _o, _s in _operations()]


def test_le_parcours_voit_toute_l_api():
    assert ("get", "/api/v1/lieux") in OPERATIONS and ("post", "/api/v1/pass/encaissements") in OPERATIONS


@pytest.mark.parametrize("methode,chemin", OPERATIONS)
def test_chaque_parametre_de_l_api(client, tous_les_roles, methode, chemin):
    [(operation, schema)] = [(o, s) for m, c, o, s in _operations() if (m, c) == (methode, chemin)]
    client.force_login(tous_les_roles)
    url = _chemin(chemin)
    appel = getattr(client, methode)
    for parametre in operation.get("parameters", []):
        if parametre["in"] != "query":
            continue
        nom = parametre["name"]
        for valeur, decrit in ((NUL, "U+0000, caractère nul"), ("\x0b", "U+000B, tabulation verticale")):
            response = appel(f"{url}?{nom}={_pct(valeur)}")
            _assert_refus_422(response, nom, decrit)
        assert appel(f"{url}?{nom}={MOITIE}").status_code < 500
    for nom in _champs_du_corps(operation, schema):
        for valeur, decrit in ((NUL, "U+0000, caractère nul"), ("\ud800", "U+D800, moitié de caractère mal encodée")):
            corps = json.dumps({nom: f"a{valeur}b"})  # ensure_ascii : "\u0000", "\ud800", comme un client JSON
            response = appel(url, corps, content_type="application/json")
            _assert_refus_422(response, nom, decrit)


def _pct(valeur: str) -> str:
    return "".join(f"%{b:02X}" for b in valeur.encode())


def _assert_refus_422(response, nom, decrit):
    assert response.status_code == 422, (nom, response.status_code, response.content)
    data = response.json()
    assert data["motif"] == "PARAMETRES_INVALIDES"
    assert data["erreurs"] == [
        {
            "champ": nom,
            "message": f"Contient un caractère invisible non autorisé ({decrit}). Retirez-le et réessayez.",
            "regle": "caractere_interdit",
        }
    ]
    assert data["message"].startswith(f"Paramètre refusé : {nom} (contient un caractère invisible")


def test_api_corps_imbrique_et_cles(client, tous_les_roles):
    client.force_login(tous_les_roles)
    corps = '{"code": "x", "lieu": "00000000-0000-0000-0000-000000000001", "service": "x", "extra": ["ok", "\\u0000"]}'
    response = client.post("/api/v1/pass/encaissements", corps, content_type="application/json")
    assert response.status_code == 422 and response.json()["erreurs"][0]["champ"] == "extra.1"
    corps = '{"co\\u0000de": "x"}'
    response = client.post("/api/v1/pass/encaissements", corps, content_type="application/json")
    assert response.status_code == 422 and response.json()["erreurs"][0]["champ"] == "co<U+0000>de"
