"""Pages de « Mes données » : la fiche porte un code, le code ouvre les données, copie, demande, structure."""

import json
import re
import time

import pytest
from django.urls import reverse

from maillage.comptes.enums import Role
from maillage.mes_donnees import services
from maillage.mes_donnees.enums import MesDonneesEvent, StatutDemande
from maillage.mes_donnees.models import (
    DELAI_EFFACEMENT,
    VALIDITE_CODE,
    CodePersonnel,
    DemandeEffacement,
    MesDonneesJournal,
)
from maillage.mes_donnees.views import INCONNU, SESSION
from tests.accompagnements.factories import AccompagnementFactory
from tests.comptes.factories import MembershipFactory

CODE_RE = re.compile(r'code-personnel__code">([0-9A-Z]{5}-[0-9A-Z]{5})<')


def _open(client, code: str):
    return client.post(reverse("mes_donnees:accueil"), {"code": code})


class TestCodeOnSheets:
    def test_orientation_sheet_prints_a_working_code(self, client, orientation):
        client.force_login(orientation.prescripteur)
        html = client.get(reverse("orientations:fiche", args=[orientation.public_id])).content.decode()
        code = CODE_RE.search(html).group(1)
        assert "/mes-donnees/" in html
        client.logout()
        assert services.find_code(raw=code).orientation == orientation

    def test_session_page_offers_a_code_on_demand_but_not_for_a_workshop(self, client, seance_suivie):
        client.force_login(seance_suivie.mediateur)
        remettre = reverse("mes_donnees:remettre_seance", args=[seance_suivie.public_id])
        for _ in range(2):  # relire la séance ne tire aucun code
            html = client.get(reverse("accompagnements:detail", args=[seance_suivie.public_id])).content.decode()
            assert not CODE_RE.search(html) and f'action="{remettre}"' in html
        assert CodePersonnel.objects.count() == 0
        assert client.get(remettre).status_code == 405
        response = client.post(remettre)
        html = response.content.decode()
        code = CODE_RE.search(html).group(1)
        assert "no-store" in response["Cache-Control"] and "/mes-donnees/" in html
        assert services.find_code(raw=code).accompagnement == seance_suivie
        assert MesDonneesJournal.objects.filter(event=MesDonneesEvent.ISSUED).count() == 1
        atelier = AccompagnementFactory(
            atelier=True, structure=seance_suivie.structure, mediateur=seance_suivie.mediateur
        )
        html = client.get(reverse("accompagnements:detail", args=[atelier.public_id])).content.decode()
        assert not CODE_RE.search(html) and "Remettre un code personnel" not in html
        assert client.post(reverse("mes_donnees:remettre_seance", args=[atelier.public_id])).status_code == 403

    def test_only_the_sessions_structure_may_issue_its_code(self, client, seance_suivie):
        autre = MembershipFactory(role=Role.MEDIATEUR).user
        client.force_login(autre)
        assert client.post(reverse("mes_donnees:remettre_seance", args=[seance_suivie.public_id])).status_code == 404
        assert CodePersonnel.objects.count() == 0


