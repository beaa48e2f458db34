"""Le kit commun de `core` : une règle par besoin (communes, exports, petits effectifs, pagination, menu)."""

import csv
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from maillage.comptes.enums import Role
from maillage.core.communes import CommuneAmbigue, CommuneIndex, resolve_commune, search_communes
from maillage.core.exports import csv_response, tabular_response, xlsx_response
from maillage.core.masquage import MASQUE, SEUIL, masque, masque_part
from maillage.core.pagination import paginate
from tests.comptes.factories import TerritoireFactory, user_with_role
from tests.core.factories import CommuneFactory, DepartementFactory

# — Communes —


@pytest.fixture
def allonnes_72(communes_49):
    """Homonyme réel d'Allonnes (49) dans la Sarthe, plus peuplé."""
    return CommuneFactory(
        code_insee="72003", nom="Allonnes", departement=DepartementFactory(code="72", nom="Sarthe"),
        codes_postaux=["72700"], population=11000,
    )  # fmt: skip


class TestResolveCommune:
    @pytest.mark.parametrize(
        ("typed", "code"),
        [
            ("Angers", "49007"),
            ("angers", "49007"),
            ("  ANGERS ", "49007"),
            ("Angers (49000)", "49007"),
            ("49000 Angers", "49007"),
            ("49100", "49007"),  # code postal
            ("49007", "49007"),  # code INSEE (aucune commune n'a ce code postal)
            ("Saint-Barthélemy-d'Anjou", "49267"),
            ("saint barthelemy d anjou", "49267"),
            ("les ponts de ce", "49246"),
        ],
    )
    def test_saisies_comme_les_gens_tapent(self, communes_49, typed, code):
        assert resolve_commune(typed).code_insee == code

    def test_inconnue_message_en_francais(self, communes_49):
        with pytest.raises(ValidationError) as exc:
            resolve_commune("Atlantis")
        assert exc.value.messages == [
            "Nous ne trouvons pas la commune « Atlantis ». Vérifiez l'orthographe ou tapez le code postal."
        ]

    @pytest.mark.parametrize("typed", ["", "   ", "%%%", "--"])
    def test_rien_a_chercher(self, communes_49, typed):
        with pytest.raises(ValidationError):
            resolve_commune(typed)

    def test_homonymes_jamais_choisis_a_la_place_de_la_personne(self, allonnes_72):
        with pytest.raises(CommuneAmbigue) as exc:
            resolve_commune("Allonnes")
        message = exc.value.messages[0]
        assert message.startswith("Plusieurs communes correspondent à « Allonnes ». Précisez : ")
        assert "Allonnes (72700)" in message and "Allonnes (49650)" in message
        assert [c.code_insee for c in exc.value.candidates] == ["72003", "49002"]  # les plus peuplées d'abord

    def test_au_plus_cinq_candidates_citees(self, communes_49):
        with pytest.raises(CommuneAmbigue) as exc:
            resolve_commune("Saint")
        message = exc.value.messages[0]
        assert message.count("(49") == 5 and "…" in message

    def test_le_code_postal_leve_l_ambiguite(self, allonnes_72):
        assert resolve_commune("Allonnes (49650)").code_insee == "49002"
        assert resolve_commune("Allonnes 72700").code_insee == "72003"

    def test_les_communes_du_territoire_passent_devant(self, allonnes_72, communes_49):
        anjou = TerritoireFactory(communes=list(communes_49.values()))
        assert resolve_commune("Allonnes", territoire=anjou).code_insee == "49002"

    def test_le_territoire_est_une_preference_pas_un_filtre(self, allonnes_72, communes_49):
        anjou = TerritoireFactory(communes=[communes_49["49007"]])
        # Aucune candidate dans le territoire : la question reste posée, rien n'est choisi au hasard.
        with pytest.raises(CommuneAmbigue):
            resolve_commune("Allonnes", territoire=anjou)
        # Une seule commune possible hors du territoire : elle est acceptée (on peut habiter ailleurs).
        assert resolve_commune("Cholet", territoire=anjou).code_insee == "49099"

    def test_le_territoire_tranche_meme_entre_beaucoup_de_candidates(self, communes_49):
        # La moins peuplée des « Saint… » n'est pas parmi les 5 citées, mais c'est la seule du territoire.
        saints = sorted(
            (c for c in communes_49.values() if c.search_text.startswith("saint")), key=lambda c: c.population
        )
        territoire = TerritoireFactory(communes=[saints[0]])
        assert resolve_commune("Saint", territoire=territoire) == saints[0]

    def test_search_communes_territoire_d_abord(self, allonnes_72, communes_49):
        anjou = TerritoireFactory(communes=[communes_49["49002"]])
        # Sans territoire : les départements de l'instance d'abord (MAILLAGE_DEPARTEMENTS, 49 ici).
        assert [c.code_insee for c in search_communes("allonnes")] == ["49002", "72003", "49041"]
        assert [c.code_insee for c in search_communes("allonnes", prefere=["72"])] == ["72003", "49002", "49041"]
        assert [c.code_insee for c in search_communes("allonnes", territoire=anjou)] == ["49002", "72003", "49041"]
        assert [c.code_insee for c in search_communes("allonnes", departement="49")] == ["49002", "49041"]
        assert len(search_communes("saint", limit=3)) == 3

    def test_search_communes_prefere_le_territoire_et_reste_ouverte(self, communes_49):
        """« Ange » en Maine-et-Loire : Angers d'abord, même devant une commune plus peuplée d'ailleurs ; le début du
        nom passe avant un mot du nom ; une commune d'ailleurs reste proposée."""
        loin = CommuneFactory(code_insee="99001", nom="Angeville", population=900_000,
                              departement=DepartementFactory(code="99"))  # fmt: skip
        noms = [c.nom for c in search_communes("Ange")]
        assert noms[0] == "Angers"
        assert loin.nom in noms
        assert [c.nom for c in search_communes("Ange", prefere=["99"])][0] == "Angeville"
        assert [c.nom for c in search_communes("angeville")] == ["Angeville"]


