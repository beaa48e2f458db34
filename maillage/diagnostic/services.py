"""Écritures du diagnostic : des repérages anonymes, et une fiche à code quand la personne imprime.

Pas de ligne de journal ici : aucune de ces écritures n'est l'acte d'une personne dont on doit rendre compte
(décision 0013) ; un repérage n'a ni auteur ni heure, une fiche n'a ni nom ni contact.
"""

import secrets
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from maillage.core.models import Commune
from maillage.diagnostic.enums import Source
from maillage.diagnostic.etat import Etat
from maillage.diagnostic.models import FicheDiagnostic, Reperage
from maillage.lieux.enums import Service

#: Sans 0/O, 1/I/L : un code se lit et se dicte au téléphone sans confusion.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LONGUEUR_CODE = 8


def nouveau_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LONGUEUR_CODE))


def normaliser_code(texte: str) -> str:
    """« abcd-efgh » → « ABCDEFGH » (la personne peut taper le tiret et les minuscules)."""
    return "".join(c for c in (texte or "").upper() if c.isalnum())


@transaction.atomic
def compter_reperages(*, services: list[str], commune: Commune | None, source: str) -> int:
    """Un repérage anonyme par besoin (service des lieux) : commune, besoin, jour. Rien sur la personne."""
    if source not in Source.values:
        raise ValidationError("Source de repérage inconnue.")
    valides = [s for s in dict.fromkeys(services) if s in Service.values]
    Reperage.objects.bulk_create(
        [Reperage(commune=commune, besoin=s, source=source, jour=timezone.localdate()) for s in valides]
    )
    return len(valides)


@transaction.atomic
def create_fiche(*, etat: Etat, commune: Commune | None) -> FicheDiagnostic:
    """La fiche imprimée : codes des réponses et commune, gardée 30 jours (`CONSERVATION_FICHE`)."""
    if not etat.reponses:
        raise ValidationError("Répondez d'abord aux questions : la fiche reprend vos réponses.")
    for _ in range(5):  # 31^8 codes : une collision est très improbable, on retire un code si elle arrive
        try:
            with transaction.atomic():
                fiche = FicheDiagnostic(
                    code=nouveau_code(), version=etat.questionnaire.version, reponses=etat.reponses, commune=commune
                )
                fiche.full_clean()
                fiche.save()
                return fiche
        except (IntegrityError, ValidationError) as exc:
            if isinstance(exc, ValidationError) and "code" not in getattr(exc, "error_dict", {}):
                raise
    raise ValidationError("La fiche n'a pas pu être créée : réessayez.")


@transaction.atomic
def effacer_fiches_expirees(*, now: datetime | None = None) -> int:
    """Efface les fiches de plus de 30 jours (cron quotidien : `manage.py effacer_fiches_diagnostic`)."""
    count, _ = FicheDiagnostic.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return count
