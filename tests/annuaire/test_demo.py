from django.urls import reverse

from maillage.annuaire.models import Acteur, FeuilleDeRoute
from maillage.comptes.models import User
from maillage.core.demo import load_demo
from maillage.core.models import Commune
from maillage.orientations.models import Orientation  # noqa: F401


def test_demo_coordinator_and_aidant(client, communes_49, settings):
    settings.MAILLAGE_DEMO = True
    # Le fichier de test n'a pas les EPCI (les vraies communes les ont) : on en donne un à Angers et Avrillé.
    Commune.objects.filter(pk__in=["49007", "49015", "49353"]).update(epci_code="244900015",
                                                                       epci_nom="Angers Loire Métropole")  # fmt: skip
    load_demo()
    assert Acteur.objects.count() == 12 and FeuilleDeRoute.objects.get().figee
    client.force_login(User.objects.get(email="coordination@demo.maillage.fr"))
    html = client.get(reverse("annuaire:annuaire")).content.decode()
    assert "Angers Loire Métropole" in html and "carte-acteurs-donnees" in html
    postes = client.get(reverse("annuaire:postes")).content.decode()
    assert "dont le financement se termine dans les 6 mois" in postes
    assert "Angers Loire Métropole — Personnes âgées : 2 postes" in postes
    feuille = client.get(reverse("annuaire:feuille_accueil"), follow=True).content.decode()
    assert "indicateur indisponible" in feuille and "Lieux publiés" in feuille
    client.force_login(User.objects.get(email="aidant@demo.maillage.fr"))
    assert "CAF" in client.get(reverse("annuaire:contacts")).content.decode()
    load_demo()  # idempotent
    assert Acteur.objects.count() == 12