class TestCommuneIndex:
    """Pour les imports : même règle, en mémoire."""

    def test_meme_regle_en_colonnes(self, allonnes_72):
        index = CommuneIndex()
        assert index.resolve("49007", "", "") == "49007"
        assert index.resolve("", "49650", "ALLONNES") == "49002"
        assert index.resolve("", "72700", "") == "72003"  # seule commune de ce code postal
        assert index.resolve("", "", "Allonnes") is None  # homonymes : jamais choisi au hasard
        assert index.resolve("99999", "00000", "Atlantis") is None
        assert index.by_insee["49007"][0] is not None


# — Exports —

DANGEREUSES = ["=1+1", "+33 6 00", "-2+3", "@SUM(A1)", '=HYPERLINK("http://x")', "|calc"]


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8")
    return response.content.decode("utf-8")


class TestExports:
    @pytest.mark.parametrize("rows_as", [list, iter])
    def test_csv_sans_formule(self, rows_as):
        rows = [[v, 3] for v in DANGEREUSES]
        response = csv_response(filename="essai", header=["Valeur", "N"], rows=rows_as(rows))
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="essai.csv"'
        assert getattr(response, "streaming", False) is (rows_as is iter)
        text = _body(response)
        assert text.startswith("\ufeff")
        lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
        assert lines[0] == ["Valeur", "N"]
        for line in lines[1:]:
            assert line[0][0] == "'", line  # l'apostrophe fait lire la cellule comme du texte
            assert line[1] == "3"

    def test_nombres_negatifs_restent_des_nombres(self):
        text = _body(csv_response(filename="x", header=[], rows=[[-3, "-4.5"]]))
        assert text.lstrip("\ufeff").strip() == "-3;-4.5"

    def test_xlsx_sans_formule_et_nombres_intacts(self):
        response = xlsx_response(filename="essai", header=["Valeur", "N"], rows=[[v, 3] for v in DANGEREUSES])
        assert response["Content-Disposition"] == 'attachment; filename="essai.xlsx"'
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        sheet = book.active
        values = list(sheet.iter_rows(values_only=True))
        assert values[0] == ("Valeur", "N")
        for (texte, n), attendu in zip(values[1:], DANGEREUSES, strict=True):
            assert texte == attendu and n == 3
        for row in sheet.iter_rows(min_row=2):
            assert row[0].data_type == "s"  # une chaîne, pas une formule (« f »)

    def test_format_inconnu_404(self):
        from django.http import Http404

        with pytest.raises(Http404):
            tabular_response(fmt="pdf", filename="x", header=[], rows=[])

    def test_nom_de_fichier_sans_caractere_dangereux(self):
        response = tabular_response(fmt="csv", filename='a"b\r\nc é', header=[], rows=[])
        assert response["Content-Disposition"] == 'attachment; filename="a-b-c.csv"'


