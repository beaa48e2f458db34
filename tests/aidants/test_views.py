import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.aidants import services
from maillage.aidants.enums import MoyenSignature
from maillage.comptes.enums import Role
from tests.comptes.factories import MembershipFactory, StructureFactory, TerritoireFactory


@pytest.fixture
def benevole(gestionnaire, structure, charte):
    """Une bénévole sans adresse électronique, qui a signé sur papier."""
    profil = services.add_aidant(
        by=gestionnaire, structure=structure, prenom="Josiane", nom="Martin", statut="BENEVOLE",
        niveaux=["REPERER_ORIENTER"],
    )  # fmt: skip
    services.sign_charte(profil=profil, charte=charte, by=gestionnaire, moyen=MoyenSignature.PAPIER)
    return profil


@pytest.fixture
def mediateur(aidant_user, structure, charte):
    profil = services.create_own_profil(
        user=aidant_user, structure=structure, statut="MEDIATEUR", niveaux=["ACCOMPAGNER_AUTONOMIE"]
    )
    services.sign_charte(profil=profil, charte=charte, by=aidant_user)
    services.set_verification_publique(profil=profil, by=aidant_user, ouverte=True)
    return profil


def _pages(structure, profil, territoire):
    r = profil.rattachements.get()
    return {
        "mon_profil": reverse("aidants:mon_profil"),
        "structure": reverse("aidants:structure", args=[structure.public_id]),
        "signature_papier": reverse("aidants:signature_papier", args=[r.public_id]),
        "reseau": reverse("aidants:reseau") + f"?territoire={territoire.slug}",
        "chartes": reverse("aidants:chartes") + f"?territoire={territoire.slug}",
    }


# Matrice rôle × page : 200 permis, 403 membre sans le droit, 404 hors de portée.
MATRICE = {
    "gestionnaire": {"mon_profil": 403, "structure": 200, "signature_papier": 200, "reseau": 403, "chartes": 403},
    "coordinateur": {"mon_profil": 403, "structure": 404, "signature_papier": 404, "reseau": 200, "chartes": 200},
    "aidant": {"mon_profil": 200, "structure": 404, "signature_papier": 404, "reseau": 403, "chartes": 403},
    "autre_gestionnaire": {
        "mon_profil": 403,
        "structure": 404,
        "signature_papier": 404,
        "reseau": 403,
        "chartes": 403,
    },
    "prescripteur": {"mon_profil": 403, "structure": 404, "signature_papier": 404, "reseau": 403, "chartes": 403},
}


@pytest.mark.parametrize("role", MATRICE)
def test_role_page_matrix(client, role, gestionnaire, coordinateur, aidant_user, structure, territoire, benevole):
    users = {
        "gestionnaire": gestionnaire, "coordinateur": coordinateur, "aidant": aidant_user,
        "autre_gestionnaire": MembershipFactory(role=Role.GESTIONNAIRE).user,
        "prescripteur": MembershipFactory(role=Role.PRESCRIPTEUR, structure=structure).user,
    }  # fmt: skip
    client.force_login(users[role])
    for page, url in _pages(structure, benevole, territoire).items():
        assert client.get(url).status_code == MATRICE[role][page], (role, page)


def test_anonymous_redirected_to_login(client, structure):
    assert client.get(reverse("aidants:structure", args=[structure.public_id])).status_code == 302


class TestStructurePage:
    def test_add_person_without_email(self, client, gestionnaire, structure):
        client.force_login(gestionnaire)
        response = client.post(
            reverse("aidants:structure", args=[structure.public_id]),
            {"prenom": "Josiane", "nom": "Martin", "statut": "BENEVOLE", "niveaux": ["REPERER_ORIENTER"]},
        )
        assert response.status_code == 302
        page = client.get(reverse("aidants:structure", args=[structure.public_id])).content.decode()
        assert "Josiane Martin" in page and "vous êtes son contact" in page

    def test_add_without_level_is_refused_in_french(self, client, gestionnaire, structure):
        client.force_login(gestionnaire)
        response = client.post(
            reverse("aidants:structure", args=[structure.public_id]),
            {"prenom": "Josiane", "nom": "Martin", "statut": "BENEVOLE"},
        )
        assert response.status_code == 200 and "Cochez au moins un niveau" in response.content.decode()

    def test_under_16_refused(self, client, gestionnaire, structure):
        client.force_login(gestionnaire)
        response = client.post(
            reverse("aidants:structure", args=[structure.public_id]),
            {"prenom": "Léo", "nom": "Petit", "statut": "BENEVOLE", "niveaux": ["REPERER_ORIENTER"],
             "annee_naissance": timezone.localdate().year - 13},
        )  # fmt: skip
        assert "à partir de 16 ans" in response.content.decode()

    def test_detach_other_structure_is_404(self, client, benevole):
        other = MembershipFactory(role=Role.GESTIONNAIRE).user
        client.force_login(other)
        r = benevole.rattachements.get()
        assert client.post(reverse("aidants:detacher", args=[r.public_id])).status_code == 404
        assert client.post(reverse("aidants:archiver", args=[r.public_id])).status_code == 404

    def test_detach_and_archive(self, client, gestionnaire, benevole):
        client.force_login(gestionnaire)
        r = benevole.rattachements.get()
        assert client.post(reverse("aidants:archiver", args=[r.public_id])).status_code == 302
        benevole.refresh_from_db()
        assert benevole.archived_at


