"""`{% diagnostic_seance accompagnement %}` : sur la page d'une séance, les diagnostics joints et le lien pour en
faire un avec la personne (seulement pour qui peut l'y joindre)."""

from django import template

from maillage.diagnostic.permissions import can_run_diagnostic_seance

register = template.Library()


@register.inclusion_tag("diagnostic/includes/_seance.html", takes_context=True)
def diagnostic_seance(context, accompagnement):
    user = context["request"].user
    return {
        "accompagnement": accompagnement,
        "diagnostics": list(accompagnement.diagnostics_numeriques.all()),
        "peut_faire": can_run_diagnostic_seance(user, accompagnement),
    }
