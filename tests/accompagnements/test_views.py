import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from maillage.accompagnements.models import (
    Accompagnement,
    Beneficiaire,
    BeneficiaireJournal,
    BesoinTraite,
    ReponseQuestionnaire,
)
from maillage.accompagnements.selectors import (
    Periode,
    _aggregated_data,
    _live_data,
    compute_stats,
    compute_territoire_stats,
)
from maillage.comptes.enums import Role
from maillage.core.journal import queries_per_row
from maillage.orientations.enums import StatutOrientation
from tests.accompagnements.factories import AccompagnementFactory, BeneficiaireFactory
from tests.comptes.factories import MembershipFactory, user_with_role
from tests.lieux.factories import ArretFactory
from tests.orientations.factories import LieuAvecStructureFactory, OrientationFactory

TODAY = timezone.localdate()


@pytest.fixture
def mediateur(client):
    user = user_with_role(Role.MEDIATEUR)
    client.force_login(user)
    # Première page vue : la session est prolongée (une écriture), hors des mesures de requêtes des tests.
    client.get(reverse("core:tableau_de_bord"))
    return user


def _post(client, **extra):
    data = {"type": "INDIVIDUEL", "date": TODAY.isoformat(), "duree": "30", "type_lieu": "DISTANCE",
            "besoins": ["EMAIL"], "facon": "FAIRE_AVEC", "resultat": "RESOLU"}  # fmt: skip
    data.update(extra)
    return client.post(reverse("accompagnements:nouveau"), data)


class TestNouveau:
    def test_minimal_post_records_a_session(self, client, mediateur):
        response = _post(client, facon_EMAIL="PAR_SOI_MEME", besoins=["EMAIL", "D_PAPIERS"])
        accompagnement = Accompagnement.objects.get()
        assert response.status_code == 302
        assert dict(accompagnement.besoins.values_list("besoin", "facon")) == {
            "EMAIL": "PAR_SOI_MEME",
            "D_PAPIERS": "FAIRE_AVEC",
        }

    def test_repeat_last_prefills_the_form(self, client, mediateur):
        _post(client, duree="autre", duree_autre="50", besoins=["BUREAUTIQUE"], facon="A_LA_PLACE_EN_EXPLIQUANT")
        page = client.get(reverse("accompagnements:nouveau") + "?repeter=1").content.decode()
        assert 'value="BUREAUTIQUE" checked' in page
        assert 'value="A_LA_PLACE_EN_EXPLIQUANT" checked' in page
        assert 'value="50"' in page

    @pytest.mark.parametrize(
        ("extra", "message"),
        [
            ({"date": (TODAY + datetime.timedelta(days=2)).isoformat()}, "dans le futur"),
            ({"date": "0025-01-15"}, "trop ancienne"),
            ({"duree": "autre", "duree_autre": "0"}, "Indiquez la durée"),
            ({"type": "COLLECTIF", "participants": "0"}, "au moins un participant"),
        ],
    )
    def test_bad_input_french_message_nothing_written(self, client, mediateur, extra, message):
        response = _post(client, **extra)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not Accompagnement.objects.exists()

    def test_place_must_belong_to_the_chosen_structure(self, client, mediateur):
        autre = MembershipFactory(user=mediateur, role=Role.MEDIATEUR, structure__nom="Autre structure").structure
        lieu_autre = LieuAvecStructureFactory(structure=autre, nom="Lieu de l'autre")
        structure = mediateur.memberships.exclude(structure=autre).get().structure
        response = _post(client, structure=structure.pk, type_lieu="LIEU", lieu=lieu_autre.pk)
        assert response.status_code == 200 and "pas celui de la structure choisie" in response.content.decode()
        assert not Accompagnement.objects.exists()
        assert _post(client, structure=autre.pk, type_lieu="LIEU", lieu=lieu_autre.pk).status_code == 302

    def test_session_at_an_itinerant_stop(self, client, mediateur):
        structure = mediateur.memberships.get().structure
        arret = ArretFactory(lieu__structure=structure)
        ArretFactory()  # l'arrêt d'un autre lieu n'est pas proposé
        page = client.get(reverse("accompagnements:nouveau")).content.decode()
        assert arret.nom in page and page.count("Place du marché") == 1
        response = _post(client, type_lieu="ARRET", arret=arret.pk)
        assert response.status_code == 302
        assert Accompagnement.objects.get().arret == arret
        repeat = client.get(reverse("accompagnements:nouveau") + "?repeter=1").content.decode()
        assert f'value="{arret.pk}" selected' in repeat

    def test_from_orientation_closes_it(self, client, mediateur):
        structure = mediateur.memberships.get().structure
        orientation = OrientationFactory(lieu=LieuAvecStructureFactory(structure=structure), acceptee=True)
        page = client.get(reverse("accompagnements:nouveau") + f"?orientation={orientation.public_id}")
        assert 'value="D_SOCIAL" checked' in page.content.decode()
        _post(client, orientation=str(orientation.public_id), type_lieu="LIEU", lieu=orientation.lieu_id)
        orientation.refresh_from_db()
        assert orientation.statut == StatutOrientation.CLOSE

    def test_onward_orientation_from_the_form(self, client, mediateur):
        lieu = LieuAvecStructureFactory()
        response = _post(client, suite_lieu=str(lieu.public_id), suite_besoin="DEMARCHE_ARGENT")
        assert "accord de la personne est nécessaire" in response.content.decode()
        assert str(lieu.public_id) in response.content.decode()  # liste ré-affichée
        _post(client, suite_lieu=str(lieu.public_id), suite_besoin="DEMARCHE_ARGENT", suite_consentement="on")
        accompagnement = Accompagnement.objects.get()
        assert accompagnement.orientation_suite.lieu == lieu
        assert accompagnement.orientation_suite.besoins == ["DEMARCHE_ARGENT"]

    def test_other_structure_orientation_is_404(self, client, mediateur):
        orientation = OrientationFactory()
        response = client.get(reverse("accompagnements:nouveau") + f"?orientation={orientation.public_id}")
        assert response.status_code == 404


