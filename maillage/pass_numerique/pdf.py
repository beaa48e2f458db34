"""Documents imprimables (A4, fpdf2) : carnets avec lettre d'accompagnement, relevés mensuels.

Typographie française : police Unicode Spectral (licence libre SIL OFL 1.1), livrée par django-dsfr dans ses
fichiers statiques au format WOFF et convertie une fois en TrueType par fontTools (déjà requis par fpdf2). La
Marianne, à côté, n'a pas de licence libre : elle est réservée aux services de l'État, or les carnets sont émis
par des collectivités et des réseaux. On écrit « 10,00 € », « à 0,6 km » (core/formats.py), des guillemets « »,
de vraies puces ; paragraphes alignés à gauche (jamais justifiés : pas de grands blancs entre les mots) ; les
titres d'un chèque sont réduits jusqu'à tenir dans sa case.
"""

import functools
import logging
import tempfile
from pathlib import Path

import dsfr
import segno
from django.conf import settings
from django.utils import timezone
from fontTools.ttLib import TTFont
from fpdf import FPDF

from maillage.core.formats import euros, km
from maillage.pass_numerique import codes
from maillage.pass_numerique.services.carnets import lieux_proches

MAX_CARNETS_PAR_PDF = 500
logging.getLogger("fontTools").setLevel(logging.WARNING)  # le sous-ensemble de police écrit sinon chaque glyphe

POLICE = "spectral"
_WOFF = {"": "Spectral-Regular.woff", "B": "Spectral-ExtraBold.woff"}


@functools.cache
def _fichiers_police() -> dict[str, str]:
    """Les fichiers TrueType de la police, convertis une fois par processus depuis les WOFF de django-dsfr."""
    source = Path(dsfr.__file__).parent / "static" / "dsfr" / "dist" / "fonts"
    dossier = Path(tempfile.gettempdir()) / "maillage-polices"
    dossier.mkdir(exist_ok=True)
    chemins = {}
    for style, nom in _WOFF.items():
        cible = dossier / nom.replace(".woff", ".ttf")
        if not cible.exists():
            police = TTFont(source / nom)
            police.flavor = None
            tmp = cible.with_suffix(f".{id(police)}.tmp")
            police.save(tmp)
            tmp.replace(cible)  # écriture atomique : deux processus ne lisent jamais un fichier à moitié écrit
        chemins[style] = str(cible)
    return chemins


def t(text) -> str:
    """Texte prêt pour le PDF : la police n'a pas l'espace fine insécable, remplacée par l'espace insécable."""
    return str(text).replace("\u202f", "\u00a0")


def _qr_vectoriel(doc: FPDF, content: str, x: float, y: float, taille: float) -> None:
    """Un QR code dessiné en vectoriel (net à toute taille d'impression), une suite de rectangles noirs par ligne.

    QR code classique, jamais « micro » (les lecteurs des téléphones et html5-qrcode ne lisent pas les micro QR
    codes). Masque fixé (tous les masques sont lus par tous les lecteurs) : choisir le « meilleur » des 8 coûtait
    les deux tiers du temps du PDF de 500 carnets. Un seul chemin PDF par QR code (opérateurs `re` puis `f`),
    écrit directement dans la page comme le fait `FPDF.rect` : 5 000 QR codes en image PNG coûtaient 15 s.
    """
    matrice = segno.make_qr(content, error="m", mask=2).matrix  # lignes d'octets : 1 = module noir
    module = taille / len(matrice) * doc.k
    x0, y0 = x * doc.k, (doc.h - y) * doc.k
    rectangles = []
    for r, ligne in enumerate(matrice):
        n, fin = len(ligne), 0
        while (debut := ligne.find(1, fin)) != -1:
            fin = ligne.find(0, debut)
            fin = n if fin == -1 else fin
            rectangles.append(
                f"{x0 + debut * module:.2f} {y0 - (r + 1) * module:.2f} {(fin - debut) * module:.2f} {module:.2f} re"
            )
    doc._out(f"q 0 g {' '.join(rectangles)} f Q")  # noqa: SLF001 (pas d'API publique pour un chemin brut)