# — Petits effectifs —


class TestMasquage:
    def test_valeurs(self):
        assert [masque(n) for n in range(7)] == [0, MASQUE, MASQUE, MASQUE, MASQUE, 5, 6]
        assert masque_part(5, 10) == "50 %"
        assert masque_part(0, 10) == "0 %"
        assert masque_part(3, 10) == "—"  # la part
        assert masque_part(3, 4) == "—"  # le total
        assert masque_part(97, 100) == "—"  # le reste : 3 autres
        assert masque_part(5, 0) == "—"

    @given(part=st.integers(min_value=0, max_value=10_000), extra=st.integers(min_value=0, max_value=10_000))
    def test_aucune_sortie_ne_revele_un_effectif_de_1_a_4(self, part, extra):
        total = part + extra
        shown_part, shown_total, shown_rest = masque(part), masque(total), masque(extra)
        for n, shown in ((part, shown_part), (total, shown_total), (extra, shown_rest)):
            assert not (0 < n < SEUIL and shown != MASQUE)
        pct = masque_part(part, total)
        if pct.endswith(" %"):
            # Un pourcentage visible ne vient que d'effectifs tous visibles : avec le total affiché,
            # il ne permet de retrouver ni la part ni le reste.
            assert shown_part == part and shown_total == total and shown_rest == extra
            assert not (0 < part < SEUIL or 0 < total < SEUIL or 0 < extra < SEUIL)


# — Pagination —


class TestPagination:
    def test_page_et_liens_qui_gardent_les_criteres(self):
        request = RequestFactory().get("/liste", {"statut": "ENVOYEE", "page": "3"})
        page = paginate(request, list(range(95)), per_page=10)
        assert page.number == 3 and list(page) == list(range(20, 30))
        assert page.previous_url == "?statut=ENVOYEE&page=2"
        assert page.next_url == "?statut=ENVOYEE&page=4"
        assert [n for n, _url in page.window] == [1, 2, 3, 4, 5]

    @pytest.mark.parametrize(("asked", "got"), [("x", 1), ("0", 10), ("-1", 10), ("999", 10), ("", 1)])
    def test_numero_illisible_ou_hors_limites(self, asked, got):
        page = paginate(RequestFactory().get("/", {"page": asked}), list(range(95)), per_page=10)
        assert page.number == got

    def test_gabarit_dsfr(self):
        from django.template.loader import render_to_string

        page = paginate(RequestFactory().get("/", {"q": "a&b", "page": "2"}), list(range(45)))
        html = render_to_string("components/pagination.html", {"page": page, "ancre": "resultats"})
        assert 'class="fr-pagination"' in html
        assert 'href="?q=a%26b&amp;page=1#resultats"' in html
        assert 'aria-current="page"' in html and "Page 2 sur 3" in html
        one = paginate(RequestFactory().get("/"), [1, 2])
        assert render_to_string("components/pagination.html", {"page": one}).strip() == ""


# — Menu —


def _menu(user) -> dict[str, str]:
    from maillage.core.navigation import navigation_for

    return {item["label"]: item["url"] for item in navigation_for(user)}


ENTREES_CONNUES = {
    "lieux": ["Trouver un lieu", "Mes lieux"],
    "orientations": ["Orienter une personne", "Mes orientations", "Orientations reçues"],
    "accompagnements": [
        "Enregistrer un accompagnement",
        "Personnes suivies",
        "Statistiques",
        "Statistiques du territoire",
    ],
    "pass_numerique": ["Pass numérique"],
    "comptes": ["Mes structures"],
}


