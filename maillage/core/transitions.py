"""Changements d'état : une seule règle de refus pour toutes les apps (Pass numérique, label…).

Chaque app écrit ses tables `TRANSITIONS_*` dans son `enums.py` ; ses services passent par `check_transition`, et
les tests parcourent tous les couples d'états à partir de ces tables.
"""

from django.core.exceptions import ValidationError


def check_transition(transitions: dict, actuel: str, nouveau: str, *, sujet: str, precision: str = "") -> None:
    """Refuser (ValidationError en français, qui nomme les deux états) un changement d'état absent de la table.

    `sujet` dit de quoi l'on parle (« Ce carnet », « Cette campagne ») ; `precision` ajoute la raison concrète.
    """
    if nouveau in transitions[actuel]:
        return
    choices = type(next(iter(transitions)))
    if actuel == nouveau:
        message = f"{sujet} : déjà dans l'état « {choices(actuel).label} »."
    else:
        message = f"{sujet} : impossible de passer de « {choices(actuel).label} » à « {choices(nouveau).label} »."
    raise ValidationError(f"{message} {precision}".strip())
