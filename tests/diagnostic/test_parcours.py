"""Le mode autonome, sans compte : une question par page, le résultat, les lieux, l'impression à code."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maillage.diagnostic.etat import Etat
from maillage.diagnostic.models import FicheDiagnostic, Reperage
from maillage.diagnostic.questions import ACTUEL, JE_NE_SAIS_PAS
from maillage.orientations.models import Orientation
from tests.core.factories import CommuneFactory, DepartementFactory

QUESTIONS = reverse("diagnostic:question")
RESULTAT = reverse("diagnostic:resultat")


def _repondre_tout(client, reponses: dict[str, str]) -> str:
    """Répond à toutes les questions comme une personne (page après page) ; renvoie l'adresse du résultat."""
    url = QUESTIONS
    for n, q in enumerate(ACTUEL.questions, start=1):
        page = client.get(url)
        assert page.status_code == 200
        jeton = re.search(r'name="etat" value="([^"]*)"', page.content.decode()).group(1)
        params = {"etat": jeton, "etape": n, "envoye": "1", "reponse": reponses.get(q.code, JE_NE_SAIS_PAS)}
        response = client.get(QUESTIONS, params)
        assert response.status_code == 302
        url = response.url
    assert url.startswith(RESULTAT)
    return url


def _etat(url: str) -> str:
    return parse_qs(urlparse(url).query)["etat"][0]


class TestQuestions:
    def test_first_question_public_with_progress_and_je_ne_sais_pas(self, client):
        response = client.get(QUESTIONS)
        html = response.content.decode()
        assert response.status_code == 200
        assert f"Question 1 sur {len(ACTUEL)}" in html
        assert "Je ne sais pas" in html
        assert f'aria-label="{ACTUEL.questions[0].picto_alt}"' in html

    def test_no_answer_says_what_to_do(self, client):
        response = client.get(QUESTIONS, {"etape": 1, "envoye": "1", "etat": Etat().jeton()})
        assert response.status_code == 200
        assert "Choisissez une réponse" in response.content.decode()

    def test_back_link_keeps_answers(self, client):
        etat = Etat().repondre("APPAREIL", "AUCUN")
        response = client.get(QUESTIONS, {"etape": 1, "etat": etat.jeton()})
        assert 'value="AUCUN" checked' in response.content.decode()

    def test_forged_state_clear_words(self, client):
        response = client.get(QUESTIONS, {"etape": 2, "etat": "abc:def"})
        assert response.status_code == 400
        assert "Recommencer le diagnostic" in response.content.decode()

    def test_abandon_half_way_stores_nothing(self, client):
        url = QUESTIONS
        for n in range(1, 6):
            page = client.get(url)
            jeton = re.search(r'name="etat" value="([^"]*)"', page.content.decode()).group(1)
            with CaptureQueriesContext(connection) as ctx:
                url = client.get(QUESTIONS, {"etat": jeton, "etape": n, "envoye": "1", "reponse": JE_NE_SAIS_PAS}).url
            # Aucune lecture ni écriture : seulement les points de sauvegarde de ATOMIC_REQUESTS.
            assert [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]] == []
        assert Reperage.objects.count() == 0
        assert FicheDiagnostic.objects.count() == 0
        assert Session.objects.count() == 0
        assert "sessionid" not in client.cookies


