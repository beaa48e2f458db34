from django.urls import reverse

from maillage.comptes.models import User
from maillage.core.demo import load_demo
from maillage.label.enums import StatutDemande
from maillage.label.models import DemandeLabel, ReferentielLabel


def test_demo_labelled_mediator_is_publicly_verified(client, communes_49, settings):
    settings.MAILLAGE_DEMO = True
    load_demo()
    d = DemandeLabel.objects.get()
    assert d.statut == StatutDemande.ACCORDE and d.profil.user.email == "mediation@demo.maillage.fr"
    assert ReferentielLabel.objects.get().est_exemple
    structure = d.profil.rattachements.get().structure.nom
    html = client.post(reverse("aidants:verifier"),
                       {"prenom": "Mehdi", "nom": "Médiation", "structure": structure}).content.decode()  # fmt: skip
    assert "Labellisé ou labellisée Tous aidants — niveau accompagner vers l&#x27;autonomie" in html

    client.force_login(User.objects.get(email="coordination@demo.maillage.fr"))
    carte = client.get(reverse("label:carte")).content.decode()
    assert "Écarts par compétence et par EPCI" in carte and "Profils d'exemple" in carte
    assert "Exemple — à adapter" in client.get(reverse("label:referentiel")).content.decode()

    load_demo()  # idempotent
    assert DemandeLabel.objects.count() == 1 and ReferentielLabel.objects.count() == 1


def test_every_demo_account_menu_entry_opens(client, communes_49, settings):
    settings.MAILLAGE_DEMO = True
    ctx = load_demo()
    for _libelle, email in ctx.comptes:
        client.force_login(User.objects.get(email=email))
        for url in (reverse("label:mon_label"), reverse("label:mes_competences")):
            r = client.get(url, follow=True)
            assert r.status_code in (200, 403), (email, url)
