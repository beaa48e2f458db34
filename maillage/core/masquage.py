"""Secret statistique : un effectif de 1 à 4 ne se montre jamais hors de la structure qui a accompagné.

Un petit effectif désigne presque une personne (« 2 personnes de plus de 70 ans à Chalonnes ») : tableaux de bord
et exports d'un territoire, observatoire des financeurs l'affichent « < 5 ». Un pourcentage se calcule à partir de
deux effectifs : il se cache dès que la part, le total ou le reste (total − part) serait caché, sinon le total
affiché et le pourcentage redonneraient le chiffre masqué (« 60 % de 5 » = 3 ; « 97 % de 100 » = 3 autres).
"""

SEUIL = 5
MASQUE = "< 5"
#: Un pourcentage caché : pas « < 5 », qui se lirait « moins de 5 % ».
PART_MASQUEE = "—"


def est_masque(n: int) -> bool:
    """Vrai pour un effectif de 1 à 4 ; 0 se montre (aucune personne n'est désignée)."""
    return 0 < n < SEUIL


def masque(n: int) -> int | str:
    """L'effectif publiable : 0, « < 5 » pour 1 à 4, sinon le nombre lui-même (resté un nombre pour les tableurs)."""
    return MASQUE if est_masque(n) else n


def masque_part(part: int, total: int, *, masquer: bool = True) -> str:
    """« 42 % », ou « — » quand le total est nul ou que la part, le total ou le reste serait masqué.

    `masquer=False` : chiffres exacts (une structure regarde ses propres accompagnements), même écriture."""
    if total <= 0 or (masquer and (est_masque(part) or est_masque(total) or est_masque(total - part))):
        return PART_MASQUEE
    return f"{round(100 * part / total)} %"
