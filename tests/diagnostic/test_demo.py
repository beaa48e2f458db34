"""La démonstration du diagnostic : repérages anonymes, fiche DEMO2345 lisible, diagnostic joint à une séance,
kit de premier accueil utilisable par le compte prescripteur de la démo."""

from django.urls import reverse

from maillage.comptes.models import User
from maillage.core.demo import load_demo
from maillage.diagnostic.demo import CODE_DEMO
from maillage.diagnostic.models import DiagnosticSeance, Reperage


def test_demo(client, communes_49, settings):
    settings.MAILLAGE_DEMO = True
    ctx = load_demo()
    assert Reperage.objects.count() == 240
    assert DiagnosticSeance.objects.count() == 1
    fiche = client.get(reverse("diagnostic:fiche", args=[CODE_DEMO]))
    assert fiche.status_code == 200 and "Vous savez déjà" in fiche.content.decode()
    prescripteur = next(u for u in User.objects.filter(memberships__role="PRESCRIPTEUR"))
    client.force_login(prescripteur)
    page = client.post(
        reverse("diagnostic:premier_accueil"), {"besoin": "DEMARCHE_SOCIAL", "ou": "Angers (49100)"}, follow=True
    )
    assert 'class="diag-lieu"' in page.content.decode()
    assert ctx.territoire is not None
