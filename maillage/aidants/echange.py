"""Export et import d'une charte (JSON et Markdown, Licence Ouverte 2.0) : un territoire part du texte d'un autre.

Le format Markdown se lit et s'écrit à la main :

    # Titre (version 3)
    > Licence : Licence Ouverte 2.0 (Etalab)
    Préambule, sur un ou plusieurs paragraphes.
    ## Engagements
    1. [Tous les niveaux] Préserver la dignité de la personne.
    2. [REPERER_ORIENTER, AIDER_URGENCE] Dire à la personne vers qui elle peut aller.
"""

import json
import re

from django.core.exceptions import ValidationError

from maillage.aidants.enums import Niveau
from maillage.aidants.models import LICENCE, CharteAidants

FORMAT = "maillage-charte-aidants"
MAX_ENGAGEMENTS = 200
MAX_TEXTE = 2000
TOUS = "Tous les niveaux"
_LIGNE = re.compile(r"^\s*(\d+)\.\s*\[([^\]]*)\]\s*(.+?)\s*$")


def to_dict(charte: CharteAidants) -> dict:
    return {
        "format": FORMAT,
        "licence": LICENCE,
        "titre": charte.titre,
        "version": charte.version,
        "territoire": charte.territoire.nom,
        "exemple": charte.est_exemple,
        "preambule": charte.preambule,
        "engagements": [
            {"numero": e.numero, "texte": e.texte, "niveaux": e.niveaux} for e in charte.engagements.all()
        ],
    }


def to_json(charte: CharteAidants) -> str:
    return json.dumps(to_dict(charte), ensure_ascii=False, indent=2)


def to_markdown(charte: CharteAidants) -> str:
    lines = [f"# {charte.titre} (version {charte.version})", "", f"> Licence : {LICENCE}"]
    if charte.est_exemple:
        lines.append("> Exemple — à adapter par votre coordination.")
    lines += ["", charte.preambule.strip(), "", "## Engagements", ""]
    for e in charte.engagements.all():
        niveaux = ", ".join(e.niveaux) if e.niveaux else TOUS
        lines.append(f"{e.numero}. [{niveaux}] {' '.join(e.texte.split())}")
    return "\n".join(lines) + "\n"


def _niveaux(raw, ou: str) -> list[str]:
    if raw in ("", TOUS, None) or raw == []:
        return []
    items = [x.strip() for x in raw.split(",")] if isinstance(raw, str) else raw
    if not isinstance(items, list) or any(i not in Niveau.values for i in items):
        raise ValidationError(f"{ou} : niveau inconnu. Niveaux permis : {', '.join(Niveau.values)} ou « {TOUS} ».")
    return [n for n in Niveau.values if n in items]


def _check(data: dict) -> dict:
    engagements = data.get("engagements")
    if not isinstance(engagements, list) or not engagements:
        raise ValidationError("Le fichier ne contient aucun engagement.")
    if len(engagements) > MAX_ENGAGEMENTS:
        raise ValidationError(f"Au plus {MAX_ENGAGEMENTS} engagements par charte.")
    clean = []
    for i, e in enumerate(engagements, start=1):
        texte = str((e or {}).get("texte", "") if isinstance(e, dict) else "").strip()
        if not texte or len(texte) > MAX_TEXTE:
            raise ValidationError(f"Engagement {i} : texte vide ou de plus de {MAX_TEXTE} caractères.")
        clean.append({"texte": texte, "niveaux": _niveaux(e.get("niveaux"), f"Engagement {i}")})
    return {
        "titre": str(data.get("titre") or "Charte des aidants et des aidantes")[:200],
        "preambule": str(data.get("preambule") or "")[:20000],
        "engagements": clean,
    }


def from_json(text: str) -> dict:
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise ValidationError("Ce fichier n'est pas un JSON lisible (export d'une charte Maillage attendu).") from e
    if not isinstance(data, dict):
        raise ValidationError("Ce fichier n'est pas un export de charte (objet JSON attendu).")
    return _check(data)


def from_markdown(text: str) -> dict:
    titre, preambule, engagements, dans_engagements = "", [], [], False
    for line in text.splitlines():
        if line.startswith("# ") and not titre:
            titre = re.sub(r"\s*\(version \d+\)\s*$", "", line[2:].strip())
        elif line.startswith("## "):
            dans_engagements = True
        elif dans_engagements and (m := _LIGNE.match(line)):
            engagements.append({"texte": m.group(3), "niveaux": m.group(2).strip()})
        elif not dans_engagements and not line.startswith(">"):
            preambule.append(line)
    return _check({"titre": titre, "preambule": "\n".join(preambule).strip(), "engagements": engagements})


def parse(text: str, filename: str = "") -> dict:
    """JSON si le nom finit par .json ou si le texte commence par « { », sinon Markdown."""
    if filename.lower().endswith(".json") or text.lstrip().startswith("{"):
        return from_json(text)
    return from_markdown(text)
