"""Les cartes de résultats de la recherche de lieux (page de recherche, page d'un lieu fermé), écrites en Python.

Pourquoi : vingt cartes par page, chacune une quinzaine de conditions et de variables, coûtaient au moteur de gabarits
autant que toute la recherche (bench/bench_recherche.py, page HTML ≤ 2 × l'API). Même balisage DSFR qu'avant
(tests/lieux/test_cartes.py compare à l'ancien gabarit). Chaque valeur passe par `_e`, l'échappement de Django
(`html.escape`, un texte déjà sûr reste tel quel) sans le coût de `format_html` à chaque morceau : une page de
vingt cartes en faisait plus de cent appels. `rows` vient de `views.public._result_rows`.
"""

from html import escape as _escape

from django.utils.safestring import SafeData, SafeString, mark_safe

_BADGE = '<li><p class="fr-badge {}">{}</p></li>'
_A_DISTANCE = "fr-badge--info fr-badge--sm fr-badge--no-icon", "À distance"
_INTERVIENT = "fr-badge--new fr-badge--sm fr-badge--no-icon", "Intervient dans votre commune"
_OUVERT = "fr-badge--success fr-badge--sm", "Ouvert maintenant"
_FERME = "fr-badge--sm", "Fermé en ce moment"
_GRATUIT = "fr-badge--info fr-badge--sm fr-badge--no-icon", "Gratuit"
_PASS = "fr-badge--success fr-badge--sm fr-badge--no-icon", "Pass numérique accepté"


def _e(valeur) -> str:
    """Comme `django.utils.html.conditional_escape` : un texte marqué sûr passe, tout autre est échappé."""
    return str(valeur) if isinstance(valeur, SafeData) else _escape(str(valeur))


def _description(row: dict) -> str:
    if row["a_distance"]:
        texte = f"<strong>Aide à distance</strong> (téléphone, visio) depuis {_e(row['commune'])}"
    elif row["itinerant"]:
        texte = "Lieu itinérant (plusieurs arrêts)"
    else:
        texte = f"{_e(row['adresse'])}, {_e(row['code_postal'])} {_e(row['commune'])}"
    if row["distance"] and not row["a_distance"]:
        texte = f"{texte} — <strong>{_e(row['distance'])}</strong>"
    return texte


def _badges(row: dict) -> str:
    badges = []
    if row["a_distance"]:
        badges.append(_A_DISTANCE)
    if row["intervient"]:
        badges.append(_INTERVIENT)
    if row["annonce"]:
        succes = " fr-badge--success" if row["ouvert"] is True else ""
        badges.append((f"fr-badge--sm fr-badge--no-icon{succes}", _e(row["annonce"])))
    elif row["ouvert"] is True:
        badges.append(_OUVERT)
    elif row["ouvert"] is False:
        badges.append(_FERME)
    if row["gratuit"]:
        badges.append(_GRATUIT)
    if row["pass_numerique"]:
        badges.append(_PASS)
    return "".join(_BADGE.format(classes, texte) for classes, texte in badges)


def _carte(row: dict) -> str:
    besoins = (
        f'<div class="fr-card__end"><p class="fr-card__detail">{" · ".join(_e(b) for b in row["besoins"])}</p></div>'
        if row["besoins"]
        else ""
    )
    return (
        '<li class="fr-card fr-card--sm fr-enlarge-link fr-mb-2w"><div class="fr-card__body"><div class="fr-card__content">'
        f'<h3 class="fr-card__title"><a href="{_e(row["url"])}">{_e(row["nom"])}</a></h3>'
        f'<p class="fr-card__desc">{_description(row)}</p>'
        f'<div class="fr-card__start"><ul class="fr-badges-group">{_badges(row)}</ul></div>{besoins}</div></div></li>'
    )


def cartes(rows: list[dict]) -> SafeString:
    """La liste ordonnée des cartes (vide : chaîne vide). Chaque valeur est échappée par `_e`."""
    if not rows:
        return mark_safe("")
    liste = "".join(_carte(r) for r in rows)
    return mark_safe(f'<ol class="lieux-resultats" aria-label="Lieux trouvés">{liste}</ol>')  # noqa: S308
