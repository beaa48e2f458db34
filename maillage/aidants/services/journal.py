"""Une ligne du journal des aidants : drapeaux et codes seulement, jamais de texte libre sur la personne."""

from typing import Any

from maillage.aidants.models import CharteAidants, JournalAidant, ProfilAidant
from maillage.comptes.models import User


def journal(
    event: str, *, by: User | None, profil: ProfilAidant | None = None, charte: CharteAidants | None = None,
    **details: Any,
) -> JournalAidant:  # fmt: skip
    return JournalAidant.objects.create(
        actor=by if by and by.is_authenticated else None, event=event, profil=profil, charte=charte, details=details
    )