class TestResultat:
    def test_words_never_score(self, client, lieux):
        url = _repondre_tout(client, {"APPAREIL": "TELEPHONE", "ARNAQUES": "NON", "SOUHAIT": "APPRENDRE"})
        html = client.get(url).content.decode()
        assert "Vous savez déjà" in html and "Ce qui pourrait vous aider" in html
        assert "apprendre à reconnaître les arnaques" in html
        assert "score" not in html.lower() and "retard" not in html.lower() and "·" not in html
        assert Reperage.objects.count() == 0  # pas encore de commune : rien n'est compté

    def test_commune_gives_three_places_open_soon_first_and_counts_anonymously(self, client, lieux, angers):
        etat = Etat().repondre("ARNAQUES", "NON").repondre("APPAREIL", "AUCUN").repondre("DEMARCHE", "JAMAIS")
        response = client.get(RESULTAT, {"etat": etat.jeton(), "ou": "Angers"})
        html = response.content.decode()
        assert response.status_code == 200
        assert html.count('class="diag-lieu"') == 3
        assert "Des lieux autour d&#x27;Angers" in html  # élision devant une voyelle
        assert "Brouillon" not in html
        assert "Ouvert maintenant." in html  # les lieux ouverts tout le temps
        reperages = set(Reperage.objects.values_list("commune_id", "besoin", "source"))
        assert reperages == {
            ("49007", "USAGE_SECURISE", "AUTONOME"), ("49007", "ACCES_MATERIEL", "AUTONOME"),
            ("49007", "MATERIEL_SOLIDAIRE", "AUTONOME"), ("49007", "AIDE_DEMARCHES", "AUTONOME"),
        }  # fmt: skip

    def test_unknown_commune(self, client, lieux):
        response = client.get(RESULTAT, {"etat": Etat().jeton(), "ou": "Zzyzx"})
        assert "Nous ne trouvons pas la commune" in response.content.decode()
        assert Reperage.objects.count() == 0

    def test_commune_outside_territory_links_national_map(self, client, lieux):
        CommuneFactory(code_insee="72181", nom="Le Mans", codes_postaux=["72000"],
                       departement=DepartementFactory(code="72"), latitude=48.0, longitude=0.2)  # fmt: skip
        html = client.get(RESULTAT, {"etat": Etat().jeton(), "ou": "Le Mans"}).content.decode()
        assert "pas dans le territoire couvert par Maillage" in html
        assert "https://cartographie.societenumerique.gouv.fr/" in html

    def test_autour_de_moi_by_position(self, client, lieux):
        etat = Etat().repondre("APPAREIL", "AUCUN")
        html = client.get(RESULTAT, {"etat": etat.jeton(), "ou": "", "lat": "47.47", "lon": "-0.55"}).content.decode()
        assert "autour de votre position" in html
        assert "Ressourcerie numérique" in html

    def test_nothing_personal_stored_by_result(self, client, lieux):
        client.get(RESULTAT, {"etat": Etat().jeton(), "ou": "Angers"})
        assert Orientation.objects.count() == 0 and FicheDiagnostic.objects.count() == 0
        assert Session.objects.count() == 0


class TestFiche:
    def test_print_creates_code_kept_30_days(self, client, lieux, angers):
        etat = Etat().repondre("ARNAQUES", "NON")
        response = client.post(reverse("diagnostic:imprimer"), {"etat": etat.jeton(), "commune": "49007"})
        fiche = FicheDiagnostic.objects.get()
        assert response.url == reverse("diagnostic:fiche", args=[fiche.code]) + "?imprimer=1"
        assert (fiche.expires_at - fiche.created_at).days == 30
        assert fiche.reponses == {"ARNAQUES": "NON"} and fiche.commune == angers
        html = client.get(response.url).content.decode()
        assert fiche.code in html and "apprendre à reconnaître les arnaques" in html
        assert "Café numérique" in html

    def test_code_typed_with_dash_and_lowercase(self, client):
        fiche = FicheDiagnostic.objects.create(code="ABCD2345", version=ACTUEL.version, reponses={})
        response = client.get(reverse("diagnostic:retrouver"), {"code": "abcd-2345"})
        assert response.url == reverse("diagnostic:fiche", args=[fiche.code])

    @pytest.mark.parametrize("code", ["ZZZZ9999", "x%00y", "DROP TABLE", "EXPIREE1"])
    def test_forged_or_expired_code_clear_words(self, client, code):
        FicheDiagnostic.objects.create(
            code="EXPIREE1",
            version=ACTUEL.version,
            reponses={},
            created_at=timezone.now() - timedelta(days=31),
            expires_at=timezone.now() - timedelta(days=1),
        )
        response = client.get(reverse("diagnostic:fiche", args=[code]))
        assert response.status_code == 404
        assert "Cette fiche n'existe pas ou n'existe plus" in response.content.decode()

    def test_print_without_answers_refused(self, client):
        response = client.post(reverse("diagnostic:imprimer"), {"etat": Etat().jeton()})
        assert response.status_code == 400
        assert FicheDiagnostic.objects.count() == 0


class TestPapier:
    def test_paper_and_phone_script_from_the_same_questions(self, client):
        papier = client.get(reverse("diagnostic:papier")).content.decode()
        script = client.get(reverse("diagnostic:script")).content.decode()
        for q in ACTUEL.questions:
            assert q.texte.replace("'", "&#x27;") in papier
            assert q.texte.replace("'", "&#x27;") in script
