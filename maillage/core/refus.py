"""Le refus d'un service (ValidationError en français) montré à la personne, le même dans toutes les vues."""

from django.contrib import messages
from django.core.exceptions import ValidationError


def form_errors(form, exc: ValidationError, *, renames: dict[str, str] | None = None) -> None:
    """Le refus d'un service, rangé sous son champ s'il en nomme un, sinon en tête du formulaire.

    `renames` : champ du modèle -> champ du formulaire qui le saisit (ex. `commune_ref` -> `commune_choisie`)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            name = (renames or {}).get(field, field)
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def flash_error(request, exc: ValidationError) -> None:
    """Le refus d'une action sans formulaire (un bouton), en message en haut de la page suivante."""
    messages.error(request, " ".join(exc.messages))
