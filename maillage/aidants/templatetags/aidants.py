"""Les aidants là où cela aide à orienter, sur les pages d'autres apps : `{% load aidants %}`.

Une balise plutôt qu'une variable de contexte : la page d'un lieu n'a qu'une ligne à ajouter, et la règle de ce
qui est public reste ici, à côté des aidants (`selectors.rattachements_aidants_connect_publics`)."""

from django import template

from maillage.aidants.selectors import nombre_aidants_connect_publics
from maillage.core.masquage import SEUIL

register = template.Library()


@register.inclusion_tag("aidants/includes/_aidants_connect_du_lieu.html")
def aidants_connect_du_lieu(lieu) -> dict:
    """« N aidants habilités Aidants Connect ici » sur la page publique d'un lieu (une requête, aucune pour un lieu
    sans structure).

    Public : jamais de nom, et pas de petit nombre — de 1 à 4 (sous le seuil du secret statistique), une phrase
    sans chiffre, « Une ou plusieurs personnes habilitées… », pour ne pas désigner une personne dans une petite
    structure. Rien du tout quand personne ne compte selon la règle publique (mineurs, archivés, sans accord pour
    la vérification publique ou sans signature valable de la charte : voir le sélecteur)."""
    n = nombre_aidants_connect_publics(getattr(lieu, "structure_id", None))
    return {"nombre": n, "exact": n >= SEUIL}