class _Document(FPDF):
    """Les coupures de lignes d'un texte sont calculées une fois par document (la lettre est la même pour les 500
    carnets) : la coupure d'un paragraphe avec une police TrueType est le plus gros coût de fpdf2."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._coupures: dict[tuple, list[str]] = {}
        self._tailles: dict[tuple, float] = {}

    def lignes(self, width: float, text: str) -> list[str]:
        cle = (self.font_family, self.font_style, self.font_size_pt, width, text)
        if cle not in self._coupures:
            self._coupures[cle] = self.multi_cell(width, 1, text, align="L", dry_run=True, output="LINES")
        return self._coupures[cle]

    def paragraphe(self, height: float, text: str, *, retrait: float = 0, puce: str = "") -> None:
        """Paragraphe aligné à gauche (jamais justifié), éventuellement précédé d'une puce ; puis marge gauche."""
        x = self.l_margin + retrait
        largeur = self.w - self.r_margin - x
        for i, ligne in enumerate(self.lignes(largeur, t(text))):
            if puce and i == 0:
                self.set_xy(x - 4, self.get_y())
                self.cell(4, height, puce)
            self.set_xy(x, self.get_y())
            self.cell(largeur, height, ligne, new_x="LMARGIN", new_y="NEXT")

    def titre_ajuste(self, width: float, height: float, text: str, *, size: float, style: str = "B") -> None:
        """Une ligne qui tient dans `width` : la taille baisse (jusqu'à 60 %) plutôt que de déborder de la case."""
        text = t(text)
        cle = (style, size, width, len(text), text if len(text) != 17 else "")  # les codes (17 signes) se ressemblent
        if cle not in self._tailles:
            taille = size
            self.set_font(POLICE, style, taille)
            while self.get_string_width(text) > width and taille > size * 0.6:
                taille -= 0.5
                self.set_font(POLICE, style, taille)
            self._tailles[cle] = taille
        self.set_font(POLICE, style, self._tailles[cle])
        self.cell(width, height, text)


def _new_pdf(title: str, cls: type[FPDF] = _Document, **kwargs) -> FPDF:
    doc = cls(format="A4", **kwargs)
    for style, chemin in _fichiers_police().items():
        doc.add_font(POLICE, style, chemin)
    doc.set_title(t(title))
    doc.set_author(t(f"Maillage {settings.MAILLAGE_TERRITOIRE_NOM}"))
    doc.set_auto_page_break(True, margin=15)
    return doc


def _lettre(doc: _Document, *, campagne, structure, carnet, lieux, financeurs: str) -> None:
    doc.add_page()
    doc.set_font(POLICE, "B", 17)
    doc.paragraphe(9, f"Votre Pass numérique — carnet n° {carnet.numero}")
    doc.set_font(POLICE, "", 11.5)
    doc.ln(2)
    reste = (
        " Certains lieux demandent un petit reste à payer : ils vous disent combien avant de commencer."
        if campagne.reste_a_charge_autorise
        else " Vous n'avez rien à payer de votre poche."
    )
    doc.paragraphe(
        6,
        f"Ce carnet contient {campagne.cheques_par_carnet} chèques de {euros(campagne.valeur_cheque)}, offerts par "
        f"{financeurs}. Ils paient des ateliers ou un accompagnement pour vous aider avec le numérique.{reste} "
        f"Ils sont valables jusqu'au {campagne.ends_on:%d/%m/%Y}. Remis par : {structure.nom}.",
    )
    doc.ln(3)
    doc.set_font(POLICE, "B", 12.5)
    doc.paragraphe(8, "Où utiliser vos chèques près de chez vous")
    doc.set_font(POLICE, "", 10.5)
    if not lieux:
        doc.paragraphe(6, "Demandez la liste des lieux à la structure qui vous a remis ce carnet.")
    for lieu, dist in lieux:
        distance = f", à {km(dist)}" if dist is not None else ""
        phone = f", tél. {lieu.telephone}" if lieu.telephone else ""
        doc.paragraphe(
            5.5, f"«\u00a0{lieu.nom}\u00a0», {lieu.adresse}, {lieu.code_postal} {lieu.commune}{phone}{distance}",
            retrait=6, puce="•",
        )  # fmt: skip
    doc.ln(3)
    doc.set_font(POLICE, "", 9.5)
    doc.paragraphe(
        5,
        "Aucun nom n'est enregistré avec ce carnet. Gardez-le précieusement : un chèque perdu ne peut pas être "
        "remplacé, mais un carnet perdu ou volé peut être annulé.",
    )


