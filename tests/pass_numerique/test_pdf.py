"""Le PDF des carnets (issue 10, point 4) : police Unicode embarquée, « 10,00 € », « à 0,6 km », puces et
guillemets, paragraphes jamais justifiés, titres qui tiennent dans la case du chèque, QR codes classiques."""

import re
import zlib

import pytest

from maillage.pass_numerique import pdf
from maillage.pass_numerique.models import Carnet


def _flux(content: bytes) -> str:
    morceaux = []
    for flux in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, re.DOTALL):
        try:
            morceaux.append(zlib.decompress(flux).decode("latin-1"))
        except zlib.error:
            continue
    return "\n".join(morceaux)


@pytest.fixture
def textes(monkeypatch):
    """Chaque texte écrit dans une case (cell), dans l'ordre."""
    ecrits = []
    cell = pdf._Document.cell

    def espion(self, w=None, h=None, text="", *args, **kwargs):
        ecrits.append(text)
        return cell(self, w, h, text, *args, **kwargs)

    monkeypatch.setattr(pdf._Document, "cell", espion)
    return ecrits


def _carnets(monde, monkeypatch, nombre=1):
    monkeypatch.setattr(pdf, "lieux_proches", lambda structure, territoire_id: [(monde.lieu, 0.64)])
    carnets = list(Carnet.objects.filter(campagne=monde.campagne).order_by("numero").prefetch_related("cheques"))
    return pdf.carnets_pdf(campagne=monde.campagne, structure=monde.prescripteur_structure, carnets=carnets[:nombre])


def test_typographie_francaise(monde, monkeypatch, textes):
    content = bytes(_carnets(monde, monkeypatch))
    assert content[:5] == b"%PDF-"
    assert b"Spectral" in content and b"Helvetica" not in content  # police Unicode embarquée
    tout = " ".join(textes).replace("\u00a0", " ")  # fpdf2 rend l'espace insécable en espace, après la coupure
    assert "10,00 €" in tout and "EUR" not in tout
    assert "•" in textes  # une vraie puce devant chaque lieu
    assert f"« {monde.lieu.nom} »" in tout and "à 0,6 km" in tout
    assert " Tw" not in _flux(content)  # jamais d'espacement de mots : aucun paragraphe justifié


def test_espaces_insecables_jamais_coupees(db):
    doc = pdf._new_pdf("essai")
    doc.add_page()
    doc.set_font(pdf.POLICE, "", 10.5)
    lignes = doc.lignes(20, pdf.t("«\u00a0Espace numérique\u00a0», à 0,6\u00a0km, 1\u202f250,00\u00a0€"))
    assert "« Espace" in lignes[0] and not any(ligne.startswith(("»", "km", "€")) for ligne in lignes)


def test_titres_tiennent_dans_la_case(monde, monkeypatch):
    monde.campagne.nom = "Pass numérique du Département de Maine-et-Loire, campagne de printemps 2026"
    doc = pdf._new_pdf("essai")
    doc.add_page()
    doc.titre_ajuste(48, 4, monde.campagne.nom, size=8, style="")
    assert doc.get_string_width(pdf.t(monde.campagne.nom)) <= 48 or doc.font_size_pt == pytest.approx(8 * 0.6, 0.1)
    doc.titre_ajuste(48, 6, "10,00 € — Pass numérique", size=12)
    assert doc.get_string_width("10,00\u00a0€ — Pass numérique") <= 48


def test_qr_code_classique_jamais_micro(monkeypatch):
    import segno

    appels = []
    make_qr = segno.make_qr
    monkeypatch.setattr(pdf.segno, "make_qr", lambda *a, **k: appels.append(make_qr(*a, **k)) or appels[-1])
    doc = pdf._new_pdf("essai")
    doc.add_page()
    pdf._qr_vectoriel(doc, "ABCDE-FGHJK-MNPQR", 10, 10, 32)
    assert not appels[0].is_micro and appels[0].version == 1
