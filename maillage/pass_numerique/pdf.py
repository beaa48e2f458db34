"""Documents imprimables (A4, fpdf2) : carnets avec lettre d'accompagnement, relevés mensuels.

Police Helvetica intégrée (pas de fichier de police à installer) : le texte est ramené au jeu latin-1
(« € » devient « EUR », « œ » devient « oe »).
"""

import io

import segno
from django.conf import settings
from django.utils import timezone
from fpdf import FPDF

from maillage.pass_numerique import codes
from maillage.pass_numerique.services.carnets import lieux_proches

MAX_CARNETS_PAR_PDF = 500

_REPLACEMENTS = {"€": "EUR", "œ": "oe", "Œ": "OE", "’": "'", "«": "\"", "»": "\"", "\u202f": " ", "\u00a0": " ", "…": "...",
                 "–": "-", "—": "-"}  # fmt: skip


def t(text) -> str:
    text = str(text)
    for a, b in _REPLACEMENTS.items():
        text = text.replace(a, b)
    return text.encode("latin-1", "replace").decode("latin-1")


def _qr_png(content: str) -> io.BytesIO:
    buffer = io.BytesIO()
    segno.make(content, error="m").save(buffer, kind="png", scale=4, border=1)
    buffer.seek(0)
    return buffer


def _line(doc: FPDF, height: float, text: str) -> None:
    """Paragraphe sur toute la largeur, puis retour à la marge gauche."""
    doc.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT")


def _new_pdf(title: str) -> FPDF:
    doc = FPDF(format="A4")
    doc.set_title(t(title))
    doc.set_author(t(f"Maillage {settings.MAILLAGE_TERRITOIRE_NOM}"))
    doc.set_auto_page_break(True, margin=15)
    return doc


def carnets_pdf(*, campagne, structure, carnets) -> bytearray:
    """Pour chaque carnet : une lettre d'accompagnement puis une page de chèques découpables (QR + code)."""
    doc = _new_pdf(f"Carnets Pass numérique — {campagne.nom}")
    lieux = lieux_proches(structure, campagne.territoire_id)
    limite = campagne.ends_on
    for carnet in carnets:
        doc.add_page()
        doc.set_font("helvetica", "B", 16)
        _line(doc, 9, t(f"Votre Pass numérique — carnet n° {carnet.numero}"))
        doc.set_font("helvetica", "", 11)
        doc.ln(2)
        _line(
            doc, 6,
            t(f"Ce carnet contient {campagne.cheques_par_carnet} chèques de {campagne.valeur_cheque} €, offerts par "
              f"{', '.join(c.financeur.nom for c in campagne.cofinancements.all())}. Ils paient des ateliers ou un "
              f"accompagnement pour vous aider avec le numérique, sans rien à payer de votre poche. Ils sont valables "
              f"jusqu'au {limite:%d/%m/%Y}. Remis par : {structure.nom}."),
        )  # fmt: skip
        doc.ln(3)
        doc.set_font("helvetica", "B", 12)
        doc.cell(0, 8, t("Où utiliser vos chèques près de chez vous"), new_x="LMARGIN", new_y="NEXT")
        doc.set_font("helvetica", "", 10)
        if not lieux:
            _line(doc, 6, t("Demandez la liste des lieux à la structure qui vous a remis ce carnet."))
        for lieu, dist in lieux:
            distance = f" — à {dist:.1f} km" if dist is not None else ""
            phone = f" — tél. {lieu.telephone}" if lieu.telephone else ""
            _line(doc, 5.5, t(f"• {lieu.nom}, {lieu.adresse}, {lieu.code_postal} {lieu.commune}{phone}{distance}"))
        doc.ln(3)
        doc.set_font("helvetica", "I", 9)
        _line(
            doc,
            5,
            t(
                "Aucun nom n'est enregistré avec ce carnet. Gardez-le précieusement : un chèque perdu "
                "ne peut pas être remplacé, mais un carnet perdu ou volé peut être annulé."
            ),
        )
        # Page des chèques : 2 colonnes × 5 lignes.
        doc.add_page()
        cheques = sorted(carnet.cheques.all(), key=lambda c: c.rang)
        w, h = 95, 54
        for i, cheque in enumerate(cheques):
            if i and i % 10 == 0:
                doc.add_page()
            col, row = (i % 10) % 2, (i % 10) // 2
            x, y = 10 + col * w, 12 + row * h
            doc.set_draw_color(150, 150, 150)
            doc.rect(x, y, w - 4, h - 4)
            doc.image(_qr_png(codes.format_code(cheque.code)), x=x + 2, y=y + 4, w=36, h=36)
            doc.set_xy(x + 40, y + 5)
            doc.set_font("helvetica", "B", 12)
            doc.cell(48, 6, t(f"{campagne.valeur_cheque} € — Pass numérique"))
            doc.set_xy(x + 40, y + 13)
            doc.set_font("courier", "B", 11)
            doc.cell(48, 6, codes.format_code(cheque.code))
            doc.set_font("helvetica", "", 8)
            doc.set_xy(x + 40, y + 21)
            doc.multi_cell(48, 4, t(f"Carnet {carnet.numero} — chèque {cheque.rang}/{campagne.cheques_par_carnet}\n"
                                    f"Valable jusqu'au {limite:%d/%m/%Y}\n{campagne.nom}"))  # fmt: skip
    return doc.output()


