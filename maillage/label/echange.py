"""Lecture d'un référentiel du label importé (le JSON que produit l'export) : chaque clé vérifiée, un rapport en
français qui nomme la clé et la règle, rien d'écrit ici (l'écriture est `services.import_referentiel`)."""

import json
from typing import Any

from django.core.exceptions import ValidationError

from maillage.aidants.enums import Niveau
from maillage.label.enums import CHAMPS, NIVEAU_MAX, SourceNiveau


def _grille_propre(grille: list[str]) -> list[str]:
    propre = [c.strip() for c in grille if c and c.strip()]
    if not propre:
        raise ValidationError({"grille": "La grille de posture a au moins un critère."})
    if len(propre) > 30 or any(len(c) > 300 for c in propre):
        raise ValidationError({"grille": "30 critères au plus, de 300 caractères au plus chacun."})
    return propre


CLES_INFORMATIVES = {"licence", "territoire", "version"}
CLES_IMPORT = {"exemple", "grille_posture", "pairs_autre_structure", "validite_mois", "sources_acceptees", "profils"}
MAX_IMPORT_OCTETS = 200_000


def _decoder(contenu: bytes | str) -> dict[str, Any]:
    if isinstance(contenu, bytes):
        if len(contenu) > MAX_IMPORT_OCTETS:
            raise ValidationError(f"Le fichier dépasse {MAX_IMPORT_OCTETS // 1000} Ko : ce n'est pas un référentiel.")
        try:
            contenu = contenu.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError("Le fichier n'est pas du texte UTF-8 : enregistrez-le en JSON (UTF-8).") from None
    try:
        data = json.loads(contenu)
    except ValueError as e:
        raise ValidationError(f"Le fichier n'est pas du JSON valide (ligne {getattr(e, 'lineno', '?')}).") from None
    if not isinstance(data, dict):
        raise ValidationError("Le fichier doit contenir un objet JSON { … }, comme celui de l'export.")
    return data


def _entier(n: Any, bas: int, haut: int) -> bool:
    return isinstance(n, int) and not isinstance(n, bool) and bas <= n <= haut


def _lire_grille(grille: Any, erreurs: list[str]) -> list[str] | None:
    if not isinstance(grille, list) or not all(isinstance(c, str) for c in grille):
        erreurs.append("« grille_posture » : une liste de critères (des textes) attendue.")
        return None
    try:
        return _grille_propre(grille)
    except ValidationError as e:
        erreurs.append(f"« grille_posture » : {' '.join(e.messages)}")
        return None


def _lire_sources(sources: Any, erreurs: list[str]) -> list[str] | None:
    if not isinstance(sources, list) or not sources or not all(isinstance(x, str) for x in sources):
        erreurs.append("« sources_acceptees » : une liste non vide de sources attendue.")
    elif inconnues := sorted(set(sources) - set(SourceNiveau.values)):
        erreurs.append(f"« sources_acceptees » : source inconnue {', '.join(inconnues)} (sources possibles : "
                       f"{', '.join(SourceNiveau.values)}).")  # fmt: skip
    else:
        return sorted(set(sources))
    return None


def _lire_profil(cle: str, exigences: Any, erreurs: list[str]) -> dict[str, int | None] | None:
    if not isinstance(exigences, dict):
        erreurs.append(f"« {cle} » : un objet {{ compétence : niveau }} attendu.")
        return None
    erreurs += [
        f"« {cle}.{code} » : compétence inconnue (de 1.1 à 5.2)." for code in sorted(set(exigences) - set(CHAMPS))
    ]
    for code in CHAMPS:
        n = exigences.get(code)
        if n is not None and not _entier(n, 0, NIVEAU_MAX):
            erreurs.append(f"« {cle}.{code} » : un niveau entier de 0 à {NIVEAU_MAX}, ou null (non exigé) ; reçu : "
                           f"{json.dumps(n, ensure_ascii=False)[:30]}.")  # fmt: skip
    return {code: exigences.get(code) for code in CHAMPS}


def _lire_profils(profils: Any, erreurs: list[str]) -> dict[str, dict[str, int | None]] | None:
    if not isinstance(profils, dict):
        erreurs.append("« profils » : un objet { niveau d'intervention : { compétence : niveau } } attendu.")
        return None
    out = {}
    for niveau, exigences in profils.items():
        if niveau not in Niveau.values:
            erreurs.append(f"« profils.{niveau} » : niveau d'intervention inconnu (niveaux possibles : "
                           f"{', '.join(Niveau.values)}).")  # fmt: skip
        elif (lu := _lire_profil(f"profils.{niveau}", exigences, erreurs)) is not None:
            out[niveau] = lu
    return out


def lire_referentiel_json(contenu: bytes | str) -> dict[str, Any]:
    """Lit et vérifie un référentiel exporté, clé par clé. Tout ce qui ne va pas est rendu ensemble (un message
    par clé fautive, qui la nomme et dit pourquoi), pour corriger le fichier en une fois. N'écrit rien."""
    data = _decoder(contenu)
    erreurs = [f"« {k} » : clé inconnue (clés attendues : {', '.join(sorted(CLES_IMPORT))})."
               for k in sorted(set(data) - CLES_IMPORT - CLES_INFORMATIVES)]  # fmt: skip
    erreurs += [f"« {k} » : clé manquante." for k in sorted({"grille_posture", "profils"} - set(data))]
    propre: dict[str, Any] = {}
    for cle, nom in (("exemple", "est_exemple"), ("pairs_autre_structure", "pairs_autre_structure")):
        if cle in data and not isinstance(data[cle], bool):
            erreurs.append(f"« {cle} » : true ou false attendu.")
        elif cle in data:
            propre[nom] = data[cle]
    if "validite_mois" in data:
        if _entier(data["validite_mois"], 1, 60):
            propre["validite_mois"] = data["validite_mois"]
        else:
            erreurs.append("« validite_mois » : un nombre entier de mois, de 1 à 60.")
    lecteurs = (("grille_posture", "grille", _lire_grille), ("sources_acceptees", "sources_acceptees", _lire_sources),
                ("profils", "profils", _lire_profils))  # fmt: skip
    for cle, nom, lire in lecteurs:
        if cle in data:
            propre[nom] = lire(data[cle], erreurs)
    if erreurs:
        raise ValidationError(erreurs)
    propre.setdefault("est_exemple", False)
    return propre
