"""La démo du « Done when » : Alain voit la session qui couvre 4.2 ; la mission est validée après un renvoi ;
l'alerte de Yasmine va à la coordination seule."""

from django.urls import reverse

from maillage.comptes.models import User
from maillage.core.demo import load_demo
from maillage.formations.enums import EtatMission, FormationEvent
from maillage.formations.models import Formation, JournalFormation, Mission, PointEtape


def test_demo(client, communes_49, settings):
    settings.MAILLAGE_DEMO = True
    load_demo()
    client.force_login(User.objects.get(email="aidant@demo.maillage.fr"))
    page = client.get(reverse("formations:mes_besoins")).content.decode()
    assert "4.2" in page and "Protéger les données des personnes accompagnées" in page
    assert "Télécharger mon attestation" in page
    mission = Mission.objects.get()
    assert mission.etat == EtatMission.VALIDEE
    assert list(JournalFormation.objects.filter(mission=mission).values_list("event", flat=True)) == [
        FormationEvent.MISSION_PROPOSEE, FormationEvent.MISSION_REFUSEE, FormationEvent.MISSION_PROPOSEE,
        FormationEvent.MISSION_VALIDEE, FormationEvent.VOLONTAIRE,
    ]  # fmt: skip
    alerte = PointEtape.objects.get(alerte_derive=True)
    client.force_login(User.objects.get(email="coordination@demo.maillage.fr"))
    assert "Alertes de dérive" in client.get(reverse("formations:service_civique")).content.decode()
    assert "doublons" in client.get(reverse("formations:mission", args=[mission.public_id])).content.decode()
    assert client.get(reverse("formations:besoins")).status_code == 200
    client.force_login(User.objects.get(email="gestion@demo.maillage.fr"))
    assert "doublons" not in client.get(reverse("formations:mission", args=[mission.public_id])).content.decode()
    assert "Alertes de dérive" not in client.get(reverse("formations:service_civique")).content.decode()
    assert not alerte.partage_structure
    client.force_login(User.objects.get(email="volontaire@demo.maillage.fr"))
    assert client.get(reverse("formations:volontariat", args=[alerte.volontaire.public_id])).status_code == 200
    load_demo()  # idempotent
    assert Formation.objects.count() == 2