class TestMonProfil:
    def test_shows_level_explanations_and_charter(self, client, aidant_user, mediateur):
        client.force_login(aidant_user)
        page = client.get(reverse("aidants:mon_profil")).content.decode()
        assert "Vous montrez à la personne comment faire" in page and "Charte signée" in page

    def test_sign_page_shows_only_binding_commitments(self, client, aidant_user, structure, charte):
        services.create_own_profil(
            user=aidant_user, structure=structure, statut="MEDIATEUR", niveaux=["AIDER_URGENCE"]
        )
        client.force_login(aidant_user)
        page = client.get(reverse("aidants:signer", args=[charte.public_id])).content.decode()
        assert "dignité" in page and "avec son accord" in page and "J&#x27;oriente" not in page
        assert client.post(reverse("aidants:signer", args=[charte.public_id])).status_code == 302


class TestReseau:
    def test_coordinator_sees_volunteer_and_epci_counts(self, client, coordinateur, territoire, benevole, mediateur):
        client.force_login(coordinateur)
        page = client.get(reverse("aidants:reseau")).content.decode()
        assert "Josiane Martin" in page and "Aidants par EPCI" in page

    def test_filters_and_export(self, client, coordinateur, territoire, benevole, mediateur):
        client.force_login(coordinateur)
        page = client.get(reverse("aidants:reseau") + "?niveau=ACCOMPAGNER_AUTONOMIE").content.decode()
        assert "Josiane Martin" not in page and "Mehdi" in page
        csv = client.get(reverse("aidants:reseau") + "?format=csv")
        assert (
            csv["Content-Type"].startswith("text/csv")
            and "Martin" in b"".join(csv.streaming_content if csv.streaming else [csv.content]).decode()
        )
        assert client.get(reverse("aidants:reseau") + "?format=xlsx").status_code == 200

    def test_choix_du_territoire_seulement_s_il_y_en_a_plusieurs(self, client, coordinateur, territoire, structure):
        client.force_login(coordinateur)
        page = client.get(reverse("aidants:reseau")).content.decode()
        assert 'id="id_territoire"' not in page
        assert f'<input type="hidden" name="territoire" value="{territoire.slug}">' in page
        autre = TerritoireFactory(nom="Sarthe", slug="sarthe", communes=[structure.commune])
        MembershipFactory(user=coordinateur, role=Role.COORDINATEUR, structure=StructureFactory(), territoire=autre)
        page = client.get(reverse("aidants:reseau") + f"?territoire={autre.slug}").content.decode()
        assert '<select class="fr-select" id="id_territoire" name="territoire">' in page
        assert f'<option value="{autre.slug}" selected>Sarthe</option>' in page
        assert f'<option value="{territoire.slug}">Maine-et-Loire</option>' in page

    def test_constant_queries(
        self, client, coordinateur, territoire, benevole, mediateur, django_assert_max_num_queries
    ):
        client.force_login(coordinateur)
        with django_assert_max_num_queries(20):
            client.get(reverse("aidants:reseau"))


