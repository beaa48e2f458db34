"""Lieux de démonstration (maillage/lieux/demo.py) : réalistes, liés aux structures, idempotents, cherchables."""

import io

from django.core.management import call_command

from maillage.comptes.demo import STRUCTURES
from maillage.core.demo import DemoContext
from maillage.core.journal import verify_chain
from maillage.lieux import demo
from maillage.lieux.enums import StatutLieu
from maillage.lieux.models import Arret, Lieu, LieuEvent, LieuHistorique
from tests.comptes.factories import StructureFactory, TerritoireFactory


def _ctx(communes_49):
    structures = [StructureFactory(nom=nom, commune=communes_49[insee]) for nom, _t, insee, _a in STRUCTURES]
    return DemoContext(territoire=TerritoireFactory(communes=list(communes_49.values())), structures=structures)


def test_lieux_de_demo_varies_et_idempotents(client, communes_49):
    ctx = _ctx(communes_49)
    demo.load(ctx)
    counts = (Lieu.objects.count(), Arret.objects.count())
    demo.load(ctx)  # relancer la démo ne duplique rien
    assert (Lieu.objects.count(), Arret.objects.count()) == counts
    assert counts[0] >= 40
    assert Lieu.objects.filter(statut=StatutLieu.FERME).count() == 1
    assert Lieu.objects.filter(statut=StatutLieu.BROUILLON).count() == 1
    bus = Lieu.objects.get(source_id="demo-bus")
    assert bus.is_itinerant and bus.arrets.count() == 5 and bus.horaires == ""
    published = Lieu.objects.published()
    assert published.filter(structure__isnull=True).count() == 0
    assert len({s for lieu in published for s in lieu.services}) == 9  # les neuf services du standard
    assert {f for lieu in published for f in lieu.frais_a_charge} == {"GRATUIT", "GRATUIT_SOUS_CONDITION", "PAYANT"}
    for lieu in published:
        lieu.full_clean()  # valide au sens du modèle (listes fermées, horaires, typologies data·inclusion)
    response = client.get("/lieux/", {"ou": "Cholet", "rayon_km": "10"})
    assert response.status_code == 200
    assert "Médiathèque Élie Chamard" in response.content.decode()


def test_la_demo_ecrit_par_les_services_avec_historique(communes_49):
    """Chaque lieu créé a sa ligne d'historique « Création » (chaînée) ; relancer la démo n'en écrit aucune."""
    ctx = _ctx(communes_49)
    demo.load(ctx)
    lieux = Lieu.objects.filter(source_import=demo.SOURCE)
    rows = LieuHistorique.objects.filter(lieu__in=lieux)
    assert sorted(rows.values_list("event", flat=True)) == sorted(
        [LieuEvent.CREATED] * lieux.count() + [LieuEvent.UPDATED]  # + les arrêts du bus
    )
    assert rows.get(lieu__source_id="demo-000", event=LieuEvent.CREATED).details == {
        "source": "demo", "via": "demo", "created": True, "statut": "PUBLIE",
    }  # fmt: skip
    count = rows.count()
    demo.load(ctx)
    assert rows.count() == count
    assert verify_chain(LieuHistorique)[1] is None
    out = io.StringIO()
    call_command("verifier_journaux", stdout=out)
    assert f"historiques des lieux (lieux.LieuHistorique) : {count} ligne(s) intacte(s)" in out.getvalue()
