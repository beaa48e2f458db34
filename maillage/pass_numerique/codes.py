"""Codes des chèques : imprévisibles, faciles à dicter et à saisir, avec un caractère de contrôle.

- Alphabet de 30 signes sans caractères ambigus : ni 0/O, ni 1/I/L, ni U (confondu avec V à l'oral).
- 14 signes tirés au hasard (`secrets`) : 30**14 ≈ 2**68,7 possibilités, donc plus de 60 bits.
- Un 15e signe de contrôle calculé par le système hybride ISO 7064 « MOD 31,30 » (même construction que
  MOD 37,36, sur notre alphabet de 30 signes). Il détecte TOUTE erreur sur un seul caractère : chaque étape
  du calcul est une bijection de l'état, car 31 est impair (2 est inversible modulo 31). Prouvé par des tests
  de propriétés (hypothesis) et par énumération.
- Affiché en trois groupes de cinq : « ABCDE-FGHJK-MNPQR ».
"""

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
M = len(ALPHABET)  # 30
INDEX = {c: i for i, c in enumerate(ALPHABET)}
RANDOM_LENGTH = 14
CODE_LENGTH = RANDOM_LENGTH + 1
GROUP = 5
_SPACE = M**RANDOM_LENGTH


def _step(p: int, d: int) -> int:
    """Une étape du système hybride : p ← 2 × ((p + d) mod M, 0 devenant M) mod (M + 1)."""
    p = (p + d) % M
    if p == 0:
        p = M
    return (2 * p) % (M + 1)


# Table de transition précalculée (état, caractère) → état : 1 M de codes en quelques secondes.
_TABLE = [None] + [{ch: _step(p, d) for ch, d in INDEX.items()} for p in range(1, M + 1)]


def check_character_reference(body: str) -> str:
    """Calcul direct, tel que décrit par ISO 7064 (sert de référence aux tests)."""
    p = M
    for ch in body:
        p = _step(p, INDEX[ch])
    return ALPHABET[(M + 1 - p) % M]


def check_character(body: str) -> str:
    """Caractère de contrôle ISO 7064 hybride MOD (M+1, M) du corps du code (version tabulée)."""
    p = M
    table = _TABLE
    for ch in body:
        p = table[p][ch]
    return ALPHABET[(M + 1 - p) % M]


def is_valid(code: str) -> bool:
    """Vrai si le code normalisé a la bonne longueur, le bon alphabet et le bon caractère de contrôle."""
    return len(code) == CODE_LENGTH and all(c in INDEX for c in code) and check_character(code[:-1]) == code[-1]


def generate_code() -> str:
    """Un code de 15 signes (sans tirets), dont 14 imprévisibles (`secrets.randbelow`)."""
    n = secrets.randbelow(_SPACE)
    chars = []
    for _ in range(RANDOM_LENGTH):
        n, r = divmod(n, M)
        chars.append(ALPHABET[r])
    body = "".join(chars)
    return body + check_character(body)


# Octet aléatoire → signe : les octets 0..239 (8 × 30) donnent un signe sans biais, les autres sont rejetés.
_BYTE_TO_CHAR = bytes(ord(ALPHABET[b % M]) if b < 8 * M else 0 for b in range(256))
_REJECTED = bytes(range(8 * M, 256))


def _random_bodies(count: int) -> list[str]:
    """`count` corps de 14 signes tirés de `secrets.token_bytes` (rejet des octets ≥ 240 : aucun biais)."""
    needed = count * RANDOM_LENGTH
    chars = ""
    while len(chars) < needed:
        raw = secrets.token_bytes((needed - len(chars)) * 17 // 16 + 64)
        chars += raw.translate(_BYTE_TO_CHAR, _REJECTED).decode("ascii")
    return [chars[i : i + RANDOM_LENGTH] for i in range(0, needed, RANDOM_LENGTH)]


def generate_codes(count: int) -> list[str]:
    """`count` codes distincts (sans doublon entre eux), générés en masse."""
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        for body in _random_bodies(count - len(out)):
            code = body + check_character(body)
            if code not in seen:
                seen.add(code)
                out.append(code)
    return out


def normalize(raw: str) -> str:
    """Code tel que saisi ou lu par la caméra → forme stockée : majuscules, sans espaces ni tirets.

    Accepte aussi une URL de QR code (`…/c/CODE`) : on garde la fin.
    """
    raw = (raw or "").strip()
    if "/" in raw:
        raw = raw.rstrip("/").rsplit("/", 1)[-1]
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def format_code(code: str) -> str:
    """« ABCDEFGHJKMNPQR » → « ABCDE-FGHJK-MNPQR »."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))
