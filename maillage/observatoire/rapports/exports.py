"""Les chiffres d'un rapport sous forme de tableau (CSV, XLSX de la coordination) et de document de l'export
national (JSON, CSV ; schéma : `docs/export-national-observatoire.md`). Mêmes lignes, même ordre que l'écran et le
PDF : tout vient de `chiffres.rapport_du_mois`."""

from decimal import Decimal

from maillage.core.masquage import SEUIL
from maillage.observatoire.rapports.chiffres import Rapport

SCHEMA = "maillage-observatoire-mensuel"
VERSION = "1.0"
LICENCE = "Licence Ouverte 2.0 (Etalab)"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"

ENTETE_RAPPORT = ["Territoire", "Mois", "Section", "Code", "Chiffre", "Valeur", "Unité"]
ENTETE_NATIONAL = ["territoire", "territoire_nom", "mois", "section", "code", "libelle", "valeur", "unite", "masque"]


def _mois(rapport: Rapport) -> str:
    return f"{rapport.mois:%Y-%m}"


def lignes_rapport(rapport: Rapport) -> list[list]:
    """Une ligne par chiffre, la valeur telle qu'affichée (« < 5 », « — ») ou le nombre (resté un nombre)."""
    return [[rapport.territoire.nom, _mois(rapport), s.titre, ligne.code, ligne.libelle, ligne.valeur, ligne.unite]
            for s, ligne in rapport.lignes()]  # fmt: skip


def _valeur_nationale(valeur) -> int | float | None:
    if isinstance(valeur, str):
        return None
    return float(valeur) if isinstance(valeur, Decimal) else valeur


def document_national(rapport: Rapport) -> dict:
    t = rapport.territoire
    return {
        "schema": SCHEMA,
        "version": VERSION,
        "licence": LICENCE,
        "territoire": {
            "identifiant": t.slug,
            "nom": t.nom,
            "type": t.type,
            "communes": t.communes.count(),
        },  # fmt: skip
        "mois": _mois(rapport),
        "edite_le": rapport.edite_le.isoformat(),
        "seuil_masquage": SEUIL,
        "chiffres": [
            {
                "section": s.code,
                "code": ligne.code,
                "libelle": ligne.libelle,
                "valeur": _valeur_nationale(ligne.valeur),
                "unite": ligne.unite,
                "masque": ligne.masquee,
            }
            for s, ligne in rapport.lignes()
        ],  # fmt: skip
    }


def lignes_nationales(rapport: Rapport) -> list[list]:
    t = rapport.territoire
    return [
        [t.slug, t.nom, _mois(rapport), s.code, ligne.code, ligne.libelle,
         "" if ligne.masquee else _valeur_nationale(ligne.valeur), ligne.unite, "true" if ligne.masquee else "false"]
        for s, ligne in rapport.lignes()
    ]  # fmt: skip