class TestVerificationPublique:
    url = reverse("aidants:verifier")

    def test_opted_in_mediator_found(self, client, mediateur, structure):
        page = client.post(self.url, {"prenom": "mehdi", "nom": "MEDIATION", "structure": "Association Clic"})
        assert (
            "est signataire de la version 1 de la charte des aidants de Maine-et-Loire depuis le"
            in page.content.decode()
        )

    def test_volunteer_not_opted_in_is_not_found(self, client, benevole):
        page = client.post(self.url, {"prenom": "Josiane", "nom": "Martin", "structure": "Association Clic"})
        assert "Aucun aidant signataire ne correspond" in page.content.decode()

    def test_partial_name_is_not_found(self, client, mediateur):
        page = client.post(self.url, {"prenom": "Meh", "nom": "Médiation", "structure": "Association Clic"})
        assert "Aucun aidant signataire" in page.content.decode()

    def test_withdrawn_signature_not_found(self, client, mediateur, aidant_user, territoire):
        services.withdraw_signature(profil=mediateur, territoire=territoire, by=aidant_user)
        page = client.post(self.url, {"prenom": "Mehdi", "nom": "Médiation", "structure": "Association Clic"})
        assert "Aucun aidant signataire" in page.content.decode()

    def test_rate_limited_with_french_message(self, client, settings, mediateur):
        settings.MAILLAGE_AIDANTS_VERIFICATIONS_PAR_HEURE = 2
        data = {"prenom": "Mehdi", "nom": "Médiation", "structure": "Association Clic"}
        for _ in range(2):
            assert client.post(self.url, data).status_code == 200
        response = client.post(self.url, data)
        assert response.status_code == 429 and "Trop de vérifications" in response.content.decode()

    def test_badge_qr_points_to_signed_url(self, client, aidant_user, mediateur):
        client.force_login(aidant_user)
        r = mediateur.rattachements.get()
        response = client.get(reverse("aidants:badge", args=[r.public_id]))
        assert "<svg" in response.content.decode() and "/aidants/verifier/badge/" in response.context["url"]
        token = response.context["url"].split("/aidants/verifier/badge/")[1].split("/")[0]
        client.logout()
        ok = client.get(reverse("aidants:verifier_badge", args=[token])).content.decode()
        assert "est signataire" in ok
        bad = client.get(reverse("aidants:verifier_badge", args=[token[:-2] + "xx"])).content.decode()
        assert "Aucun aidant signataire" in bad

    def test_badge_of_other_structure_is_404(self, client, mediateur):
        client.force_login(MembershipFactory(role=Role.GESTIONNAIRE).user)
        assert client.get(reverse("aidants:badge", args=[mediateur.rattachements.get().public_id])).status_code == 404


class TestCharte:
    def test_export_import_roundtrip(self, client, coordinateur, charte):
        md = client.get(reverse("aidants:charte_export", args=[charte.public_id, "md"])).content.decode()
        assert "Licence Ouverte 2.0" in md and "Exemple — à adapter" in md
        other = StructureFactory()
        coord2 = MembershipFactory(role=Role.COORDINATEUR, structure=other).user
        territoire2 = coord2.memberships.get().territoire
        client.force_login(coord2)
        from django.core.files.uploadedfile import SimpleUploadedFile

        response = client.post(
            reverse("aidants:chartes") + f"?territoire={territoire2.slug}",
            {"territoire": territoire2.slug, "fichier": SimpleUploadedFile("charte.md", md.encode())},
        )
        assert response.status_code == 302
        copie = territoire2.chartes_aidants.get()
        assert [(e.texte, e.niveaux) for e in copie.engagements.all()] == [
            (e.texte, e.niveaux) for e in charte.engagements.all()
        ]

    def test_bad_import_file_french_message(self, client, coordinateur, territoire):
        from django.core.files.uploadedfile import SimpleUploadedFile

        client.force_login(coordinateur)
        response = client.post(reverse("aidants:chartes"), {"fichier": SimpleUploadedFile("c.json", b"{pas du json")})
        assert "pas un JSON lisible" in response.content.decode()

    def test_publish_from_page(self, client, coordinateur, territoire, charte):
        client.force_login(coordinateur)
        client.post(reverse("aidants:nouvelle_version"), {"territoire": territoire.slug})
        v2 = territoire.chartes_aidants.get(version=2)
        assert client.post(reverse("aidants:publier", args=[v2.public_id])).status_code == 302
        v2.refresh_from_db()
        assert v2.etat == "PUBLIEE"
        # Une version publiée ne se modifie plus par la page.
        client.post(reverse("aidants:engagement_ajout", args=[v2.public_id]), {"texte": "Nouveau"})
        assert v2.engagements.count() == 3

    def test_draft_export_not_public(self, client, coordinateur, territoire, charte):
        draft = services.create_brouillon(territoire=territoire, by=coordinateur, depuis=charte)
        assert client.get(reverse("aidants:charte_export", args=[draft.public_id, "json"])).status_code == 404


def test_paper_signature_date_prefilled_in_iso_for_date_input(client, gestionnaire, structure, charte):
    """Un champ `type=date` n'accepte que AAAA-MM-JJ : au format français, le navigateur l'affichait vide."""
    profil = services.add_aidant(
        by=gestionnaire, structure=structure, prenom="A", nom="B", statut="BENEVOLE", niveaux=["REPERER_ORIENTER"]
    )
    client.force_login(gestionnaire)
    page = client.get(reverse("aidants:signature_papier", args=[profil.rattachements.get().public_id]))
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in page.content.decode()
