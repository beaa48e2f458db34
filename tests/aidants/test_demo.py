from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from maillage.aidants import selectors, services
from maillage.aidants.enums import EtatSignature, MoyenSignature
from maillage.aidants.models import ProfilAidant
from maillage.comptes.models import User
from maillage.core.demo import load_demo


def test_demo_done_when(client, communes_49, settings):
    """Le « c'est fini quand » de l'issue, sur la démonstration."""
    settings.MAILLAGE_DEMO = True
    ctx = load_demo()
    benevole = ProfilAidant.objects.get(prenom="Josiane", nom="Bernier")
    assert benevole.email == "" and benevole.user is None
    assert benevole.signatures.get().moyen == MoyenSignature.PAPIER
    assert selectors.charte_publiee(ctx.territoire).est_exemple

    # Vue par la coordination (tableau et EPCI)...
    client.force_login(User.objects.get(email="coordination@demo.maillage.fr"))
    page = client.get(reverse("aidants:reseau")).content.decode()
    assert "Josiane Bernier" in page and "Aidants par EPCI" in page
    client.logout()
    # ... nulle part en public ; le médiateur qui l'a accepté est trouvé.
    verifier = reverse("aidants:verifier")
    structure = benevole.rattachements.get().structure.nom
    non = client.post(verifier, {"prenom": "Josiane", "nom": "Bernier", "structure": structure}).content.decode()
    assert "Aucun aidant signataire" in non and "Bernier" not in non.split("<h1>")[1].split("<form")[0]
    oui = client.post(verifier, {"prenom": "Mehdi", "nom": "Médiation", "structure": structure}).content.decode()
    assert "est signataire de la version 1 de la charte" in oui

    # Une nouvelle version : elle doit re-signer après le délai (90 jours par défaut).
    coordination = User.objects.get(email="coordination@demo.maillage.fr")
    v2 = services.create_brouillon(
        territoire=ctx.territoire, by=coordination, depuis=selectors.charte_publiee(ctx.territoire)
    )
    services.publish_charte(charte=v2, by=coordination)
    assert selectors.etat_signature(benevole, ctx.territoire) == EtatSignature.EN_DELAI
    with time_machine.travel(timezone.now() + timedelta(days=91)):
        assert selectors.etat_signature(benevole, ctx.territoire) == EtatSignature.A_RESIGNER

    load_demo()  # idempotent
    assert ProfilAidant.objects.filter(prenom="Josiane", nom="Bernier").count() == 1