class TestPublicPage:
    def test_code_opens_data_download_print_and_request(self, client, seance_suivie):
        code, plain = services.issue_code(by=seance_suivie.mediateur, accompagnement=seance_suivie)
        assert client.get(reverse("mes_donnees:accueil")).status_code == 200
        response = _open(client, plain.lower())
        assert response.status_code == 302 and response.url == reverse("mes_donnees:donnees")
        html = client.get(reverse("mes_donnees:donnees")).content.decode()
        for text in (
            "Quentaloup",
            "0611223344",
            "Mme Quentaloup, dossier CAF",
            "Josiane Q.",
            seance_suivie.structure.nom,
        ):
            assert text in html
        assert "·" not in html
        data = client.get(reverse("mes_donnees:copie_json"))
        assert data["Content-Disposition"].startswith("attachment")
        body = json.loads(data.content)
        assert body["suivi"]["nom"] == "Quentaloup" and body["seances"][0]["notes"] == "Mme Quentaloup, dossier CAF"
        assert "Quentaloup" in client.get(reverse("mes_donnees:imprimer")).content.decode()
        assert "Cochez la case" in client.post(reverse("mes_donnees:donnees"), {}).content.decode()
        assert not DemandeEffacement.objects.exists()
        response = client.post(reverse("mes_donnees:donnees"), {"confirme": "on"}, follow=True)
        assert "est envoyée à la structure qui garde vos données" in response.content.decode()
        assert DemandeEffacement.objects.get().statut == StatutDemande.EN_ATTENTE
        events = list(MesDonneesJournal.objects.filter(code=code).values_list("event", flat=True))
        assert events == [
            MesDonneesEvent.ISSUED, MesDonneesEvent.OPENED, MesDonneesEvent.EXPORTED, MesDonneesEvent.EXPORTED,
            MesDonneesEvent.DELETION_REQUESTED,
        ]  # fmt: skip
        assert all(
            "Quentaloup" not in json.dumps(d) for d in MesDonneesJournal.objects.values_list("details", flat=True)
        )

    def test_unknown_forged_and_expired_codes_get_the_same_answer(self, client, orientation):
        code, plain = services.issue_code(by=orientation.prescripteur, orientation=orientation)
        code.expires_at = code.created_at
        code.save()
        forged = plain[:-1] + ("2" if plain[-1] != "2" else "3")
        answers = {(r.status_code, r.content.decode().count(INCONNU)) for r in (
            _open(client, "ABCDE-FGHJK"), _open(client, forged), _open(client, plain),
        )}  # fmt: skip
        assert answers == {(200, 1)}
        assert SESSION not in client.session

    def test_rate_limit_answers_429_in_french(self, client, settings):
        settings.MAILLAGE_MES_DONNEES_ESSAIS_PAR_HEURE = 3
        for _ in range(3):
            assert _open(client, "ABCDE-FGHJK").status_code == 200
        response = _open(client, "ABCDE-FGHJK")
        assert response.status_code == 429
        assert "essais de code depuis cette connexion" in response.content.decode()

    def test_without_code_or_after_30_minutes_back_to_the_form(self, client, orientation):
        assert client.get(reverse("mes_donnees:donnees")).url == reverse("mes_donnees:accueil")
        assert client.get(reverse("mes_donnees:copie_json")).url == reverse("mes_donnees:accueil")
        _, plain = services.issue_code(by=orientation.prescripteur, orientation=orientation)
        _open(client, plain)
        session = client.session
        session[SESSION] = {**session[SESSION], "at": time.time() - 31 * 60}
        session.save()
        assert client.get(reverse("mes_donnees:donnees")).url == reverse("mes_donnees:accueil")

    def test_quit_forgets_the_code(self, client, orientation):
        _, plain = services.issue_code(by=orientation.prescripteur, orientation=orientation)
        _open(client, plain)
        client.post(reverse("mes_donnees:quitter"))
        assert client.get(reverse("mes_donnees:donnees")).status_code == 302

    def test_personal_data_page_explains_the_code(self, client):
        html = client.get(reverse("core:donnees_personnelles")).content.decode()
        assert reverse("mes_donnees:accueil") in html
        row = html.split('id="conservation-code-personnel"')[1].split("</tr>")[0]
        assert VALIDITE_CODE.days == 730 and "24 mois" in row
        assert DELAI_EFFACEMENT.days == 30 and "30 jours" in row


class TestStructureList:
    def test_list_and_carry_out(self, client, orientation, gestionnaire_of, django_assert_max_num_queries):
        code, _ = services.issue_code(by=orientation.prescripteur, orientation=orientation)
        demande = services.request_erasure(code=code)
        gestionnaire = gestionnaire_of(orientation.structure_prescriptrice)
        client.force_login(gestionnaire)
        with django_assert_max_num_queries(12):
            html = client.get(reverse("mes_donnees:demandes")).content.decode()
        assert orientation.lieu.nom in html and "Josiane" not in html
        url = reverse("mes_donnees:effectuer", args=[demande.public_id])
        assert "Cochez la case" in client.post(url, {}).content.decode()
        response = client.post(url, {"confirme": "on"}, follow=True)
        assert "Les données de la personne sont effacées" in response.content.decode()
        orientation.refresh_from_db()
        assert orientation.anonymized_at is not None
        assert "déjà faite" in client.get(url, follow=True).content.decode()

    @pytest.mark.parametrize("role", [Role.COMMANDITAIRE, Role.COORDINATEUR])
    def test_roles_without_list_get_403_and_no_menu_entry(self, client, role):
        user = MembershipFactory(role=role).user
        client.force_login(user)
        assert client.get(reverse("mes_donnees:demandes")).status_code == 403
        assert "Demandes d'effacement" not in client.get("/").content.decode()

    def test_other_structure_gets_404(self, client, orientation):
        code, _ = services.issue_code(by=orientation.prescripteur, orientation=orientation)
        demande = services.request_erasure(code=code)
        client.force_login(MembershipFactory(role=Role.GESTIONNAIRE).user)
        assert client.get(reverse("mes_donnees:effectuer", args=[demande.public_id])).status_code == 404
        assert orientation.lieu.nom not in client.get(reverse("mes_donnees:demandes")).content.decode()

    def test_anonymous_is_sent_to_login(self, client):
        assert client.get(reverse("mes_donnees:demandes")).status_code == 302
