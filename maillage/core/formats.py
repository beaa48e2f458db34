"""Écritures françaises des nombres dans les textes publics, pages et PDF : « 10,00 € », « 1 250,50 € », « 0,6 km ».

Espace fine insécable (U+202F) entre les milliers, espace insécable (U+00A0) avant l'unité : ni le montant ni
la distance ne se coupent en fin de ligne. Une seule règle pour les gabarits (filtres `euros`, `km`) et le Python.
"""

from decimal import ROUND_HALF_UP, Decimal

ESPACE_MILLIERS = "\u202f"
ESPACE_UNITE = "\u00a0"


def nombre(valeur, decimales: int = 2) -> str:
    """« 1 250,50 » : virgule décimale, milliers séparés par une espace fine insécable ; arrondi au plus proche."""
    quantum = Decimal(1).scaleb(-decimales)
    d = Decimal(str(valeur)).quantize(quantum, rounding=ROUND_HALF_UP)
    signe = "-" if d < 0 else ""
    entier, _, fraction = f"{abs(d):f}".partition(".")
    groupes = []
    while len(entier) > 3:
        groupes.insert(0, entier[-3:])
        entier = entier[:-3]
    groupes.insert(0, entier)
    texte = ESPACE_MILLIERS.join(groupes)
    return f"{signe}{texte},{fraction}" if decimales else f"{signe}{texte}"


def euros(valeur) -> str:
    """« 10,00 € » ; une valeur absente s'écrit vide."""
    if valeur is None or valeur == "":
        return ""
    return f"{nombre(valeur, 2)}{ESPACE_UNITE}€"


def km(valeur) -> str:
    """« 0,6 km » (une décimale)."""
    if valeur is None or valeur == "":
        return ""
    return f"{nombre(valeur, 1)}{ESPACE_UNITE}km"