class TestQuestionnaire:
    def test_public_page_one_answer(self, client):
        accompagnement = AccompagnementFactory()
        url = reverse("accompagnements:questionnaire", args=[accompagnement.questionnaire_token])
        assert "Votre problème est-il réglé" in client.get(url).content.decode()
        client.post(url, {"regle": "OUI", "capable": "NON", "aise": "OUI"})
        client.post(url, {"regle": "NON", "capable": "NON", "aise": "NON"})
        assert ReponseQuestionnaire.objects.get().regle == "OUI"
        assert "déjà été donnée" in client.get(url).content.decode()

    def test_missing_answer_error_is_tied_to_its_question(self, client):
        accompagnement = AccompagnementFactory()
        url = reverse("accompagnements:questionnaire", args=[accompagnement.questionnaire_token])
        page = client.post(url, {"regle": "OUI"}).content.decode()
        assert not ReponseQuestionnaire.objects.exists()
        assert 'aria-labelledby="id_capable-legend id_capable-desc-error"' in page
        assert 'id="id_capable-desc-error"' in page and 'aria-labelledby="id_regle-legend"' in page

    def test_detail_shows_qr_code(self, client):
        accompagnement = AccompagnementFactory()
        client.force_login(accompagnement.mediateur)
        page = client.get(reverse("accompagnements:detail", args=[accompagnement.public_id])).content.decode()
        assert "<svg" in page and accompagnement.questionnaire_token in page


