"""Code personnel imprimé sur le récapitulatif d'une séance et sur la fiche d'une orientation.

Même alphabet sans caractères ambigus et même caractère de contrôle (ISO 7064 hybride) que les chèques du Pass
(`pass_numerique/codes.py`), mais plus court pour être tapé par la personne : 9 signes tirés au hasard
(`secrets`, 30**9 ≈ 2**44) + 1 signe de contrôle, affichés en deux groupes de cinq « ABCDE-FGHJK ».

Seule une empreinte est gardée (HMAC-SHA256 avec la clé secrète du site) : une copie de la base ne permet pas de
retrouver les codes, et la limite de débit de la page rend l'essai au hasard sans espoir.
"""

import secrets

from django.utils.crypto import salted_hmac

from maillage.pass_numerique.codes import ALPHABET, check_character, format_code, normalize

RANDOM_LENGTH = 9
CODE_LENGTH = RANDOM_LENGTH + 1
_SALT = "maillage.mes_donnees.code"

__all__ = ["CODE_LENGTH", "format_code", "generate", "hash_code", "is_well_formed", "normalize"]


def generate() -> str:
    """Un code de 10 signes (sans tiret), dont 9 imprévisibles."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return body + check_character(body)


def is_well_formed(code: str) -> bool:
    """Bonne longueur, bon alphabet, bon signe de contrôle (une faute de frappe se voit sans chercher en base)."""
    return len(code) == CODE_LENGTH and all(c in ALPHABET for c in code) and check_character(code[:-1]) == code[-1]


def hash_code(code: str) -> str:
    """Empreinte gardée en base (64 signes hexadécimaux) ; le code lui-même n'est jamais enregistré."""
    return salted_hmac(_SALT, normalize(code), algorithm="sha256").hexdigest()
