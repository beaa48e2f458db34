"""Retrouver une séance, la corriger ou la supprimer dans sa fenêtre (issue 10, point 1)."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from maillage.accompagnements.corrections import Saisie, correct_accompagnement, delete_accompagnement
from maillage.accompagnements.models import Accompagnement, AccompagnementJournal, BesoinTraite
from maillage.accompagnements.selectors import Periode, compute_stats
from maillage.comptes.enums import Role
from maillage.orientations.enums import StatutOrientation
from maillage.pass_numerique.models import Cheque
from tests.accompagnements.factories import AccompagnementFactory, BeneficiaireFactory
from tests.comptes.factories import MembershipFactory, user_with_role
from tests.orientations.factories import LieuAvecStructureFactory, OrientationFactory
from tests.pass_numerique.conftest import _clear_cache, monde  # noqa: F401 — fixtures du Pass réutilisées

TODAY = timezone.localdate()


@pytest.fixture
def mediateur(client):
    user = user_with_role(Role.MEDIATEUR)
    client.force_login(user)
    client.get(reverse("core:tableau_de_bord"))  # session prolongée hors des mesures
    return user


def _saisie(**extra) -> Saisie:
    data = {"date": TODAY, "duree": 45, "besoins": {"EMAIL": "FAIRE_AVEC"}, "type_lieu": "DISTANCE",
            "resultat": "RESOLU"}  # fmt: skip
    data.update(extra)
    return Saisie(**data)


class TestListe:
    def test_mine_then_my_structure_with_filters(self, client, mediateur):
        structure = mediateur.memberships.get().structure
        collegue = MembershipFactory(structure=structure, role=Role.MEDIATEUR).user
        lieu = LieuAvecStructureFactory(structure=structure)
        person = BeneficiaireFactory(suivi_par=structure)
        a_moi = AccompagnementFactory(structure=structure, mediateur=mediateur, beneficiaire=person, lieu=lieu,
                                      type_lieu="LIEU", besoins={"D_PAPIERS": "FAIRE_AVEC"})  # fmt: skip
        ancienne = AccompagnementFactory(structure=structure, mediateur=mediateur,
                                         date=TODAY - datetime.timedelta(days=90))  # fmt: skip
        du_collegue = AccompagnementFactory(structure=structure, mediateur=collegue)
        ailleurs = AccompagnementFactory()
        url = reverse("accompagnements:seances")

        def ids(**params):
            page = client.get(url, params).context["page"]
            return {a.pk for a in page.object_list}

        assert ids() == {a_moi.pk, ancienne.pk}
        assert ids(qui="structure") == {a_moi.pk, ancienne.pk, du_collegue.pk}
        assert ailleurs.pk not in ids(qui="structure")
        assert ids(du=(TODAY - datetime.timedelta(days=30)).isoformat()) == {a_moi.pk}
        assert ids(lieu=str(lieu.public_id)) == {a_moi.pk}
        assert ids(besoin="D_PAPIERS", qui="structure") == {a_moi.pk}
        assert ids(personne=str(person.public_id), qui="structure") == {a_moi.pk}
        page = client.get(url).content.decode()
        assert "Josiane M." in page and "2 séances" in page  # initiale du nom seulement

    def test_paginated_and_constant_queries(self, client, mediateur, django_assert_max_num_queries):
        structure = mediateur.memberships.get().structure
        for _ in range(25):
            AccompagnementFactory(structure=structure, mediateur=mediateur)
        with django_assert_max_num_queries(12):
            page = client.get(reverse("accompagnements:seances"), {"page": 2}).context["page"]
        assert page.number == 2 and len(page.object_list) == 5 and page.paginator.num_pages == 2

    def test_gestionnaire_finds_the_structure_sessions_but_not_the_people(self, client):
        accompagnement = AccompagnementFactory(beneficiaire=None)
        person = BeneficiaireFactory(suivi_par=accompagnement.structure)
        Accompagnement.objects.filter(pk=accompagnement.pk).update(beneficiaire=person)
        client.force_login(user_with_role(Role.GESTIONNAIRE, structure=accompagnement.structure))
        page = client.get(reverse("accompagnements:seances"))
        assert [a.pk for a in page.context["page"].object_list] == [accompagnement.pk]
        assert person.prenom not in page.content.decode()
        assert client.get(reverse("accompagnements:detail", args=[accompagnement.public_id])).status_code == 200

    def test_prescripteur_has_no_list(self, client):
        client.force_login(user_with_role(Role.PRESCRIPTEUR))
        assert client.get(reverse("accompagnements:seances")).status_code == 403


class TestCorrection:
    def test_author_corrects_within_seven_days_and_the_journal_names_the_fields(self, client, mediateur):
        structure = mediateur.memberships.get().structure
        accompagnement = AccompagnementFactory(structure=structure, mediateur=mediateur)
        url = reverse("accompagnements:corriger", args=[accompagnement.public_id])
        form = client.get(url).context["form"]
        assert form.initial["besoins"] == ["EMAIL"] and "suite_lieu" not in form.fields
        response = client.post(url, {"type": "INDIVIDUEL", "date": (TODAY - datetime.timedelta(days=2)).isoformat(),
                                     "duree": "60", "type_lieu": "DISTANCE", "besoins": ["EMAIL", "SANTE"],
                                     "facon": "FAIRE_AVEC", "resultat": "RESOLU"})  # fmt: skip
        assert response.status_code == 302
        accompagnement.refresh_from_db()
        assert accompagnement.duree == 60 and accompagnement.date == TODAY - datetime.timedelta(days=2)
        # Les besoins suivent la date de la séance (statistiques sans jointure).
        assert set(BesoinTraite.objects.filter(accompagnement=accompagnement).values_list("besoin", "date")) == {
            ("EMAIL", accompagnement.date),
            ("SANTE", accompagnement.date),
        }
        journal = AccompagnementJournal.objects.get(accompagnement=accompagnement)
        assert journal.event == "CORRECTED" and journal.actor == mediateur
        assert journal.details == {"champs": ["date", "duree", "besoins"]}

    def test_nothing_changed_writes_no_journal(self, mediateur):
        accompagnement = AccompagnementFactory(mediateur=mediateur, structure=mediateur.memberships.get().structure)
        correct_accompagnement(
            accompagnement=accompagnement, by=mediateur,
            saisie=_saisie(date=accompagnement.date, duree=30, resultat="RESOLU"),
        )  # fmt: skip
        assert not AccompagnementJournal.objects.exists()

    @pytest.mark.parametrize(
        ("qui", "jours", "permis"),
        [("auteur", 6, True), ("auteur", 8, False), ("gestionnaire", 29, True), ("gestionnaire", 31, False),
         ("collegue", 1, False), ("autre_structure", 1, False)],
    )  # fmt: skip
    def test_windows(self, client, qui, jours, permis):
        accompagnement = AccompagnementFactory()
        structure = accompagnement.structure
        user = {
            "auteur": lambda: accompagnement.mediateur,
            "gestionnaire": lambda: user_with_role(Role.GESTIONNAIRE, structure=structure),
            "collegue": lambda: user_with_role(Role.MEDIATEUR, structure=structure),
            "autre_structure": lambda: user_with_role(Role.GESTIONNAIRE),
        }[qui]()
        with time_machine.travel(timezone.now() + datetime.timedelta(days=jours)):
            client.force_login(user)  # session ouverte ce jour-là (elle expire sinon)
            status = client.get(reverse("accompagnements:corriger", args=[accompagnement.public_id])).status_code
            assert status == (200 if permis else 404 if qui == "autre_structure" else 403)
            # La règle est aussi celle du service (API, commandes) : refus sans rien écrire.
            if not permis:
                with pytest.raises(PermissionDenied):
                    delete_accompagnement(accompagnement=accompagnement, by=user, motif="DOUBLON")
        assert not AccompagnementJournal.objects.exists()

    def test_window_is_written_on_the_session_page(self, client, mediateur):
        accompagnement = AccompagnementFactory(mediateur=mediateur, structure=mediateur.memberships.get().structure)
        page = client.get(reverse("accompagnements:detail", args=[accompagnement.public_id])).content.decode()
        assert "pendant 7 jours" in page and "pendant 30 jours" in page and "Corriger la séance" in page

    def test_refused_correction_keeps_everything(self, mediateur):
        accompagnement = AccompagnementFactory(mediateur=mediateur, structure=mediateur.memberships.get().structure)
        with pytest.raises(ValidationError):
            correct_accompagnement(accompagnement=accompagnement, by=mediateur, saisie=_saisie(duree=0))
        accompagnement.refresh_from_db()
        assert accompagnement.duree == 30 and accompagnement.besoins.count() == 1


class TestSuppression:
    def test_delete_with_a_reason_leaves_every_figure(self, client, mediateur):
        structure = mediateur.memberships.get().structure
        accompagnement = AccompagnementFactory(mediateur=mediateur, structure=structure)
        AccompagnementFactory(mediateur=mediateur, structure=structure)
        url = reverse("accompagnements:supprimer", args=[accompagnement.public_id])
        refused = client.post(url, {})
        assert refused.status_code == 200 and 'id="resume-erreurs"' in refused.content.decode()
        assert client.post(url, {"motif": "DOUBLON"}).status_code == 302
        accompagnement.refresh_from_db()
        assert accompagnement.deleted_at is not None and accompagnement.deleted_motif == "DOUBLON"
        assert not accompagnement.besoins.exists()
        journal = AccompagnementJournal.objects.get(accompagnement=accompagnement)
        assert journal.event == "DELETED" and journal.details["motif"] == "DOUBLON"
        sections = compute_stats(structure_ids=[structure.pk], periode=Periode(du=TODAY.replace(day=1) - datetime.timedelta(days=40), au=TODAY))  # fmt: skip
        assert sum(ligne[1] for ligne in sections[0].lignes) == 1
        assert client.get(reverse("accompagnements:detail", args=[accompagnement.public_id])).status_code == 404
        token_url = reverse("accompagnements:questionnaire", args=[accompagnement.questionnaire_token])
        assert client.get(token_url).status_code == 404
        assert accompagnement.pk not in {a.pk for a in client.get(reverse("accompagnements:seances")).context["page"]}

    def test_refused_while_a_pass_cheque_was_redeemed_on_it(self, client, monde):  # noqa: F811
        accompagnement = AccompagnementFactory(mediateur=monde.mediateur, structure=monde.lieu.structure)
        cheque = Cheque.objects.filter(carnet=monde.carnet(1)).first()
        Cheque.objects.filter(pk=cheque.pk).update(accompagnement=accompagnement, redeemed_at=timezone.now())
        client.force_login(monde.mediateur)
        response = client.post(
            reverse("accompagnements:supprimer", args=[accompagnement.public_id]), {"motif": "ERREUR"}
        )
        assert response.status_code == 200
        assert "chèque du Pass numérique a été encaissé" in response.content.decode()
        accompagnement.refresh_from_db()
        assert accompagnement.deleted_at is None and accompagnement.besoins.exists()
        assert not AccompagnementJournal.objects.exists()

    def test_orientation_stays_closed_and_its_page_no_longer_lists_the_session(self, client, mediateur):
        structure = mediateur.memberships.get().structure
        orientation = OrientationFactory(lieu=LieuAvecStructureFactory(structure=structure), close=True)
        accompagnement = AccompagnementFactory(mediateur=mediateur, structure=structure, orientation_recue=orientation)
        page = client.get(reverse("orientations:detail", args=[orientation.public_id])).content.decode()
        assert reverse("accompagnements:detail", args=[accompagnement.public_id]) in page
        delete_accompagnement(accompagnement=accompagnement, by=mediateur, motif="PAS_EU_LIEU")
        orientation.refresh_from_db()
        assert orientation.statut == StatutOrientation.CLOSE
        page = client.get(reverse("orientations:detail", args=[orientation.public_id])).content.decode()
        assert reverse("accompagnements:detail", args=[accompagnement.public_id]) not in page