class TestBeneficiaire:
    def test_page_logs_every_read_and_shows_trajectory(self, client, mediateur):
        structure = mediateur.memberships.get().structure
        person = BeneficiaireFactory(suivi_par=structure)
        AccompagnementFactory(
            structure=structure,
            mediateur=mediateur,
            beneficiaire=person,
            date=TODAY - datetime.timedelta(days=40),
            besoins={"EMAIL": "A_LA_PLACE_SANS_EXPLIQUER"},
        )
        AccompagnementFactory(structure=structure, mediateur=mediateur, beneficiaire=person,
                              date=TODAY, besoins={"EMAIL": "PAR_SOI_MEME", "BUREAUTIQUE": "FAIRE_AVEC"})  # fmt: skip
        url = reverse("accompagnements:beneficiaire", args=[person.public_id])
        page = client.get(url).content.decode()
        client.get(url)
        # Une trajectoire par besoin : l'e-mail passe du niveau 1 (à la place) au niveau 4 (par soi-même).
        assert "E-mail : " in page and "niveau 1, " in page and "niveau 4" in page and "Bureautique : " in page
        assert BeneficiaireJournal.objects.filter(beneficiaire=person, event="READ").count() == 2
        copie = client.get(reverse("accompagnements:beneficiaire_copie", args=[person.public_id])).content.decode()
        assert person.nom in copie and "version 1" in copie
        assert BeneficiaireJournal.objects.filter(beneficiaire=person, event="EXPORTED").count() == 1

    def test_follow_with_the_structure_the_person_agreed_to(self, client):
        first = MembershipFactory(role=Role.MEDIATEUR, structure__nom="A — première").structure
        user = first.memberships.get().user
        second = MembershipFactory(user=user, role=Role.AIDANT, structure__nom="B — seconde").structure
        client.force_login(user)
        url = reverse("accompagnements:beneficiaire_nouveau")
        assert "Structure qui suit la personne" in client.get(url).content.decode()
        data = {"structure": second.pk, "prenom": "Huguette", "consentement": "on"}
        response = client.post(url, data)
        person = Beneficiaire.objects.get(prenom="Huguette")
        assert response.status_code == 302 and list(person.suivis.values_list("structure", flat=True)) == [second.pk]
        other = MembershipFactory(role=Role.MEDIATEUR).structure  # pas une structure de la personne
        assert client.post(url, data | {"structure": other.pk, "prenom": "Léon"}).status_code == 200
        assert not Beneficiaire.objects.filter(prenom="Léon").exists()

    def test_list_and_timeline_have_constant_queries(self, client, mediateur, django_assert_num_queries):
        structure = mediateur.memberships.get().structure
        person = BeneficiaireFactory(suivi_par=structure)
        AccompagnementFactory(structure=structure, mediateur=mediateur, beneficiaire=person)
        liste, fiche = (
            reverse("accompagnements:beneficiaires"),
            reverse("accompagnements:beneficiaire", args=[person.public_id]),
        )
        with django_assert_num_queries(6):
            client.get(liste)
        with django_assert_num_queries(10 + queries_per_row()):  # la lecture de la fiche s'écrit au journal
            client.get(fiche)
        for _ in range(4):
            BeneficiaireFactory(suivi_par=structure)
            AccompagnementFactory(structure=structure, mediateur=mediateur, beneficiaire=person)
        with django_assert_num_queries(6):
            assert client.get(liste).content.decode().count("accompagnements/personnes/") >= 5
        with django_assert_num_queries(10 + queries_per_row()):  # la lecture de la fiche s'écrit au journal
            client.get(fiche)

    def test_deletion_from_page(self, client, mediateur):
        person = BeneficiaireFactory(suivi_par=mediateur.memberships.get().structure)
        client.post(reverse("accompagnements:beneficiaire_supprimer", args=[person.public_id]), {"confirme": "oui"})
        person.refresh_from_db()
        assert person.anonymized_at is not None
        assert client.get(reverse("accompagnements:beneficiaire", args=[person.public_id])).status_code == 404

    def test_deletion_needs_explicit_confirmation(self, client, mediateur):
        person = BeneficiaireFactory(suivi_par=mediateur.memberships.get().structure)
        response = client.post(reverse("accompagnements:beneficiaire_supprimer", args=[person.public_id]), follow=True)
        person.refresh_from_db()
        assert person.anonymized_at is None
        assert "a été effacé : cochez" in response.content.decode()