class _PiedEmpreintes(FPDF):
    """Relevé : chaque page porte en pied les empreintes des journaux (ancre du registre, voir exports.py)."""

    def __init__(self, *args, pied: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.pied = pied

    def footer(self):
        self.set_y(-6 - 3.5 * len(self.pied))
        self.set_font("courier", "", 6)
        for ligne in self.pied:
            self.cell(0, 3.5, t(ligne), new_x="LMARGIN", new_y="NEXT")
        self.set_font("helvetica", "", 7)
        self.cell(0, 3.5, f"Page {self.page_no()}/{{nb}}", align="R")


def releve_pdf(*, releve, cheques, empreintes: list[str]) -> bytearray:
    qualification = releve.qualification
    doc = _PiedEmpreintes(format="A4", pied=empreintes)
    doc.set_title(t(f"Relevé {releve.mois:%m/%Y} — {qualification.lieu.nom}"))
    doc.set_author(t(f"Maillage {settings.MAILLAGE_TERRITOIRE_NOM}"))
    doc.set_auto_page_break(True, margin=12 + 3.5 * len(empreintes))
    doc.add_page()
    doc.set_font("helvetica", "B", 15)
    _line(doc, 8, t(f"Relevé mensuel Pass numérique — {releve.mois:%m/%Y}"))
    doc.set_font("helvetica", "", 10)
    lines = [
        f"Lieu : {qualification.lieu.nom} (SIRET {qualification.siret})",
        f"Campagne : {releve.campagne.nom}",
        f"Compte : {qualification.titulaire_compte} — IBAN {qualification.iban_masque}",
        f"Chèques : {releve.nombre_cheques} × {releve.campagne.valeur_cheque} € = {releve.montant} €",
        f"État : {releve.get_statut_display()}"
        + (f" (référence {releve.payment_reference})" if releve.payment_reference else ""),
        f"Édité le {timezone.localtime():%d/%m/%Y %H:%M}",
    ]
    for line in lines:
        _line(doc, 6, t(line))
    doc.ln(3)
    doc.set_font("helvetica", "B", 9)
    for label, width in (("Code", 50), ("Encaissé le", 40), ("Service", 75), ("Montant", 25)):
        doc.cell(width, 7, t(label), border=1)
    doc.ln()
    doc.set_font("helvetica", "", 9)
    for c in cheques:
        doc.cell(50, 6, codes.format_code(c.code), border=1)
        doc.cell(40, 6, f"{timezone.localtime(c.redeemed_at):%d/%m/%Y %H:%M}", border=1)
        doc.cell(75, 6, t(c.service.libelle[:45]), border=1)
        doc.cell(25, 6, t(f"{releve.campagne.valeur_cheque} €"), border=1)
        doc.ln()
    return doc.output()