class TestNavigation:
    @pytest.mark.parametrize("role", [*Role.values, "STAFF", "SANS_ROLE"])
    def test_chaque_lien_du_menu_repond_200(self, client, role):
        from maillage.comptes.models import User

        if role == "STAFF":
            user = User.objects.create_user(email="equipe@example.org", password="x", is_staff=True)
        elif role == "SANS_ROLE":
            user = User.objects.create_user(email="personne@example.org", password="x")
        else:
            user = user_with_role(role)
        client.force_login(user)
        menu = _menu(user)
        assert "Trouver un lieu" in menu
        for label, url in menu.items():
            # Une redirection (vers sa propre structure, par exemple) doit mener à une page qui répond.
            assert client.get(url, follow=True).status_code == 200, (role, label, url)
        # Et le menu affiché est bien celui-là.
        html = client.get(reverse("lieux:recherche")).content.decode()
        for url in menu.values():
            assert f'class="fr-nav__link" href="{url}"' in html

    def test_sans_compte_seulement_les_pages_publiques(self, client):
        from django.contrib.auth.models import AnonymousUser

        menu = _menu(AnonymousUser())
        assert list(menu)[0] == "Trouver un lieu"
        assert not set(menu) & set(sum(ENTREES_CONNUES.values(), [])) - {"Trouver un lieu"}
        for label, url in menu.items():  # chaque entrée publique s'ouvre sans compte
            assert client.get(url, follow=True).status_code == 200, (label, url)

    @pytest.mark.parametrize(
        ("role", "attendu"),
        [
            (Role.PRESCRIPTEUR, ["Trouver un lieu", "Orienter une personne", "Mes orientations", "Pass numérique",
                                 "Statistiques", "Mes structures"]),
            (Role.MEDIATEUR, ["Trouver un lieu", "Orienter une personne", "Mes orientations", "Orientations reçues",
                              "Enregistrer un accompagnement", "Personnes suivies", "Pass numérique", "Statistiques",
                              "Mes structures"]),
            (Role.GESTIONNAIRE, ["Trouver un lieu", "Orientations reçues", "Pass numérique", "Mes lieux",
                                 "Statistiques", "Mes structures"]),
            (Role.COMMANDITAIRE, ["Trouver un lieu", "Pass numérique", "Statistiques du territoire", "Mes structures"]),
        ],
    )  # fmt: skip
    def test_entrees_par_role_dans_l_ordre(self, role, attendu):
        # Seulement les entrées des applications livrées ici : d'autres en ajoutent (aidants…) par leur navigation.py.
        connues = set(sum(ENTREES_CONNUES.values(), []))
        assert [label for label in _menu(user_with_role(role)) if label in connues] == attendu

    def test_sans_structure_pas_de_statistiques(self):
        """Avant : « Statistiques » était proposé à toute personne connectée, et répondait 403 sans structure."""
        from maillage.comptes.models import User

        user = User.objects.create_user(email="seule@example.org", password="x")
        assert "Statistiques" not in _menu(user)


class TestUneSeuleRegle:
    """Les pages qui demandent une commune appliquent toutes `resolve_commune` (avant : chacune sa règle)."""

    def test_recherche_publique_homonymes_demande_de_preciser(self, client, allonnes_72):
        html = client.get(reverse("lieux:recherche"), {"ou": "Allonnes"}).content.decode()
        # Avant : la plus peuplée (Sarthe) était choisie sans rien dire.
        assert "Plusieurs communes correspondent à « Allonnes ». Précisez : Allonnes (72700), Allonnes (49650)" in html

    def test_recherche_publique_libelle_de_l_autocompletion(self, client, allonnes_72):
        html = client.get(reverse("lieux:recherche"), {"ou": "Allonnes (49650)"}).content.decode()
        assert "autour d&#x27;Allonnes (49650)" in html  # élision, apostrophe échappée

    def test_orientation_homonymes_demande_de_preciser(self, allonnes_72):
        from maillage.orientations.forms import OrientationForm

        field = OrientationForm.base_fields["personne_commune"]
        with pytest.raises(ValidationError, match="Précisez"):
            field.clean("Allonnes")  # avant : la commune la plus peuplée, sans le dire
        assert field.clean("allonnes 49650").code_insee == "49002"
        assert field.clean("") is None

    @given(st.text(max_size=40))
    def test_normalize_text_rapide_egal_a_unidecode(self, text):
        import re

        from unidecode import unidecode

        from maillage.core.utils import normalize_text

        assert normalize_text(text) == re.sub(r"[^a-z0-9]+", " ", unidecode(text).lower()).strip()
