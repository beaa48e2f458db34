"""Revue en attaquant : chaque chemin essayé par le client de test, tel qu'un autre rôle le prendrait."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from maillage.aidants import services
from maillage.aidants.enums import EtatCharte, MoyenSignature
from maillage.aidants.models import ProfilAidant, RattachementAidant
from maillage.comptes.enums import Role
from tests.aidants.factories import CharteFactory
from tests.comptes.factories import MembershipFactory, StructureFactory, UserFactory


@pytest.fixture
def mediateur(aidant_user, structure, charte):
    """Un médiateur avec compte, signataire, ouvert à la vérification publique."""
    aidant_user.email = "mehdi@example.org"
    aidant_user.save()
    profil = services.create_own_profil(
        user=aidant_user, structure=structure, statut="MEDIATEUR", niveaux=["ACCOMPAGNER_AUTONOMIE"]
    )
    services.sign_charte(profil=profil, charte=charte, by=aidant_user)
    services.set_verification_publique(profil=profil, by=aidant_user, ouverte=True)
    return profil


def _verifier(client, prenom, nom, structure):
    return client.post(reverse("aidants:verifier"), {"prenom": prenom, "nom": nom, "structure": structure})


class TestRattachementParAdresse:
    """Une structure ne s'approprie pas l'aidant d'une autre en tapant son adresse électronique."""

    def _autre_gestionnaire(self, structure):
        # Même commune, donc même territoire : la signature du médiateur y vaudrait.
        autre = StructureFactory(nom="Officine douteuse", commune=structure.commune)
        return autre, MembershipFactory(role=Role.GESTIONNAIRE, structure=autre).user

    def test_email_of_another_structures_aidant_does_not_attach_his_profile(self, client, mediateur, structure):
        autre, gestionnaire = self._autre_gestionnaire(structure)
        client.force_login(gestionnaire)
        response = client.post(
            reverse("aidants:structure", args=[autre.public_id]),
            {"prenom": "X", "nom": "Y", "email": "mehdi@example.org", "statut": "BENEVOLE",
             "niveaux": ["REPERER_ORIENTER"]},
        )  # fmt: skip
        assert response.status_code == 302
        # Le profil du médiateur reste à sa seule structure : l'autre ne peut ni l'archiver ni l'effacer…
        assert not RattachementAidant.objects.filter(profil=mediateur, structure=autre).exists()
        r = RattachementAidant.objects.get(structure=autre)
        assert r.profil != mediateur and r.profil.user is None
        # … ni le faire vérifier publiquement comme « son » aidant.
        assert _verifier(client, "Mehdi", "Médiation", "Officine douteuse").context["resultat"] is None
        # … et le message ne dit pas le nom de la personne qui a déjà un profil.
        assert "Médiation" not in client.get(reverse("aidants:structure", args=[autre.public_id])).content.decode()

    def test_email_of_an_account_elsewhere_is_not_linked(self, client, structure):
        autre, gestionnaire = self._autre_gestionnaire(structure)
        UserFactory(email="coordination@ailleurs.fr")
        profil = services.add_aidant(
            by=gestionnaire, structure=autre, prenom="Jean", nom="Faux", statut="BENEVOLE",
            niveaux=["REPERER_ORIENTER"], email="coordination@ailleurs.fr",
        )  # fmt: skip
        assert profil.user is None

    def test_email_of_a_member_of_the_structure_still_attaches_her_profile(self, gestionnaire, structure, mediateur):
        """Une personne déjà membre de la structure (invitée) : son profil existant est rattaché, sans doublon."""
        autre = StructureFactory(commune=structure.commune)
        MembershipFactory(role=Role.GESTIONNAIRE, structure=autre, user=gestionnaire)
        MembershipFactory(role=Role.AIDANT, structure=autre, user=mediateur.user)
        profil = services.add_aidant(
            by=gestionnaire, structure=autre, prenom="M", nom="M", statut="BENEVOLE",
            niveaux=["REPERER_ORIENTER"], email="MEHDI@example.org",
        )  # fmt: skip
        assert profil == mediateur and ProfilAidant.objects.count() == 1


class TestSignerPage:
    def test_draft_of_own_territory_is_404(self, client, aidant_user, mediateur, territoire, charte):
        brouillon = CharteFactory(territoire=territoire, version=2, engagements=[("Texte secret du brouillon", [])])
        client.force_login(aidant_user)
        url = reverse("aidants:signer", args=[brouillon.public_id])
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
        assert not mediateur.signatures.filter(charte=brouillon).exists()

    def test_charter_of_another_territory_is_404(self, client, aidant_user, mediateur):
        ailleurs = CharteFactory(publiee=True)
        client.force_login(aidant_user)
        assert client.get(reverse("aidants:signer", args=[ailleurs.public_id])).status_code == 404

    def test_superseded_charter_refused_in_french(self, client, aidant_user, mediateur, territoire, charte):
        charte.etat = EtatCharte.REMPLACEE
        charte.save()
        client.force_login(aidant_user)
        response = client.post(reverse("aidants:signer", args=[charte.public_id]), follow=True)
        assert "On ne signe que la version publiée" in response.content.decode()
        assert mediateur.signatures.filter(charte=charte).count() == 1


