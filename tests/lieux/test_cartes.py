"""Les cartes de résultats écrites en Python (lieux/cartes.py) donnent le balisage de l'ancien gabarit, gardé ici comme
référence, pour chaque cas : à distance, itinérant, adresse, distance, badges, besoins, texte à échapper."""

import itertools
import re

from django.template import Context, Template

from maillage.lieux.cartes import cartes

GABARIT = """<ol class="lieux-resultats" aria-label="Lieux trouvés">
  {% for row in rows %}
    <li class="fr-card fr-card--sm fr-enlarge-link fr-mb-2w">
      <div class="fr-card__body">
        <div class="fr-card__content">
          <h3 class="fr-card__title"><a href="{{ row.url }}">{{ row.nom }}</a></h3>
          <p class="fr-card__desc">
            {% if row.a_distance %}<strong>Aide à distance</strong> (téléphone, visio) depuis {{ row.commune }}{% elif row.itinerant %}Lieu itinérant (plusieurs arrêts){% else %}{{ row.adresse }}, {{ row.code_postal }} {{ row.commune }}{% endif %}{% if row.distance and not row.a_distance %} — <strong>{{ row.distance }}</strong>{% endif %}
          </p>
          <div class="fr-card__start">
            <ul class="fr-badges-group">
              {% if row.a_distance %}<li><p class="fr-badge fr-badge--info fr-badge--sm fr-badge--no-icon">À distance</p></li>{% endif %}
              {% if row.intervient %}<li><p class="fr-badge fr-badge--new fr-badge--sm fr-badge--no-icon">Intervient dans votre commune</p></li>{% endif %}
              {% if row.annonce %}<li><p class="fr-badge fr-badge--sm fr-badge--no-icon{% if row.ouvert is True %} fr-badge--success{% endif %}">{{ row.annonce }}</p></li>
              {% elif row.ouvert is True %}<li><p class="fr-badge fr-badge--success fr-badge--sm">Ouvert maintenant</p></li>
              {% elif row.ouvert is False %}<li><p class="fr-badge fr-badge--sm">Fermé en ce moment</p></li>{% endif %}
              {% if row.gratuit %}<li><p class="fr-badge fr-badge--info fr-badge--sm fr-badge--no-icon">Gratuit</p></li>{% endif %}
              {% if row.pass_numerique %}<li><p class="fr-badge fr-badge--success fr-badge--sm fr-badge--no-icon">Pass numérique accepté</p></li>{% endif %}
            </ul>
          </div>
          {% if row.besoins %}
            <div class="fr-card__end"><p class="fr-card__detail">{{ row.besoins|join:" · " }}</p></div>
          {% endif %}
        </div>
      </div>
    </li>
  {% endfor %}
</ol>
"""


def _sans_blancs(html: str) -> str:
    return re.sub(r"\s*([<>])\s*", r"\1", re.sub(r"\s+", " ", str(html))).strip()


def _rows():
    base = {"url": "/lieux/x/", "nom": "Espace <b>&</b> Cie", "adresse": "1 rue d'Ys", "code_postal": "49000",
            "commune": "Angers", "distance": "1,2 km", "besoins": ["Démarches", "<script>"]}  # fmt: skip
    for a_distance, itinerant, intervient, ouvert, annonce, gratuit, passe in itertools.product(
        (False, True),
        (False, True),
        (False, True),
        (True, False, None),
        ("", "Ouvre à 14 h"),
        (False, True),
        (False, True),
    ):
        yield {**base, "a_distance": a_distance, "itinerant": itinerant, "intervient": intervient, "ouvert": ouvert,
               "annonce": annonce, "gratuit": gratuit, "pass_numerique": passe}  # fmt: skip
    yield {**base, "distance": "", "besoins": [], "a_distance": False, "itinerant": False, "intervient": False,
           "ouvert": None, "annonce": "", "gratuit": False, "pass_numerique": False}  # fmt: skip


def test_chaque_cas_donne_le_balisage_du_gabarit():
    rows = list(_rows())
    attendu = Template(GABARIT).render(Context({"rows": rows}))
    assert _sans_blancs(cartes(rows)) == _sans_blancs(attendu)


def test_aucun_resultat_aucune_liste():
    assert cartes([]) == ""
