"""Le rapport mensuel d'un territoire en PDF (A4, fpdf2) : balisé pour les lecteurs d'écran, une page par mission.

Même police et même typographie que les documents du Pass (`pass_numerique/pdf.py` : Spectral, « 1 250 »,
« 10,00 € »). Accessibilité (PDF/UA dans ce que fpdf2 permet) : langue du document (`fr-FR`), titre affiché à la
place du nom de fichier, signets par section, et un arbre de structure — titre `H1`, titres de section `H2`,
chaque chiffre un paragraphe `P` (« libellé : valeur », lu dans l'ordre) ; le pied de page (numéro) est un artefact
que les lecteurs d'écran sautent. Un bloc balisé ne passe jamais d'une page à l'autre : la place est vérifiée avant.

À la fin, l'empreinte de tête de chaque journal (`core/journal.py`) : comparée plus tard à
`manage.py verifier_journaux`, elle prouve qu'aucune ligne n'a été retirée depuis l'édition.
"""

from contextlib import contextmanager

from fpdf import ViewerPreferences

from maillage.core.journal import head_hash, journal_models
from maillage.observatoire.rapports.chiffres import Rapport
from maillage.pass_numerique.pdf import POLICE, _Document, _new_pdf, t

LIGNE = 5.5
COLONNE_VALEUR = 38


class _RapportPdf(_Document):
    @contextmanager
    def balise(self, type_: str, hauteur: float):
        """Un bloc de contenu marqué (`/H1`, `/H2`, `/P`) relié à l'arbre de structure ; page suivante d'abord si
        le bloc ne tient pas."""
        if self.get_y() + hauteur > self.page_break_trigger:
            self.add_page()
        mcid = self.struct_builder.next_mcid_for_page(self.page)
        self._add_marked_content(struct_type=f"/{type_}", mcid=mcid)  # noqa: SLF001 (arbre de structure de fpdf2)
        self._out(f"/{type_} <</MCID {mcid}>> BDC")  # noqa: SLF001
        yield
        self._out("EMC")  # noqa: SLF001

    def footer(self):
        self._out("/Artifact BMC")  # noqa: SLF001
        self.set_y(-12)
        self.set_font(POLICE, "", 8)
        self.cell(0, 4, f"Page {self.page_no()} sur {{nb}}", align="R")
        self._out("EMC")  # noqa: SLF001

    def titre(self, type_: str, texte: str, taille: float, hauteur: float) -> None:
        self.set_font(POLICE, "B", taille)
        lignes = self.lignes(self.epw, t(texte))
        with self.balise(type_, hauteur * len(lignes)):
            self.paragraphe(hauteur, texte)

    def texte(self, texte: str, taille: float = 10.5) -> None:
        self.set_font(POLICE, "", taille)
        lignes = self.lignes(self.epw, t(texte))
        with self.balise("P", LIGNE * len(lignes)):
            self.paragraphe(LIGNE, texte)

    def chiffre(self, libelle: str, valeur: str) -> None:
        """Le libellé à gauche (sur plusieurs lignes s'il le faut), la valeur alignée à droite sur la première."""
        self.set_font(POLICE, "", 10.5)
        largeur = self.epw - COLONNE_VALEUR
        lignes = self.lignes(largeur, t(libelle))
        with self.balise("P", LIGNE * len(lignes) + 1.5):
            y = self.get_y()
            for ligne in lignes:
                self.cell(largeur, LIGNE, ligne, new_x="LMARGIN", new_y="NEXT")
            fin = self.get_y()
            self.set_xy(self.l_margin + largeur, y)
            self.set_font(POLICE, "B", 10.5)
            self.cell(COLONNE_VALEUR, LIGNE, t(valeur), align="R")
            self.set_draw_color(200, 200, 200)
            self.line(self.l_margin, fin + 0.5, self.l_margin + self.epw, fin + 0.5)
            self.set_xy(self.l_margin, fin + 1.5)


def rapport_pdf(rapport: Rapport) -> bytes:
    territoire = rapport.territoire
    titre = f"Rapport mensuel de l'observatoire — {territoire.nom} — {rapport.periode}"
    doc = _new_pdf(titre, cls=_RapportPdf)
    doc.set_lang("fr-FR")
    doc.set_subject(t(f"Chiffres de la médiation numérique, {territoire.nom}, {rapport.periode}"))
    doc.viewer_preferences = ViewerPreferences(display_doc_title=True)
    doc.set_auto_page_break(True, margin=18)
    doc.add_page()
    doc.start_section("Présentation")
    doc.titre("H1", f"Observatoire de la médiation numérique — {territoire.nom}", 17, 9)
    en_cours = f" Mois en cours : chiffres arrêtés au {rapport.edite_le:%d/%m/%Y}." if rapport.en_cours else ""
    doc.texte(f"Rapport mensuel : {rapport.periode}. Édité le {rapport.edite_le:%d/%m/%Y}.{en_cours}", 12)
    doc.ln(2)
    doc.texte(
        "Chiffres agrégés, sans aucune donnée sur une personne. Les sections suivent les missions des hubs : "
        "réseau, financement, mutualisation, évaluation. Un effectif de 1 à 4 s'écrit « < 5 » (secret "
        "statistique) ; une part ou un délai qui le redonnerait s'écrit « — ». Les lieux sont comptés au jour de "
        "l'édition ; les séances, orientations et chèques du Pass, sur le mois."
    )
    for i, section in enumerate(rapport.sections):
        if i:
            doc.add_page()
        doc.start_section(f"{i + 1}. {section.titre}")
        doc.titre("H2", f"{i + 1}. {section.titre}", 14, 8)
        doc.texte(f"Mission : {section.mission}.", 10.5)
        doc.ln(2)
        for ligne in section.lignes:
            doc.chiffre(ligne.libelle, ligne.texte)
    doc.add_page()
    doc.start_section("Empreintes des journaux")
    doc.titre("H2", "Empreintes des journaux", 14, 8)
    doc.texte(
        "L'empreinte de la dernière ligne de chaque journal au moment de l'édition. La commande « verifier_journaux » "
        "recalcule les chaînes : une empreinte qui ne s'y retrouve plus montre qu'une ligne a été retirée.",
        9.5,
    )
    for model in journal_models():
        doc.texte(f"{model._meta.verbose_name_plural.capitalize()} : {head_hash(model)}", 8.5)
    return bytes(doc.output())
