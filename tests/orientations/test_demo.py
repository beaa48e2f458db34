"""Issue 10 : après `load_demo`, chaque compte de médiation trouve des orientations à traiter dans sa boîte."""

from maillage.comptes.enums import Role
from maillage.comptes.models import User
from maillage.core.demo import load_demo
from maillage.orientations.enums import StatutOrientation
from maillage.orientations.models import Orientation


def test_les_mediateurs_de_la_demo_ont_des_orientations_en_attente(communes_49, settings, client):
    settings.MAILLAGE_DEMO = True
    load_demo()
    mediateurs = User.objects.filter(email__endswith="@demo.maillage.fr", memberships__role=Role.MEDIATEUR).distinct()
    assert mediateurs.count() >= 2
    for mediateur in mediateurs:
        attente = Orientation.objects.received_by(mediateur).filter(statut=StatutOrientation.ENVOYEE)
        assert attente.count() >= 2, mediateur.email
        client.force_login(mediateur)
        page = client.get("/orientations/recues/").content.decode()
        assert attente.first().personne_prenom in page