class TestPapier:
    def test_other_structure_cannot_record_paper_signature(self, client, mediateur, structure, charte):
        autre = StructureFactory(commune=structure.commune)
        client.force_login(MembershipFactory(role=Role.GESTIONNAIRE, structure=autre).user)
        r = mediateur.rattachements.get()
        url = reverse("aidants:signature_papier", args=[r.public_id])
        assert client.get(url).status_code == 404
        assert client.post(url, {"signed_on": "2020-01-01"}).status_code == 404
        with pytest.raises(PermissionDenied):
            services.sign_charte(
                profil=mediateur, charte=charte, by=MembershipFactory(role=Role.GESTIONNAIRE, structure=autre).user,
                moyen=MoyenSignature.PAPIER,
            )  # fmt: skip


class TestVerificationPublique:
    @pytest.mark.parametrize(
        ("prenom", "nom", "nom_structure", "trouve"),
        [
            ("mehdi", "MEDIATION", "association clic", True),
            ("Mehdi", "Médiation", "Association Clic", True),
            ("Meh", "Médiation", "Association Clic", False),
            ("Mehdi", "Médiat", "Association Clic", False),
            ("Mehdi", "Médiation", "Association", False),
            ("%", "%", "%", False),
            ("*", "*", "Association Clic", False),
            ("Mehdi", "Médiation", "Association Clic Angers", False),
            ("Mehdi Médiation", "", "Association Clic", False),
        ],
    )
    def test_exact_match_only(self, client, mediateur, prenom, nom, nom_structure, trouve):
        assert (_verifier(client, prenom, nom, nom_structure).context["resultat"] is not None) is trouve

    def test_minor_archived_erased_never_found(self, client, mediateur, gestionnaire):
        ProfilAidant.objects.filter(pk=mediateur.pk).update(mineur=True)
        assert _verifier(client, "Mehdi", "Médiation", "Association Clic").context["resultat"] is None
        ProfilAidant.objects.filter(pk=mediateur.pk).update(mineur=False)
        services.erase_on_request(profil=mediateur, by=gestionnaire)
        assert _verifier(client, "Mehdi", "Médiation", "Association Clic").context["resultat"] is None

    def test_tampered_badge_token_is_neutral(self, client, mediateur):
        from maillage.aidants.views.structure import badge_token

        token = badge_token(mediateur.rattachements.get())
        assert client.get(reverse("aidants:verifier_badge", args=[token])).context["resultat"] is not None
        forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
        response = client.get(reverse("aidants:verifier_badge", args=[forged]))
        assert response.status_code == 200 and response.context["resultat"] is None

    def test_nul_bytes_in_verification_form(self, client, mediateur):
        response = _verifier(client, "Meh\x00di", "Médiation", "Association Clic")
        assert response.status_code in (200, 400)
        assert "caract" in response.content.decode().lower()


class TestNulBytes:
    def test_add_form(self, client, gestionnaire, structure):
        client.force_login(gestionnaire)
        response = client.post(
            reverse("aidants:structure", args=[structure.public_id]),
            {"prenom": "Jo\x00", "nom": "X", "statut": "BENEVOLE", "niveaux": ["REPERER_ORIENTER"]},
        )
        assert response.status_code in (200, 400) and not ProfilAidant.objects.exists()

    def test_charter_draft_form(self, client, coordinateur, territoire):
        brouillon = CharteFactory(territoire=territoire)
        client.force_login(coordinateur)
        response = client.post(
            reverse("aidants:charte", args=[brouillon.public_id]), {"titre": "T\x00", "preambule": "p"}
        )
        assert response.status_code in (200, 400)


class TestApi:
    def test_other_territory_figures_404(self, client, coordinateur):
        autre = MembershipFactory(role=Role.COORDINATEUR).territoire
        client.force_login(coordinateur)
        response = client.get(f"/api/v1/aidants/reseau/{autre.slug}/chiffres")
        assert response.status_code == 404
        response = client.get("/api/v1/aidants/reseau/nexiste-pas/chiffres")
        assert response.status_code == 404 and "message" in response.json()

    def test_funder_figures_masked(self, client, territoire, structure, mediateur):
        financeur = MembershipFactory(
            role=Role.COMMANDITAIRE, structure=StructureFactory(commune=structure.commune), territoire=territoire
        ).user
        client.force_login(financeur)
        data = client.get(f"/api/v1/aidants/reseau/{territoire.slug}/chiffres").json()
        assert data["masque"] is True and data["epci"][0]["total"] == "< 5"


class TestUsage:
    def test_printed_badge_gives_a_short_address_to_type(self, client, aidant_user, mediateur):
        """Le badge imprimé : l'adresse signée du QR code (des dizaines de caractères) ne se recopie pas ; la page
        de vérification, si."""
        client.force_login(aidant_user)
        page = client.get(reverse("aidants:badge", args=[mediateur.rattachements.get().public_id])).content.decode()
        assert "/aidants/verifier/badge/" not in page.split("<figcaption>")[1]
        assert "http://testserver/aidants/verifier/ et écrivez le prénom, le nom et la structure" in page

    def test_sign_page_of_a_signed_version_offers_no_button(self, client, aidant_user, mediateur, charte):
        client.force_login(aidant_user)
        page = client.get(reverse("aidants:signer", args=[charte.public_id])).content.decode()
        assert "Vous avez signé cette version le" in page and "Je m'engage</button>" not in page

    def test_sign_page_of_a_superseded_version_offers_no_button(self, client, aidant_user, mediateur, charte):
        services.update_niveaux(profil=mediateur, by=aidant_user, niveaux=["ACCOMPAGNER_AUTONOMIE", "AIDER_URGENCE"])
        charte.etat = EtatCharte.REMPLACEE
        charte.save()
        client.force_login(aidant_user)
        page = client.get(reverse("aidants:signer", args=[charte.public_id])).content.decode()
        assert "Cette version a été remplacée" in page and "Je m'engage</button>" not in page
