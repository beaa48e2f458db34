import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from maillage.annuaire import services
from maillage.annuaire.enums import Canal, Operateur
from maillage.annuaire.models import Acteur, JournalAnnuaire
from tests.annuaire.conftest import ALPHA
from tests.comptes.factories import StructureFactory


def _contact(territoire, coordinateur):
    return services.create_contact(territoire=territoire, by=coordinateur, operateur=Operateur.CAF,
                                   theme="RSA : dossier bloqué", canal=Canal.PORTAIL,
                                   coordonnees="Espace partenaires CAF")  # fmt: skip


class TestAnnuairePublic:
    def test_list_map_and_filters_without_login(self, client, acteur, communes, django_assert_max_num_queries):
        with django_assert_max_num_queries(10):
            r = client.get(reverse("annuaire:annuaire"), {"commune": "Aubusson", "role": "LIEU_MEDIATION"})
        html = r.content.decode()
        assert r.status_code == 200 and "Espace numérique d&#x27;Ahun" in html
        assert "Intervient dans votre commune" in html and "CC Alpha" in html and "carte-acteurs-donnees" in html
        assert "<script>" not in html.replace('<script id="carte-acteurs-donnees" type="application/json">', "")
        r = client.get(reverse("annuaire:annuaire"), {"commune": "Bellac"})
        assert "Espace numérique" not in r.content.decode() and "0 acteur" in r.content.decode()
        assert (
            client.get(reverse("annuaire:annuaire"), {"dispositif": "FRANCE_SERVICES"})
            .context["page_obj"]
            .paginator.count
            == 0
        )

    def test_unknown_commune_is_a_french_error_not_a_500(self, client, acteur):
        r = client.get(reverse("annuaire:annuaire"), {"commune": "Zzzzville"})
        assert r.status_code == 200 and "Zzzzville" in r.content.decode()

    def test_detail_outdated_after_18_months(self, client, acteur):
        url = reverse("annuaire:acteur", args=[acteur.public_id])
        assert "peut-être plus à jour" not in client.get(url).content.decode()
        with time_machine.travel(datetime.datetime.now() + datetime.timedelta(days=560), tick=False):
            assert "ne sont peut-être plus à jour" in client.get(url).content.decode()

    def test_api_public(self, client, acteur, communes):
        r = client.get("/api/v1/annuaire/acteurs", {"commune": communes["a2"].pk})
        assert r.status_code == 200
        data = r.json()
        assert data["count"] == 1 and data["results"][0]["epcis"] == [ALPHA]
        assert sorted(data["results"][0]["communes_servies"]) == sorted([communes["a1"].pk, communes["a2"].pk])
        assert client.get("/api/v1/annuaire/acteurs", {"commune": "x"}).status_code == 422


class TestSaisie:
    def test_coordination_creates_with_perimeter_outside_refused(self, client, coordinateur, territoire,
                                                                   autre_structure):  # fmt: skip
        client.force_login(coordinateur)
        url = reverse("annuaire:acteur_nouveau") + f"?territoire={territoire.slug}"
        r = client.post(url, {"territoire": territoire.slug, "structure": autre_structure.pk, "roles": ["PRESCRIPTEUR"],
                              "communes": "Ailleurs"})  # fmt: skip
        assert r.status_code == 200 and "Hors du territoire Département test : Ailleurs" in r.content.decode()
        assert not Acteur.objects.exists()
        r = client.post(url, {"territoire": territoire.slug, "structure": autre_structure.pk, "roles": ["PRESCRIPTEUR"],
                              "communes": "Bellac", "epcis": [ALPHA]})  # fmt: skip
        assert r.status_code == 302
        assert Acteur.objects.get().communes_servies.count() == 3

    def test_aidant_cannot_open_form(self, client, aidant):
        client.force_login(aidant)
        assert client.get(reverse("annuaire:acteur_nouveau")).status_code == 403

    def test_maintainer_checks_and_archives(self, client, acteur, coordinateur):
        client.force_login(coordinateur)
        client.post(reverse("annuaire:acteur_action", args=[acteur.public_id, "verifier"]))
        client.post(reverse("annuaire:acteur_action", args=[acteur.public_id, "archiver"]))
        assert list(JournalAnnuaire.objects.values_list("event", flat=True)) == ["CREATED", "CHECKED", "ARCHIVED"]
        assert Acteur.objects.filter(pk=acteur.pk).exists()  # archivée, jamais supprimée


