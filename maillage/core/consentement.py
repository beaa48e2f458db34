"""Textes de consentement : lire la version en vigueur, en publier une nouvelle."""

from django.core.exceptions import ValidationError

from maillage.core.enums import TypeConsentement
from maillage.core.models import TexteConsentement


def current_consent_text(type: str = TypeConsentement.ORIENTATION) -> TexteConsentement:
    texte = TexteConsentement.objects.current(type)
    if texte is None:
        raise ValidationError("Aucun texte de consentement n'est publié : contactez l'équipe Maillage.")
    return texte


def publish_consent_text(*, type: str, texte: str) -> TexteConsentement:
    """Nouvelle rédaction = nouvelle version ; les orientations et les suivis passés gardent la version lue."""
    last = TexteConsentement.objects.current(type)
    return TexteConsentement.objects.create(type=type, version=(last.version + 1) if last else 1, texte=texte)
