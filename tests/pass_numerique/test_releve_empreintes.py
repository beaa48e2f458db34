"""Le relevé mensuel (PDF et CSV) porte l'empreinte de tête de chaque journal : une ancre du registre hors de la base.

Si une ligne ancienne du registre était un jour modifiée ou supprimée, la chaîne recalculée ne redonnerait plus
l'empreinte imprimée sur un relevé déjà remis au lieu et au comptable public.
"""

import datetime
import re
import zlib

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from maillage.core.journal import head_hash
from maillage.pass_numerique import exports, services
from maillage.pass_numerique.models import Mouvement, QualificationJournal, Releve, TentativeRefusee

HEX64 = re.compile(r"[0-9a-f]{64}")


@pytest.fixture
def releve(monde):
    """Un chèque encaissé le premier jour de la campagne ; le relevé de ce mois établi le mois suivant."""
    tz = timezone.get_current_timezone()
    with time_machine.travel(datetime.datetime.combine(monde.campagne.starts_on, datetime.time(10), tzinfo=tz)):
        monde.redeem(monde.codes(1)[0])
        mois = timezone.localdate()
    with time_machine.travel(datetime.datetime.combine(mois, datetime.time(10), tzinfo=tz) + datetime.timedelta(40)):
        services.build_releves(mois=mois)
    return Releve.objects.get()


def _texte_pdf(content: bytes) -> str:
    """Le texte des flux (compressés) d'un PDF fpdf2, assez pour y chercher une ligne imprimée."""
    morceaux = []
    for flux in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, re.DOTALL):
        try:
            morceaux.append(zlib.decompress(flux).decode("latin-1"))
        except zlib.error:
            continue
    return "\n".join(morceaux)


class TestEmpreintes:
    def test_one_line_per_journal_with_its_head_hash(self, releve):
        with time_machine.travel(datetime.datetime(2031, 4, 2, 9, 5, tzinfo=timezone.get_current_timezone())):
            lignes = exports.empreintes()
        assert lignes == [
            f"Empreinte du registre au 02/04/2031 à 09:05 : {head_hash(Mouvement)}",
            f"Empreinte de l'historique des qualifications au 02/04/2031 à 09:05 : {head_hash(QualificationJournal)}",
            f"Empreinte du journal des tentatives refusées au 02/04/2031 à 09:05 : {head_hash(TentativeRefusee)}",
        ]
        assert all(HEX64.fullmatch(ligne.rsplit(" : ", 1)[1]) for ligne in lignes)
        assert head_hash(Mouvement) != "0" * 64  # le registre n'est pas vide : une vraie empreinte, pas la genèse


class TestReleveFichiers:
    def test_csv_ends_with_the_hashes_as_comment_lines(self, client, monde, releve):
        client.force_login(monde.financeur)
        url = reverse("pass_numerique:releve_fichier", args=[releve.public_id, "csv"])
        lignes = client.get(url).content.decode("utf-8-sig").strip().splitlines()
        assert lignes[-4].startswith("Total;;1 chèques;")
        assert lignes[-3].startswith("# Empreinte du registre au ")
        assert lignes[-3].endswith(f" : {head_hash(Mouvement)}")
        assert lignes[-2].endswith(f" : {head_hash(QualificationJournal)}")
        assert lignes[-1].endswith(f" : {head_hash(TentativeRefusee)}")

    def test_pdf_footer_prints_the_ledger_head_hash(self, client, monde, releve):
        client.force_login(monde.gestionnaire)  # le lieu reçoit le même relevé que le financeur
        response = client.get(reverse("pass_numerique:releve_fichier", args=[releve.public_id, "pdf"]))
        assert response.status_code == 200 and response.content[:5] == b"%PDF-"
        texte = _texte_pdf(response.content)
        assert "Empreinte du registre au " in texte
        assert head_hash(Mouvement) in texte
        assert head_hash(QualificationJournal) in texte and head_hash(TentativeRefusee) in texte

    def test_a_new_ledger_line_changes_the_printed_hash(self, client, monde, releve):
        client.force_login(monde.financeur)
        url = reverse("pass_numerique:releve_fichier", args=[releve.public_id, "csv"])
        avant = client.get(url).content.decode("utf-8-sig").strip().splitlines()[-3]
        monde.redeem(monde.codes(2)[0])  # une ligne de plus au registre, après l'édition du premier relevé
        apres = client.get(url).content.decode("utf-8-sig").strip().splitlines()[-3]
        assert avant != apres and apres.endswith(head_hash(Mouvement))
