"""Le menu n'offre jamais une page qui refuse la personne (issue 10, point 3).

Après `load_demo`, chaque compte de la démonstration (équipe d'administration comprise) suit chacune de ses
entrées de menu (`core.navigation.navigation_for`) : toutes répondent 200 (après redirection), jamais 403 ni 404.
"""

import pytest
from django.test import Client

from maillage.comptes.models import User
from maillage.core.demo import load_demo
from maillage.core.navigation import navigation_for


@pytest.mark.django_db
def test_chaque_entree_du_menu_repond_a_chaque_compte_de_la_demo(communes_49):
    load_demo()
    refus = []
    comptes = User.objects.filter(is_demo=True).order_by("email")
    assert comptes.count() >= 8
    for user in comptes:
        client = Client()
        client.force_login(user)
        entrees = navigation_for(user)
        for entree in entrees:
            # Une redirection (vers le territoire choisi, par exemple) est suivie : c'est la page finale qui compte.
            status = client.get(entree["url"], follow=True).status_code
            if status != 200:
                refus.append(f"{user.email} : « {entree['label']} » ({entree['url']}) répond {status}")
    assert not refus, "\n".join(refus)