class TestContacts:
    @pytest.mark.parametrize("qui,attendu", [("aidant", 200), ("coordinateur", 200), ("prescripteur", 403),
                                             ("financeur_seul", 403), ("sans_role", 403)])  # fmt: skip
    def test_only_aidants_see_contacts(self, client, request, territoire, coordinateur, qui, attendu):
        _contact(territoire, coordinateur)
        if qui == "financeur_seul":
            from maillage.comptes.enums import Role
            from tests.comptes.factories import MembershipFactory

            user = MembershipFactory(role=Role.COMMANDITAIRE, territoire=territoire,
                                     structure=StructureFactory()).user  # fmt: skip
        else:
            user = request.getfixturevalue({"sans_role": "anonyme_user"}.get(qui, qui))
        client.force_login(user)
        r = client.get(reverse("annuaire:contacts"))
        assert r.status_code == attendu
        if attendu == 200:
            assert "Espace partenaires CAF" in r.content.decode()

    def test_anonymous_redirected_to_login(self, client, territoire, coordinateur):
        _contact(territoire, coordinateur)
        r = client.get(reverse("annuaire:contacts"))
        assert r.status_code == 302 and "Espace partenaires" not in r.content.decode()
        assert "/annuaire/contacts/" not in str(client.get(reverse("annuaire:annuaire")).content)


class TestPostes:
    def test_counts_only_outside_coordination(self, client, coordinateur, financeur, territoire, poste_kwargs):
        services.create_poste(by=coordinateur, personne_nom="Sonia", personne_accord=True, **poste_kwargs)
        client.force_login(financeur)
        html = client.get(reverse("annuaire:postes")).content.decode()
        assert "Sonia" not in html and "&lt; 5" in html and "Espace numérique" not in html
        client.force_login(coordinateur)
        html = client.get(reverse("annuaire:postes")).content.decode()
        assert "Sonia" in html and "Aucun doublon" in html

    def test_form_refuses_end_before_start(self, client, coordinateur, territoire, structure):
        client.force_login(coordinateur)
        r = client.post(reverse("annuaire:poste_nouveau"), {
            "territoire": territoire.slug, "employeur": structure.pk, "financeur": "État", "dispositif": "AUTRE",
            "debut_financement": "2026-06-01", "fin_financement": "2026-01-01", "temps_travail": 50,
            "publics": ["TOUS"], "epcis": [ALPHA],
        })  # fmt: skip
        assert r.status_code == 200 and "La fin du financement doit suivre son début." in r.content.decode()


class TestRelance:
    def test_monthly_reminder_time_travel(self, acteur, coordinateur):
        debut = datetime.datetime.now(tz=datetime.UTC)
        with time_machine.travel(debut + datetime.timedelta(days=300), tick=False):
            call_command("relancer_annuaire")
        assert not mail.outbox
        with time_machine.travel(debut + datetime.timedelta(days=370), tick=False):
            call_command("relancer_annuaire")
            call_command("relancer_annuaire")  # une fois par mois au plus
        assert len(mail.outbox) == 1 and mail.outbox[0].to == [coordinateur.email]
        assert f"/annuaire/acteurs/{acteur.public_id}/modifier/" in mail.outbox[0].body
        with time_machine.travel(debut + datetime.timedelta(days=400), tick=False):
            call_command("relancer_annuaire")
        assert len(mail.outbox) == 2
        assert JournalAnnuaire.objects.filter(event="REMINDED").count() == 2


class TestFeuilleDeRoute:
    def test_published_readable_draft_not(self, client, territoire, coordinateur, aidant):
        f = services.create_feuille(territoire=territoire, titre="Feuille test", by=coordinateur)
        axe = services.add_axe(feuille=f, titre="Visibilité", by=coordinateur)
        action = services.add_action(axe=axe, titre="Publier les lieux", by=coordinateur)
        services.add_indicateur(action=action, libelle="Acteurs", chiffre="acteurs_annuaire", by=coordinateur)
        url = reverse("annuaire:feuille", args=[territoire.slug])
        client.force_login(aidant)
        assert client.get(url).status_code == 404
        assert client.get(f"/api/v1/annuaire/feuilles-de-route/{territoire.slug}").status_code == 404
        client.force_login(coordinateur)
        r = client.post(reverse("annuaire:feuille_action", args=[territoire.slug, 1]),
                        {"action_id": action.pk, "statut": "EN_COURS"})  # fmt: skip
        client.post(reverse("annuaire:feuille_action", args=[territoire.slug, 1]), {"quoi": "publier"})
        client.force_login(aidant)
        html = client.get(url).content.decode()
        assert "Feuille test" in html and "En cours" in html and "data-imprimer" in html
        api = client.get(f"/api/v1/annuaire/feuilles-de-route/{territoire.slug}").json()
        assert api["axes"][0]["actions"][0]["indicateurs"][0]["valeur"] == 0
        client.logout()
        assert client.get(f"/api/v1/annuaire/feuilles-de-route/{territoire.slug}").status_code == 401
        assert r.status_code == 302
