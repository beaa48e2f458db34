"""La démonstration donne un code qui marche et une demande d'effacement à traiter."""

import io
import re

from django.urls import reverse

from maillage.comptes.models import User
from maillage.core.demo import load_demo
from maillage.mes_donnees.models import DemandeEffacement


def test_demo_prints_a_working_code_and_leaves_a_request(client, communes_49, settings):
    settings.MAILLAGE_DEMO = True
    out = io.StringIO()
    load_demo(stdout=out)
    code = re.search(r"à taper sur /mes-donnees/ : ([0-9A-Z]{5}-[0-9A-Z]{5})", out.getvalue()).group(1)
    response = client.post(reverse("mes_donnees:accueil"), {"code": code})
    assert response.status_code == 302
    assert "Josiane" in client.get(reverse("mes_donnees:donnees")).content.decode()
    demande = DemandeEffacement.objects.get()
    prescripteur = demande.code.orientation.prescripteur
    assert User.objects.filter(pk=prescripteur.pk, is_demo=True).exists()
    client.force_login(prescripteur)
    assert (
        reverse("mes_donnees:effectuer", args=[demande.public_id])
        in client.get(reverse("mes_donnees:demandes")).content.decode()
    )
