"""Une ligne du journal des formations : codes et drapeaux seulement, jamais le texte d'un point d'étape."""

from typing import Any

from maillage.comptes.models import User
from maillage.formations.models import JournalFormation

SUJETS = ("formation", "session", "inscription", "mission", "volontaire")


def journal(event: str, *, by: User | None, **sujets_et_details: Any) -> JournalFormation:
    sujets = {k: sujets_et_details.pop(k) for k in SUJETS if k in sujets_et_details}
    return JournalFormation.objects.create(
        actor=by if by and by.is_authenticated else None, event=event, details=sujets_et_details, **sujets
    )
