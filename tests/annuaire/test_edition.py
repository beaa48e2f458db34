"""Tenir l'annuaire dans le navigateur : contacts partenaires, brouillon de la feuille de route, périmètre d'un lieu,
postes (modifier, archiver). Par les pages, avec les refus en français et le journal."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from maillage.annuaire import services
from maillage.annuaire.enums import Canal, Operateur, StatutAction
from maillage.annuaire.models import Action, ContactPartenaire, Indicateur, JournalAnnuaire, PerimetreLieu, Poste
from maillage.comptes.enums import Role
from tests.annuaire.conftest import ALPHA, BETA
from tests.comptes.factories import MembershipFactory, StructureFactory, TerritoireFactory
from tests.lieux.factories import LieuFactory


@pytest.fixture
def contact(territoire, coordinateur):
    return services.create_contact(territoire=territoire, by=coordinateur, operateur=Operateur.CAF,
                                   theme="RSA : dossier bloqué", canal=Canal.PORTAIL,
                                   coordonnees="Espace partenaires CAF")  # fmt: skip


CONTACT = {"operateur": "CPAM", "theme": "Carte Vitale perdue", "canal": "EMAIL",
           "coordonnees": "partenaires@cpam.example", "service": "Accueil partenaires", "consignes": ""}  # fmt: skip


class TestContacts:
    def test_coordination_adds_edits_archives(self, client, coordinateur, territoire, aidant, contact):
        client.force_login(coordinateur)
        html = client.get(reverse("annuaire:contacts")).content.decode()
        assert reverse("annuaire:contact_nouveau") in html
        assert reverse("annuaire:contact_modifier", args=[contact.pk]) in html
        r = client.post(reverse("annuaire:contact_nouveau"), {"territoire": territoire.slug, **CONTACT})
        assert r.status_code == 302
        nouveau = ContactPartenaire.objects.get(theme="Carte Vitale perdue")
        assert nouveau.territoire == territoire
        url = reverse("annuaire:contact_modifier", args=[contact.pk])
        assert "RSA : dossier bloqué" in client.get(url).content.decode()
        r = client.post(url, {**CONTACT, "operateur": "CAF", "theme": "RSA : pièce refusée"})
        assert r.status_code == 302
        contact.refresh_from_db()
        assert contact.theme == "RSA : pièce refusée" and contact.canal == "EMAIL"
        r = client.post(reverse("annuaire:contact_archiver", args=[contact.pk]), follow=True)
        assert "est archivé" in r.content.decode()
        contact.refresh_from_db()
        assert contact.archived_at is not None
        journal = list(JournalAnnuaire.objects.filter(contact__isnull=False).values_list("event", "contact_id"))
        assert journal == [("CREATED", contact.pk), ("CREATED", nouveau.pk), ("UPDATED", contact.pk),
                           ("ARCHIVED", contact.pk)]  # fmt: skip
        assert JournalAnnuaire.objects.get(event="UPDATED").details["champs"] == ["canal", "coordonnees", "service",
                                                                                  "theme"]  # fmt: skip
        # L'aidant ne voit plus le contact archivé, et ne se voit offrir aucun lien de gestion.
        client.force_login(aidant)
        html = client.get(reverse("annuaire:contacts")).content.decode()
        assert "RSA : pièce refusée" not in html and "Carte Vitale perdue" in html
        assert reverse("annuaire:contact_nouveau") not in html and "Archiver" not in html

    def test_archived_contact_is_gone_for_edit(self, client, coordinateur, contact):
        services.archive_contact(contact=contact, by=coordinateur)
        client.force_login(coordinateur)
        assert client.get(reverse("annuaire:contact_modifier", args=[contact.pk])).status_code == 404
        with pytest.raises(ValidationError, match="archivé"):
            services.update_contact(contact=contact, by=coordinateur, theme="x")

    def test_bad_input_is_a_french_message(self, client, coordinateur, territoire):
        client.force_login(coordinateur)
        r = client.post(reverse("annuaire:contact_nouveau"), {"territoire": territoire.slug, **CONTACT,
                                                              "canal": "PIGEON", "theme": ""})  # fmt: skip
        assert r.status_code == 200 and not ContactPartenaire.objects.exists()
        html = r.content.decode()
        assert "Sélectionnez un choix valide" in html and "Ce champ est obligatoire" in html

    @pytest.mark.parametrize("qui", ["aidant", "financeur"])
    def test_others_refused(self, client, request, contact, qui):
        client.force_login(request.getfixturevalue(qui))
        assert client.get(reverse("annuaire:contact_nouveau")).status_code == 403
        assert client.get(reverse("annuaire:contact_modifier", args=[contact.pk])).status_code == 403
        assert client.post(reverse("annuaire:contact_archiver", args=[contact.pk])).status_code == 403
        with pytest.raises(PermissionDenied):
            services.archive_contact(contact=contact, by=request.getfixturevalue(qui))
        contact.refresh_from_db()
        assert contact.archived_at is None

    def test_other_territory_coordination_cannot_edit(self, client, contact):
        autre = TerritoireFactory(nom="Ailleurs", slug="ailleurs")
        coord = MembershipFactory(role=Role.COORDINATEUR, territoire=autre, structure=StructureFactory()).user
        client.force_login(coord)
        assert client.get(reverse("annuaire:contact_modifier", args=[contact.pk])).status_code == 403


@pytest.fixture
def brouillon(territoire, coordinateur):
    return services.create_feuille(territoire=territoire, titre="Feuille test", by=coordinateur)


class TestFeuilleEdition:
    def test_coordination_fills_the_draft(self, client, coordinateur, territoire, brouillon, acteur,
                                          autre_structure):  # fmt: skip
        services.save_acteur(by=coordinateur, territoire=territoire, structure=autre_structure,
                             roles=["PRESCRIPTEUR"])  # fmt: skip
        client.force_login(coordinateur)
        url = reverse("annuaire:feuille_modifier", args=[territoire.slug, 1])
        feuille_html = client.get(reverse("annuaire:feuille", args=[territoire.slug])).content.decode()
        assert url in feuille_html
        html = client.get(url).content.decode()
        assert "Ajoutez d'abord un axe" in html
        assert client.post(url, {"quoi": "axe", "axe-titre": "Rendre l'offre visible"}).status_code == 302
        axe = brouillon.axes.get()
        html = client.get(url).content.decode()
        assert "Ajoutez d'abord une action" in html and "Centre social de Bellac" in html
        r = client.post(url, {
            "quoi": "action", "action-axe": axe.pk, "action-titre": "Publier les lieux",
            "action-pilote": acteur.structure_id, "action-partenaires": [autre_structure.pk],
            "action-statut": StatutAction.EN_COURS, "action-debut": "2026-01-01", "action-fin": "2026-12-31",
        })  # fmt: skip
        assert r.status_code == 302
        action = Action.objects.get()
        assert action.statut == StatutAction.EN_COURS and action.pilote == acteur.structure
        assert list(action.partenaires.all()) == [autre_structure] and action.fin.year == 2026
        html = client.get(url).content.decode()
        # Les chiffres du registre, nom et libellé.
        assert 'value="acteurs_annuaire"' in html and "Acteurs dans l&#x27;annuaire" in html
        r = client.post(url, {"quoi": "indicateur", "indicateur-action": action.pk,
                              "indicateur-chiffre": "acteurs_annuaire", "indicateur-cible": "10"})  # fmt: skip
        assert r.status_code == 302
        ind = Indicateur.objects.get()
        assert (ind.chiffre, ind.libelle, ind.cible) == ("acteurs_annuaire", "Acteurs dans l'annuaire", 10)
        html = client.get(reverse("annuaire:feuille", args=[territoire.slug])).content.decode()
        assert re.search(r"Acteurs dans l&#x27;annuaire :\s*<strong>2</strong> \(cible 10\)", html)
        assert [d.get("ajout") for d in JournalAnnuaire.objects.filter(event="UPDATED").values_list("details",
                flat=True)] == ["axe", "action", "indicateur"]  # fmt: skip

    def test_bad_input_french_messages(self, client, coordinateur, territoire, brouillon):
        axe = services.add_axe(feuille=brouillon, titre="Axe", by=coordinateur)
        services.add_action(axe=axe, titre="Action", by=coordinateur)
        client.force_login(coordinateur)
        url = reverse("annuaire:feuille_modifier", args=[territoire.slug, 1])
        r = client.post(url, {"quoi": "action", "action-axe": axe.pk, "action-titre": "Dates à l'envers",
                              "action-debut": "2026-06-01", "action-fin": "2026-01-01", "action-statut": "A_LANCER"})  # fmt: skip
        assert r.status_code == 200 and "La fin de l&#x27;action ne peut pas précéder son début." in r.content.decode()
        r = client.post(url, {"quoi": "indicateur", "indicateur-action": Action.objects.get().pk,
                              "indicateur-chiffre": "chiffre_invente"})  # fmt: skip
        assert r.status_code == 200 and "Sélectionnez un choix valide" in r.content.decode()
        assert client.post(url, {"quoi": "autre"}).status_code == 400
        assert Action.objects.count() == 1 and not Indicateur.objects.exists()

    def test_published_is_read_only(self, client, coordinateur, territoire, brouillon):
        services.add_axe(feuille=brouillon, titre="Axe publié", by=coordinateur)
        services.publish_feuille(feuille=brouillon, by=coordinateur)
        client.force_login(coordinateur)
        url = reverse("annuaire:feuille_modifier", args=[territoire.slug, 1])
        html = client.get(url).content.decode()
        assert "est publiée : elle ne change plus" in html and 'name="quoi"' not in html
        assert url not in client.get(reverse("annuaire:feuille", args=[territoire.slug])).content.decode()
        r = client.post(url, {"quoi": "axe", "axe-titre": "Axe tardif"}, follow=True)
        assert "La version 1 est publiée : elle ne change plus. Préparez la version suivante." in r.content.decode()
        assert list(brouillon.axes.values_list("titre", flat=True)) == ["Axe publié"]

    @pytest.mark.parametrize("qui", ["aidant", "financeur"])
    def test_only_coordination(self, client, request, territoire, brouillon, qui):
        client.force_login(request.getfixturevalue(qui))
        url = reverse("annuaire:feuille_modifier", args=[territoire.slug, 1])
        assert client.get(url).status_code == 403
        assert client.post(url, {"quoi": "axe", "axe-titre": "Intrus"}).status_code == 403
        assert not brouillon.axes.exists()


@pytest.fixture
def gestionnaire(structure):
    return MembershipFactory(role=Role.GESTIONNAIRE, structure=structure).user


@pytest.fixture
def lieu(structure, communes):
    return LieuFactory(nom="Espace numérique d'Ahun (bourg)", structure=structure, commune_ref=communes["a1"],
                       commune="Ahun")  # fmt: skip


class TestPerimetreLieu:
    def test_gestionnaire_declares_from_acteur_page(self, client, gestionnaire, acteur, lieu, communes, territoire):
        client.force_login(gestionnaire)
        url = reverse("annuaire:lieu_perimetre", args=[lieu.public_id])
        assert url in client.get(reverse("annuaire:acteur", args=[acteur.public_id])).content.decode()
        html = client.get(url).content.decode()
        assert "aucun périmètre n'est déclaré" in html and "CC Alpha" in html
        # Même saisie que la fiche d'un acteur : une commune par ligne, refus qui la nomme hors du territoire.
        r = client.post(url, {"territoire": territoire.slug, "communes": "Ailleurs"})
        assert r.status_code == 200
        assert "Hors du territoire Département test : Ailleurs" in r.content.decode()
        assert not PerimetreLieu.objects.exists()
        r = client.post(url, {"territoire": territoire.slug, "communes": "Bellac", "epcis": [ALPHA]}, follow=True)
        assert "est enregistré" in r.content.decode() and "3 communes" in r.content.decode()
        perimetre = PerimetreLieu.objects.get(lieu=lieu)
        assert set(perimetre.communes_servies.values_list("pk", flat=True)) == {c.pk for k, c in communes.items()
                                                                                if k != "hors"}  # fmt: skip
        assert perimetre.epcis == [ALPHA]
        assert "Bellac" in client.get(url).content.decode()  # la saisie revient dans le formulaire
        assert JournalAnnuaire.objects.filter(lieu=lieu).get().actor == gestionnaire

    def test_coordination_can_too(self, client, coordinateur, lieu, territoire):
        client.force_login(coordinateur)
        r = client.post(reverse("annuaire:lieu_perimetre", args=[lieu.public_id]),
                        {"territoire": territoire.slug, "epcis": [BETA]})  # fmt: skip
        assert r.status_code == 302 and PerimetreLieu.objects.get().epcis == [BETA]

    def test_aide_a_distance_pour_tout_le_territoire_ou_toute_la_france(self, client, coordinateur, lieu, territoire):
        client.force_login(coordinateur)
        url = reverse("annuaire:lieu_perimetre", args=[lieu.public_id])
        html = client.get(url).content.decode()
        assert f"Tout le territoire {territoire.nom}" in html and "Toute la France" in html
        r = client.post(url, {"territoire": territoire.slug, "zone_a_distance": "territoire"})
        assert r.status_code == 302
        perimetre = PerimetreLieu.objects.get(lieu=lieu)
        assert perimetre.zone_a_distance == "territoire" and perimetre.territoire_a_distance == territoire
        assert 'value="territoire" checked' in client.get(url).content.decode().replace('checked=""', "checked")
        client.post(url, {"territoire": territoire.slug, "zone_a_distance": "france"})
        perimetre.refresh_from_db()
        assert perimetre.zone_a_distance == "france" and perimetre.territoire_a_distance is None
        assert JournalAnnuaire.objects.filter(lieu=lieu).last().details["zone_a_distance"] == "france"
        # Une valeur hors de la liste : message sous le champ, rien ne change.
        r = client.post(url, {"territoire": territoire.slug, "zone_a_distance": "lune"})
        assert r.status_code == 200 and "Sélectionnez un choix valide" in r.content.decode()
        perimetre.refresh_from_db()
        assert perimetre.zone_a_distance == "france"

    def test_others_refused_and_not_offered(self, client, aidant, prescripteur, acteur, lieu):
        url = reverse("annuaire:lieu_perimetre", args=[lieu.public_id])
        for user in (aidant, prescripteur):
            client.force_login(user)
            assert url not in client.get(reverse("annuaire:acteur", args=[acteur.public_id])).content.decode()
            assert client.get(url).status_code == 403
            assert client.post(url, {"epcis": [ALPHA]}).status_code == 403
        client.logout()
        assert url not in client.get(reverse("annuaire:acteur", args=[acteur.public_id])).content.decode()
        assert not PerimetreLieu.objects.exists()

    def test_gestionnaire_of_place_outside_territory_refused(self, gestionnaire, structure, territoire, communes):
        ailleurs = LieuFactory(structure=structure, commune_ref=communes["hors"])
        with pytest.raises(PermissionDenied):
            services.set_perimetre_lieu(lieu=ailleurs, territoire=territoire, communes=[], epcis=[ALPHA],
                                        by=gestionnaire)  # fmt: skip


POSTE_FORM = {"financeur": "État (ANCT)", "dispositif": "CONSEILLERS_NUMERIQUES", "debut_financement": "2025-01-01",
              "fin_financement": "2028-06-30", "temps_travail": 80, "publics": ["SENIORS", "JEUNES"],
              "epcis": [BETA]}  # fmt: skip


class TestPostesEdition:
    def test_coordination_edits_and_archives(self, client, coordinateur, poste_kwargs, structure, territoire):
        poste = services.create_poste(by=coordinateur, **poste_kwargs)
        client.force_login(coordinateur)
        html = client.get(reverse("annuaire:postes")).content.decode()
        url = reverse("annuaire:poste_modifier", args=[poste.public_id])
        assert url in html and reverse("annuaire:poste_archiver", args=[poste.public_id]) in html
        form_html = client.get(url).content.decode()
        # La saisie revient dans le formulaire, dates comprises (au format du champ date HTML).
        assert "État (ANCT)" in form_html and 'value="2025-01-01"' in form_html and 'value="2027-01-01"' in form_html
        r = client.post(url, {**POSTE_FORM, "employeur": structure.pk})
        assert r.status_code == 302
        poste.refresh_from_db()
        assert poste.fin_financement.year == 2028 and poste.temps_travail == 80 and poste.epcis_servis == [BETA]
        r = client.post(url, {**POSTE_FORM, "employeur": structure.pk, "communes": "Ailleurs"})
        assert "Hors du territoire Département test : Ailleurs" in r.content.decode()
        r = client.post(reverse("annuaire:poste_archiver", args=[poste.public_id]), follow=True)
        assert "est archivé" in r.content.decode()
        assert Poste.objects.get().archived_at is not None
        assert client.get(url).status_code == 404
        assert list(JournalAnnuaire.objects.filter(poste=poste).values_list("event", flat=True)) == [
            "CREATED", "UPDATED", "ARCHIVED"]  # fmt: skip
        poste.refresh_from_db()
        with pytest.raises(ValidationError, match="archivé"):
            services.archive_poste(poste=poste, by=coordinateur)

    def test_financeur_refused(self, client, coordinateur, financeur, poste_kwargs, structure):
        poste = services.create_poste(by=coordinateur, **poste_kwargs)
        client.force_login(financeur)
        html = client.get(reverse("annuaire:postes")).content.decode()
        assert reverse("annuaire:poste_modifier", args=[poste.public_id]) not in html
        assert client.get(reverse("annuaire:poste_modifier", args=[poste.public_id])).status_code == 403
        assert client.post(reverse("annuaire:poste_archiver", args=[poste.public_id])).status_code == 403
        assert Poste.objects.get().archived_at is None


class TestPostesPagines:
    """Un hub en compte des milliers : chaque liste de la page des postes va par pages (bench/bench_annuaire.py)."""

    def test_long_lists_are_paginated_and_keep_the_territory(self, client, coordinateur, territoire, poste_kwargs):
        from maillage.annuaire.views.postes import POSTES_PAR_PAGE

        for _ in range(POSTES_PAR_PAGE + 3):
            services.create_poste(by=coordinateur, **poste_kwargs)
        client.force_login(coordinateur)
        html = client.get(reverse("annuaire:postes"), {"territoire": territoire.slug}).content.decode()
        assert f"Tous les postes en cours ({POSTES_PAR_PAGE + 3}, page 1 sur 2)" in html
        assert html.count(">Modifier<span") == POSTES_PAR_PAGE
        assert f"?territoire={territoire.slug}&amp;page=2" in html
        html = client.get(reverse("annuaire:postes"), {"territoire": territoire.slug, "page": 2}).content.decode()
        assert html.count(">Modifier<span") == 3
