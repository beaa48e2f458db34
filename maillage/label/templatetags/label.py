"""Le label là où cela aide à choisir un lieu, sur les pages d'autres apps : `{% load label %}`.

Une balise plutôt qu'une variable de contexte : la page d'un lieu n'a qu'une ligne à ajouter, et la règle de ce
qui est public reste ici, à côté du label (`selectors.nombre_labellises_publics`)."""

from django import template

from maillage.core.masquage import SEUIL
from maillage.label.selectors import nombre_labellises_publics

register = template.Library()


@register.inclusion_tag("label/includes/_label_du_lieu.html")
def labellises_du_lieu(lieu) -> dict:
    """« N aidants et aidantes labellisés Tous aidants vous reçoivent ici » sur la page publique d'un lieu (une
    requête, aucune pour un lieu sans structure).

    Comme pour Aidants Connect : jamais de nom, et pas de petit nombre — de 1 à 4 (sous le seuil du secret
    statistique), une phrase sans chiffre, pour ne pas désigner une personne dans une petite structure ; rien du tout
    quand personne ne compte selon la règle publique (sans accord pour la vérification publique, mineur, archivé,
    label échu ou retiré)."""
    n = nombre_labellises_publics(getattr(lieu, "structure_id", None))
    return {"nombre": n, "exact": n >= SEUIL}
