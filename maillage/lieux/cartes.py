"""Les cartes de résultats de la recherche de lieux (page de recherche, page d'un lieu fermé), écrites en Python.

Pourquoi : vingt cartes par page, chacune une quinzaine de conditions et de variables, coûtaient au moteur de gabarits
autant que toute la recherche (bench/bench_recherche.py, page HTML ≤ 2 × l'API). Même balisage DSFR qu'avant, texte
échappé par `format_html` ; `rows` vient de `views.public._result_rows`.
"""

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

_BADGE = '<li><p class="fr-badge {}">{}</p></li>'


def _description(row: dict) -> SafeString:
    if row["a_distance"]:
        texte = format_html("<strong>Aide à distance</strong> (téléphone, visio) depuis {}", row["commune"])
    elif row["itinerant"]:
        texte = mark_safe("Lieu itinérant (plusieurs arrêts)")
    else:
        texte = format_html("{}, {} {}", row["adresse"], row["code_postal"], row["commune"])
    if row["distance"] and not row["a_distance"]:
        texte = format_html("{} — <strong>{}</strong>", texte, row["distance"])
    return texte


def _badges(row: dict) -> SafeString:
    badges = []
    if row["a_distance"]:
        badges.append(("fr-badge--info fr-badge--sm fr-badge--no-icon", "À distance"))
    if row["intervient"]:
        badges.append(("fr-badge--new fr-badge--sm fr-badge--no-icon", "Intervient dans votre commune"))
    if row["annonce"]:
        succes = " fr-badge--success" if row["ouvert"] is True else ""
        badges.append((f"fr-badge--sm fr-badge--no-icon{succes}", row["annonce"]))
    elif row["ouvert"] is True:
        badges.append(("fr-badge--success fr-badge--sm", "Ouvert maintenant"))
    elif row["ouvert"] is False:
        badges.append(("fr-badge--sm", "Fermé en ce moment"))
    if row["gratuit"]:
        badges.append(("fr-badge--info fr-badge--sm fr-badge--no-icon", "Gratuit"))
    if row["pass_numerique"]:
        badges.append(("fr-badge--success fr-badge--sm fr-badge--no-icon", "Pass numérique accepté"))
    return format_html_join("", _BADGE, badges)


def _carte(row: dict) -> SafeString:
    besoins = (
        format_html('<div class="fr-card__end"><p class="fr-card__detail">{}</p></div>',
                    mark_safe(" · ".join(escape(b) for b in row["besoins"])))  # noqa: S308 (chaque besoin échappé)
        if row["besoins"]
        else ""
    )  # fmt: skip
    return format_html(
        '<li class="fr-card fr-card--sm fr-enlarge-link fr-mb-2w"><div class="fr-card__body"><div class="fr-card__content">'
        '<h3 class="fr-card__title"><a href="{}">{}</a></h3><p class="fr-card__desc">{}</p>'
        '<div class="fr-card__start"><ul class="fr-badges-group">{}</ul></div>{}</div></div></li>',
        row["url"], row["nom"], _description(row), _badges(row), besoins,
    )  # fmt: skip


def cartes(rows: list[dict]) -> SafeString:
    """La liste ordonnée des cartes (vide : chaîne vide)."""
    if not rows:
        return mark_safe("")
    return format_html(
        '<ol class="lieux-resultats" aria-label="Lieux trouvés">{}</ol>', mark_safe("".join(_carte(r) for r in rows))
    )  # noqa: S308 (chaque carte passe par format_html)
