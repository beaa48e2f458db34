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


def check_character(body: str) -> str:
    """Caractère de contrôle ISO 7064 hybride MOD (M+1, M) du corps du code."""
    p = M
    for ch in body:
        p = (p + INDEX[ch]) % M
        if p == 0:
            p = M
        p = (2 * p) % (M + 1)
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


def generate_codes(count: int) -> list[str]:
    """`count` codes distincts (sans doublon entre eux)."""
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        code = generate_code()
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