class TestStatistiques:
    def test_structure_dashboard_constant_queries(self, client, mediateur, django_assert_num_queries):
        structure = mediateur.memberships.get().structure
        AccompagnementFactory(structure=structure, mediateur=mediateur)
        url = reverse("accompagnements:statistiques")
        with django_assert_num_queries(10):
            client.get(url)
        for i in range(5):
            AccompagnementFactory(
                structure=structure, mediateur=mediateur, date=TODAY - datetime.timedelta(days=40 * i)
            )
        AccompagnementFactory(structure=structure, mediateur=mediateur, atelier=True)
        with django_assert_num_queries(10):
            page = client.get(url).content.decode()
        assert "Accompagnements par mois" in page and "E-mail" in page

    def test_territory_dashboard_masks_small_counts_and_is_constant(self, client, django_assert_num_queries):
        coordo = MembershipFactory(role=Role.COORDINATEUR)
        territoire = coordo.territoire
        client.force_login(coordo.user)
        client.get(reverse("core:tableau_de_bord"))  # session prolongée (une écriture) hors de la mesure
        for _ in range(3):
            AccompagnementFactory(structure=coordo.structure, date=TODAY.replace(day=1) - datetime.timedelta(days=3))
        call_command("agreger_statistiques", stdout=io.StringIO())
        url = reverse("accompagnements:statistiques_territoire", args=[territoire.pk])
        # 14 pour les accompagnements et les orientations, + 2 : le mois en cours lu en direct (séances, besoins),
        # + 1 : les aidants du réseau par EPCI (un agrégat groupé).
        with django_assert_num_queries(14 + 2 + 1):
            page = client.get(url).content.decode()
        assert "&lt; 5" in page and "dernier calcul" in page
        # Le mois en cours est toujours en direct : compté sans attendre le calcul de la nuit.
        for _ in range(6):
            AccompagnementFactory(structure=coordo.structure, date=TODAY)
        with django_assert_num_queries(14 + 2 + 1):
            page = client.get(url).content.decode()
        assert ">6<" in page

    def test_territory_hides_the_shares_of_a_masked_total(self):
        coordo = MembershipFactory(role=Role.COORDINATEUR)
        for _ in range(2):
            AccompagnementFactory(structure=coordo.structure, besoins={"EMAIL": "PAR_SOI_MEME"})
        call_command("agreger_statistiques", stdout=io.StringIO())
        periode = Periode(du=TODAY - datetime.timedelta(days=365), au=TODAY)
        sections, _arrete_au = compute_territoire_stats(
            commune_ids=list(coordo.territoire.communes.values_list("pk", flat=True)), periode=periode
        )
        facons = next(s for s in sections if s.titre.startswith("Comment les besoins"))
        assert facons.lignes and all(ligne[1:] == ["< 5"] + ["—"] * 5 for ligne in facons.lignes)
        live = compute_stats(structure_ids=[coordo.structure_id], periode=periode)
        live_facons = next(s for s in live if s.titre.startswith("Comment les besoins"))
        assert "100 %" in live_facons.lignes[0]  # la structure voit ses propres chiffres

    def test_monthly_aggregates_match_live_figures(self):
        structure = AccompagnementFactory().structure
        for i in range(6):
            AccompagnementFactory(structure=structure, date=TODAY - datetime.timedelta(days=25 * i),
                                  besoins={"EMAIL": "PAR_SOI_MEME", "D_SOCIAL": "FAIRE_AVEC"})  # fmt: skip
        AccompagnementFactory(structure=structure, atelier=True, duree=150)
        call_command("agreger_statistiques", "--tout", stdout=io.StringIO())
        periode = Periode(du=TODAY - datetime.timedelta(days=365), au=TODAY)
        acc = Accompagnement.objects.filter(structure=structure, date__gte=periode.du)
        bes = BesoinTraite.objects.filter(structure=structure, date__gte=periode.du)
        live = _live_data(acc, bes, None)
        aggregated = _aggregated_data([structure.commune_id], periode)
        assert live.months and live.months == aggregated.months
        assert live.totals == {k: v for k, v in aggregated.totals.items()} | {
            k: 0 for k in live.totals if k not in aggregated.totals
        }
        assert live.par_besoin == aggregated.par_besoin and live.facons == aggregated.facons
        assert aggregated.par_groupe == {structure.commune_id: [8, 15]}

    @pytest.mark.parametrize("query", ["au=9999-12-31", "du=0001-01-01", "du=0001-01-01&au=9999-12-31"])
    def test_extreme_dates_in_the_address_fall_back_to_the_default_period(self, client, mediateur, query):
        for name, args in (("accompagnements:statistiques", []), ("accompagnements:statistiques_export", ["csv"])):
            response = client.get(reverse(name, args=args) + "?" + query)
            assert response.status_code == 200
        periode = Periode.from_request(RequestFactory().get("/", {"du": "0001-01-01", "au": "9999-12-31"}))
        assert periode.du == (TODAY - datetime.timedelta(days=365)).replace(day=1) and periode.au == TODAY

    def test_territory_export_is_masked_and_nameless(self, client):
        coordo = MembershipFactory(role=Role.COORDINATEUR)
        person = BeneficiaireFactory(prenom="Huguette", nom="Delacroix", suivi_par=coordo.structure)
        for _ in range(2):
            AccompagnementFactory(structure=coordo.structure, beneficiaire=person, notes="Huguette, RSA")
        call_command("agreger_statistiques", stdout=io.StringIO())
        client.force_login(coordo.user)
        url = reverse("accompagnements:statistiques_territoire_export", args=[coordo.territoire.pk, "csv"])
        response = client.get(url)
        text = response.content.decode("utf-8-sig")
        assert response.status_code == 200 and coordo.territoire.slug in response["Content-Disposition"]
        assert "< 5" in text and "Huguette" not in text and "Delacroix" not in text and "RSA" not in text
        xlsx = client.get(url.replace("export.csv", "export.xlsx"))
        values = [c.value for row in openpyxl.load_workbook(io.BytesIO(xlsx.content)).active.iter_rows() for c in row]
        assert "< 5" in values and not any(isinstance(v, str) and "Huguette" in v for v in values)
        other = MembershipFactory(role=Role.COORDINATEUR).territoire
        assert client.get(url.replace(f"/{coordo.territoire.pk}/", f"/{other.pk}/")).status_code == 404

    def test_other_territory_is_404(self, client):
        coordo = MembershipFactory(role=Role.COORDINATEUR)
        other = MembershipFactory(role=Role.COORDINATEUR).territoire
        client.force_login(coordo.user)
        assert client.get(reverse("accompagnements:statistiques_territoire", args=[other.pk])).status_code == 404

    def test_exports_csv_and_xlsx_without_formula_injection(self, client, mediateur):
        structure = mediateur.memberships.get().structure
        AccompagnementFactory(structure=structure, mediateur=mediateur)
        structure.nom = '=HYPERLINK("http://x")'
        structure.save()
        csv_text = client.get(reverse("accompagnements:statistiques_export", args=["csv"])).content.decode("utf-8-sig")
        assert "Accompagnements par mois" in csv_text and "E-mail" in csv_text
        response = client.get(reverse("accompagnements:statistiques_export", args=["xlsx"]))
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        values = [c.value for row in book.active.iter_rows() for c in row if c.value is not None]
        assert "Accompagnements par mois" in values
        assert not any(isinstance(v, str) and v.startswith("=") for v in values)
