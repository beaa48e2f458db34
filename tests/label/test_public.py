"""Ce que le public voit : la vérification des aidants dit aussi le label (niveau, date de fin), relu à chaque fois."""

from django.urls import reverse

from maillage.aidants import services as aidants_services
from maillage.label import services


def verifier(client, profil, structure):
    return client.post(reverse("aidants:verifier"), {"prenom": profil.prenom, "nom": profil.nom,
                                                     "structure": structure.nom}).content.decode()  # fmt: skip


class TestVerificationPublique:
    def test_labelled_aidant_is_said_labelled_until_date(self, client, demande_complete, coordinateur, structure):
        profil = demande_complete.profil
        aidants_services.set_verification_publique(profil=profil, by=profil.user, ouverte=True)
        assert "Tous aidants" not in verifier(client, profil, structure)
        d = services.decide_demande(demande=demande_complete, by=coordinateur, accorder=True, motif="ok")
        html = verifier(client, profil, structure)
        assert "est signataire de la version 1 de la charte" in html
        assert (f"Labellisé ou labellisée Tous aidants — niveau aider dans l&#x27;urgence (faire à la place), "
                f"jusqu&#x27;au {d.expire_le:%d/%m/%Y}.") in html  # fmt: skip
        services.withdraw_label(demande=d, by=coordinateur, motif="Réclamation.")
        assert "Tous aidants" not in verifier(client, profil, structure)

    def test_api_message_says_it_too(self, client, demande_complete, coordinateur, structure):
        profil = demande_complete.profil
        aidants_services.set_verification_publique(profil=profil, by=profil.user, ouverte=True)
        services.decide_demande(demande=demande_complete, by=coordinateur, accorder=True, motif="ok")
        r = client.post("/api/v1/aidants/verification", {"prenom": profil.prenom, "nom": profil.nom,
                        "structure": structure.nom}, content_type="application/json")  # fmt: skip
        assert r.status_code == 200 and "Tous aidants" in r.json()["message"]

    def test_not_opted_in_says_nothing(self, client, demande_complete, coordinateur, structure):
        services.decide_demande(demande=demande_complete, by=coordinateur, accorder=True, motif="ok")
        assert "Tous aidants" not in verifier(client, demande_complete.profil, structure)
