"""Mode accompagné : les mêmes questions pendant une séance, le résultat joint à la séance et visible sur sa page."""

import re

import pytest
from django.urls import reverse

from maillage.comptes.enums import Role
from maillage.diagnostic.etat import Etat
from maillage.diagnostic.models import DiagnosticSeance, Reperage
from maillage.diagnostic.services import attach_diagnostic_seance
from tests.accompagnements.factories import AccompagnementFactory
from tests.comptes.factories import user_with_role

ETAT = Etat().repondre("ARNAQUES", "NON").repondre("SOUHAIT", "AVEC")


@pytest.fixture
def seance(angers):
    mediatrice = user_with_role(Role.MEDIATEUR)
    return AccompagnementFactory(structure=mediatrice.memberships.get().structure, mediateur=mediatrice,
                                 commune=angers, besoins={"DIAGNOSTIC": "FAIRE_AVEC"})  # fmt: skip


def test_mediator_runs_the_same_questions_and_attaches_result(client, seance):
    client.force_login(seance.mediateur)
    response = client.get(reverse("diagnostic:seance", args=[seance.public_id]))
    assert f"seance={seance.public_id}" in response.url
    page = client.get(response.url).content.decode()
    assert "Diagnostic accompagné" in page and f'name="seance" value="{seance.public_id}"' in page
    jeton = re.search(r'name="etat" value="([^"]*)"', page).group(1)
    suivant = client.get(
        reverse("diagnostic:question"),
        {"etat": jeton, "etape": 1, "envoye": "1", "reponse": "AUCUN", "seance": seance.public_id},
    )
    assert f"seance={seance.public_id}" in suivant.url  # fmt: skip
    resultat = client.get(reverse("diagnostic:resultat"), {"etat": ETAT.jeton(), "seance": seance.public_id})
    assert "Joindre ce résultat à la séance" in resultat.content.decode()
    response = client.post(reverse("diagnostic:joindre", args=[seance.public_id]), {"etat": ETAT.jeton()})
    assert response.url == reverse("accompagnements:detail", args=[seance.public_id])
    diagnostic = DiagnosticSeance.objects.get()
    assert diagnostic.reponses == ETAT.reponses and diagnostic.created_by == seance.mediateur
    detail = client.get(response.url).content.decode()
    assert "apprendre à reconnaître les arnaques" in detail
    assert list(Reperage.objects.values_list("commune_id", "besoin", "source")) == [
        ("49007", "USAGE_SECURISE", "ACCOMPAGNE")
    ]


def test_public_person_never_sees_the_attach_button(client, seance):
    html = client.get(reverse("diagnostic:resultat"), {"etat": ETAT.jeton(), "seance": seance.public_id})
    assert "Joindre ce résultat" not in html.content.decode()


def test_other_structure_404_and_manager_403(client, seance):
    client.force_login(user_with_role(Role.MEDIATEUR))
    assert client.get(reverse("diagnostic:seance", args=[seance.public_id])).status_code == 404
    gestion = user_with_role(Role.GESTIONNAIRE, structure=seance.structure)
    client.force_login(gestion)
    assert client.get(reverse("diagnostic:seance", args=[seance.public_id])).status_code == 403
    with pytest.raises(Exception, match="Seuls"):
        attach_diagnostic_seance(accompagnement=seance, etat=ETAT, by=gestion)
    assert DiagnosticSeance.objects.count() == 0


def test_attach_adds_the_need_diagnostic_to_the_session_once(angers):
    mediatrice = user_with_role(Role.MEDIATEUR)
    seance = AccompagnementFactory(structure=mediatrice.memberships.get().structure, mediateur=mediatrice,
                                   commune=angers, besoins={"EMAIL": "FAIRE_AVEC"})  # fmt: skip
    attach_diagnostic_seance(accompagnement=seance, etat=ETAT, by=mediatrice)
    attach_diagnostic_seance(accompagnement=seance, etat=ETAT, by=mediatrice)  # un second diagnostic : pas de doublon
    assert dict(seance.besoins.values_list("besoin", "facon")) == {"EMAIL": "FAIRE_AVEC", "DIAGNOSTIC": "FAIRE_AVEC"}
    besoin = seance.besoins.get(besoin="DIAGNOSTIC")
    assert (besoin.structure_id, besoin.date) == (seance.structure_id, seance.date)
