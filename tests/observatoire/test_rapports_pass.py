"""La section « Financement » du rapport mensuel lit le Pass numérique du territoire : carnets remis et chèques
encaissés dans le mois (masqués sous 5), montant qui suit le nombre de chèques. Monde du Pass de ses propres tests."""

import csv
import io

from django.urls import reverse
from django.utils import timezone

from tests.pass_numerique.conftest import _clear_cache, monde  # noqa: F401 (fixtures)


def _csv(client, monde, mois):  # noqa: F811 (monde : le paramètre)
    client.force_login(monde.coordination)
    url = reverse("observatoire:rapport_csv", kwargs={"slug": monde.territoire.slug, "mois": f"{mois:%Y-%m}"})
    r = client.get(url)
    assert r.status_code == 200
    return {ligne[3]: ligne[5] for ligne in csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";")}


def test_financement_du_mois(client, monde):  # noqa: F811
    mois = timezone.localdate().replace(day=1)
    avant = _csv(client, monde, mois)
    assert avant["campagnes_pass"] == "1" and avant["carnets_remis"] == "< 5"  # 2 carnets remis
    assert avant["cheques_encaisses"] == "0" and avant["montant_encaisse"] == "0.00"
    for code in monde.codes(1) + monde.codes(2)[:1]:
        monde.redeem(code)
    apres = _csv(client, monde, mois)
    assert apres["cheques_encaisses"] == "6" and apres["montant_encaisse"] == "60.00"
    page = client.get(reverse("observatoire:rapport", kwargs={"slug": monde.territoire.slug, "mois": mois}))
    assert "60,00\u00a0€" in page.content.decode()
    # Le mois précédent n'a rien.
    precedent = _csv(client, monde, (mois - timezone.timedelta(days=1)).replace(day=1))
    assert precedent["cheques_encaisses"] == "0"


def test_panneau_les_cheques_encaisses_dans_les_lieux_de_la_commune(monde):  # noqa: F811
    from maillage.observatoire import selectors

    lieu = monde.lieu
    lieu.commune_ref = monde.territoire.communes.get()
    lieu.save()
    commune = lieu.commune_ref_id
    for code in monde.codes(1) + monde.codes(2)[:1]:
        monde.redeem(code)
    assert selectors.activite([commune], timezone.localdate())["cheques_pass"] == 6
    assert selectors.activite(["00000"], timezone.localdate())["cheques_pass"] == 0
