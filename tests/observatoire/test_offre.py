"""L'offre par commune : calcul (heures de la semaine, pour 1 000 habitants, passages aux arrêts, distances au lieu
ouvert le plus proche et à celui qui accepte le Pass, aidants par niveau et labellisés), idempotent et journalisé ;
la commande du cron ; le recalcul à la demande d'une coordination (404 hors de son territoire) ; les panneaux qui
lisent la table et disent la date du calcul."""

import datetime
import io
import math
import random
import re

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from maillage.core import formats
from maillage.label.enums import StatutDemande
from maillage.label.models import DemandeLabel
from maillage.lieux.horaires import PARIS
from maillage.observatoire import offre, services
from maillage.observatoire.models import EvenementObservatoire, JournalObservatoire, OffreCommune
from tests.aidants.factories import ProfilAidantFactory
from tests.lieux.factories import ArretFactory, LieuFactory
from tests.observatoire.conftest import ANGERS_LOIRE

# Un lundi sans jour férié dans la semaine : 5 jours de bureau (6 h) = 30 h.
LUNDI = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=PARIS)


def _haversine(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * offre.RAYON_TERRE_KM * math.asin(math.sqrt(a))


def test_plus_proche_vectorise_egale_le_calcul_un_par_un():
    rng = random.Random(15)
    centres = [(rng.uniform(42, 51), rng.uniform(-5, 8)) for _ in range(700)]  # plus d'un paquet de 512
    points = [(rng.uniform(42, 51), rng.uniform(-5, 8)) for _ in range(300)]
    d = offre.plus_proches_km(offre.vecteurs(*zip(*centres, strict=True)), offre.vecteurs(*zip(*points, strict=True)))
    for i in range(0, 700, 7):
        attendu = min(_haversine(*centres[i], *p) for p in points)
        assert d[i] == pytest.approx(attendu, abs=0.01)
    assert np.isnan(offre.plus_proches_km(offre.vecteurs([47.0], [0.0]), np.empty((0, 3)))).all()


@pytest.fixture
def monde(communes_49):
    angers, avrille = communes_49["49007"], communes_49["49015"]
    LieuFactory(published=True, commune_ref=angers, accepte_pass=True)  # bureau : 30 h
    LieuFactory(published=True, commune_ref=angers, horaires="")  # publié, sans horaires : pas ouvert
    LieuFactory(commune_ref=angers, horaires="24/7")  # brouillon : ne compte pas
    ArretFactory(commune=avrille)  # mardi matin
    ArretFactory(commune=avrille, horaires="Mo,Th 14:00-17:00")
    label = ProfilAidantFactory(niveaux=["REPERER_ORIENTER", "ACCOMPAGNER_AUTONOMIE"])
    label.communes.set([angers, avrille])
    ProfilAidantFactory().communes.set([angers])
    ProfilAidantFactory(archive=True).communes.set([angers])  # archivé : ne compte pas
    from tests.comptes.factories import TerritoireFactory

    DemandeLabel.objects.create(profil=label, territoire=TerritoireFactory(), niveau="ACCOMPAGNER_AUTONOMIE",
                                statut=StatutDemande.ACCORDE, expire_le=datetime.date(2030, 1, 1))  # fmt: skip
    return {"angers": angers, "avrille": avrille, "cholet": communes_49["49099"]}


def test_calcul_de_l_offre_par_commune(monde):
    r = services.calculer_offre(maintenant=LUNDI)
    assert r.communes >= 170 and r.lieux == 2
    angers = OffreCommune.objects.get(commune=monde["angers"])
    assert (angers.lieux, angers.lieux_ouverts, angers.heures_semaine) == (2, 1, 30.0)
    assert angers.heures_pour_1000 == pytest.approx(30_000 / monde["angers"].population, abs=0.01)
    assert angers.semaine_du == datetime.date(2026, 3, 2)
    assert angers.distance_ouvert_km < 2 and angers.distance_pass_km == angers.distance_ouvert_km
    assert (angers.aidants, angers.aidants_labellises) == (2, 1)
    assert angers.aidants_par_niveau == {"REPERER_ORIENTER": 2, "ACCOMPAGNER_AUTONOMIE": 1}
    avrille = OffreCommune.objects.get(commune=monde["avrille"])
    # Deux arrêts : mardi (1 passage), lundi et jeudi (2 passages) ; l'arrêt ouvert est à Avrillé même.
    assert (avrille.arrets, avrille.passages_arrets, avrille.lieux) == (2, 3, 0)
    assert avrille.distance_ouvert_km < 1
    cholet = OffreCommune.objects.get(commune=monde["cholet"])
    assert 40 < cholet.distance_ouvert_km < 60 and cholet.aidants == 0
    # Le Pass : seul le lieu d'Angers l'accepte (les arrêts sont d'autres lieux).
    assert avrille.distance_pass_km > avrille.distance_ouvert_km
    journal = JournalObservatoire.objects.get(event=EvenementObservatoire.CALCUL_OFFRE)
    assert journal.details["lieux"] == 2 and journal.details["points_ouverts"] == 3 and journal.actor is None


def test_calcul_idempotent(monde):
    services.calculer_offre(maintenant=LUNDI)
    avant = list(OffreCommune.objects.order_by("pk").values())
    services.calculer_offre(maintenant=LUNDI)
    assert list(OffreCommune.objects.order_by("pk").values()) == avant


def test_sans_lieu_ouvert_les_distances_sont_vides(communes_49):
    services.calculer_offre(maintenant=LUNDI)
    o = OffreCommune.objects.get(commune="49007")
    assert o.distance_ouvert_km is None and o.distance_pass_km is None and o.lieux == 0


def test_commande_du_cron(monde, territoire):
    out = io.StringIO()
    call_command("calculer_offre", "--territoire", territoire.slug, stdout=out)
    assert "Offre calculée pour 55 communes" in out.getvalue()
    assert OffreCommune.objects.count() == 55
    call_command("calculer_offre", stdout=out)
    assert OffreCommune.objects.count() >= 170
    with pytest.raises(CommandError, match="Territoire inconnu"):
        call_command("calculer_offre", "--territoire", "nulle-part")


def test_recalcul_a_la_demande_par_la_coordination(client, coordinateur, territoire, monde):
    client.force_login(coordinateur)
    url = reverse("observatoire:recalculer")
    assert client.get(url).status_code == 405
    r = client.post(url, {"territoire": territoire.slug}, follow=True)
    assert "Offre recalculée pour 55 communes du territoire." in r.content.decode()
    assert OffreCommune.objects.count() == 55  # le territoire seulement
    assert "Offre calculée le" in r.content.decode()
    j = JournalObservatoire.objects.get(event=EvenementObservatoire.CALCUL_OFFRE)
    assert j.actor == coordinateur and j.territoire == territoire


def test_recalcul_hors_de_son_territoire_404(client, coordinateur, autre_territoire, financeur, mediateur):
    client.force_login(coordinateur)
    assert client.post(reverse("observatoire:recalculer"), {"territoire": "mauges-test"}).status_code == 404
    for user in (financeur, mediateur):
        client.force_login(user)
        assert client.post(reverse("observatoire:recalculer"), {"territoire": "anjou-test"}).status_code == 403
    assert not OffreCommune.objects.exists()


def test_service_revérifie_la_regle(coordinateur_autre, territoire):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.calculer_offre(communes_de=territoire, by=coordinateur_autre)


def test_panneaux_lisent_la_table_et_disent_la_date(client, coordinateur, monde, charge):
    client.force_login(coordinateur)
    url = reverse("observatoire:commune", args=["49007"])
    assert "n'est pas encore calculée" in client.get(url).content.decode()
    services.calculer_offre(maintenant=LUNDI)
    html = client.get(url).content.decode()
    assert "Calculée le 2 mars 2026 à 08:00, pour la semaine du 2 mars 2026" in html
    assert "ouverture pour 1 000 habitants" in html and "Tout le département" in html
    assert re.search(r"Aidants qui interviennent</th>\s*<td>&lt; 5</td>", html)  # 2 aidants : masqués
    epci = client.get(reverse("observatoire:epci", args=[ANGERS_LOIRE])).content.decode()
    assert "médiane des communes ; la plus éloignée" in epci and "30,0 h" in epci
    # Le tableau des communes de l'EPCI dit la distance de chacune au lieu ouvert le plus proche.
    assert "Lieu ouvert le plus proche (calcul de l" in epci
    d = OffreCommune.objects.get(commune="49015").distance_ouvert_km
    assert formats.km(d) in epci


def test_aidants_d_un_epci_comptes_une_fois(monde):
    from django.db.models import Q

    services.calculer_offre(maintenant=LUNDI)
    codes = ["49007", "49015"]
    # Par commune : 2 à Angers, 1 à Avrillé ; ensemble, l'aidante labellisée qui aide dans les deux compte une fois.
    assert sum(OffreCommune.objects.filter(commune__in=codes).values_list("aidants", flat=True)) == 3
    d = offre.aidants_distincts(Q(communes__in=codes), datetime.date(2026, 3, 2))
    assert d == {"total": 2, "par_niveau": {"REPERER_ORIENTER": 2, "ACCOMPAGNER_AUTONOMIE": 1}, "labellises": 1}
    from maillage.observatoire.selectors import offre_calculee

    o = offre_calculee(codes, datetime.date(2026, 3, 2))
    assert o["aidants"] == "< 5" and o["lieux"] == 2 and o["arrets"] == 2 and o["heures_semaine"] == 30.0
    assert o["distance_ouvert_km"]["n"] == 2 and o["sans_calcul"] == 0