def _cheques(doc: _Document, *, campagne, carnet) -> None:
    """Page des chèques : 2 colonnes × 5 lignes de cases découpables (QR code, valeur, code, validité)."""
    doc.add_page()
    cheques = sorted(carnet.cheques.all(), key=lambda c: c.rang)
    w, h = 95, 54
    titre = f"{euros(campagne.valeur_cheque)} — Pass numérique"
    validite = f"Valable jusqu'au {campagne.ends_on:%d/%m/%Y}"
    doc.set_draw_color(150, 150, 150)
    for i, cheque in enumerate(cheques):
        if i and i % 10 == 0:
            doc.add_page()
        col, row = (i % 10) % 2, (i % 10) // 2
        x, y = 10 + col * w, 12 + row * h
        doc.rect(x, y, w - 4, h - 4)
        code = codes.format_code(cheque.code)
        _qr_vectoriel(doc, code, x + 4, y + 6, 32)  # marge blanche de 2 mm autour, exigée par les lecteurs
        doc.set_xy(x + 40, y + 5)
        doc.titre_ajuste(48, 6, titre, size=12)
        doc.set_xy(x + 40, y + 13)
        doc.titre_ajuste(48, 6, code, size=11)
        doc.set_font(POLICE, "", 8)
        for k, ligne in enumerate(
            (f"Carnet n° {carnet.numero} — chèque {cheque.rang} sur {campagne.cheques_par_carnet}", validite)
        ):
            doc.set_xy(x + 40, y + 21 + 4 * k)
            doc.cell(48, 4, ligne)
        doc.set_xy(x + 40, y + 29)
        doc.titre_ajuste(48, 4, campagne.nom, size=8, style="")


def carnets_pdf(*, campagne, structure, carnets) -> bytearray:
    """Pour chaque carnet : une lettre d'accompagnement puis une page de chèques découpables (QR + code)."""
    doc = _new_pdf(f"Carnets Pass numérique — {campagne.nom}")
    lieux = lieux_proches(structure, campagne.territoire_id)
    financeurs = ", ".join(c.financeur.nom for c in campagne.cofinancements.all())
    for carnet in carnets:
        _lettre(doc, campagne=campagne, structure=structure, carnet=carnet, lieux=lieux, financeurs=financeurs)
        _cheques(doc, campagne=campagne, carnet=carnet)
    return doc.output()


class _PiedEmpreintes(_Document):
    """Relevé : chaque page porte en pied les empreintes des journaux (ancre du registre, voir exports.py)."""

    def __init__(self, *args, pied: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.pied = pied

    def footer(self):
        self.set_y(-6 - 3.5 * len(self.pied))
        self.set_font("courier", "", 6)
        for ligne in self.pied:
            self.cell(0, 3.5, t(ligne).encode("latin-1", "replace").decode("latin-1"), new_x="LMARGIN", new_y="NEXT")
        self.set_font(POLICE, "", 7)
        self.cell(0, 3.5, f"Page {self.page_no()} sur {{nb}}", align="R")


def releve_pdf(*, releve, cheques, empreintes: list[str]) -> bytearray:
    qualification = releve.qualification
    doc = _new_pdf(f"Relevé {releve.mois:%m/%Y} — {qualification.lieu.nom}", cls=_PiedEmpreintes, pied=empreintes)
    doc.set_auto_page_break(True, margin=12 + 3.5 * len(empreintes))
    doc.add_page()
    doc.set_font(POLICE, "B", 15)
    doc.paragraphe(8, f"Relevé mensuel Pass numérique — {releve.mois:%m/%Y}")
    doc.set_font(POLICE, "", 10)
    valeur = euros(releve.campagne.valeur_cheque)
    lines = [
        f"Lieu : {qualification.lieu.nom} (SIRET {qualification.siret})",
        f"Campagne : {releve.campagne.nom}",
        f"Compte : {qualification.titulaire_compte} — IBAN {qualification.iban_masque}",
        f"Chèques : {releve.nombre_cheques} × {valeur} = {euros(releve.montant)}",
        f"État : {releve.get_statut_display()}"
        + (f" (référence {releve.payment_reference})" if releve.payment_reference else ""),
        f"Édité le {timezone.localtime():%d/%m/%Y à %H:%M}",
    ]
    for line in lines:
        doc.paragraphe(6, line)
    doc.ln(3)
    doc.set_font(POLICE, "B", 9)
    for label, width in (("Code", 50), ("Encaissé le", 40), ("Service", 75), ("Montant", 25)):
        doc.cell(width, 7, t(label), border=1)
    doc.ln()
    doc.set_font(POLICE, "", 9)
    for c in cheques:
        doc.cell(50, 6, codes.format_code(c.code), border=1)
        doc.cell(40, 6, f"{timezone.localtime(c.redeemed_at):%d/%m/%Y %H:%M}", border=1)
        doc.cell(75, 6, t(c.service.libelle[:45]), border=1)
        doc.cell(25, 6, t(valeur), border=1, align="R")
        doc.ln()
    return doc.output()
