"""Une tâche de fond qu'une personne attend : qui l'a demandée, où elle en est, son résultat.

Le travail lui-même tourne dans le processus `db_worker` (django-tasks, base de données : voir
docs/decisions/0008-taches-de-fond.md). Cette table est ce que la personne voit : l'état, l'avancement (fait sur
total) et un message court en français, puis le résultat. Elle est distincte de la file de django-tasks, qui ne
garde ni la personne, ni l'avancement, ni un résultat lisible.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from maillage.core.models import BaseModel
from maillage.taches.enums import EtatTache, GenreTache


def default_expires_at():
    return timezone.now() + timedelta(days=settings.MAILLAGE_TACHES_CONSERVATION_JOURS)


class TacheQuerySet(models.QuerySet):
    def visible_by(self, user) -> "TacheQuerySet":
        """La personne qui a demandé la tâche, et l'équipe (is_staff). Les autres : 404."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.is_staff:
            return self
        return self.filter(demandeur=user)

    def expired(self) -> "TacheQuerySet":
        return self.filter(expires_at__lte=timezone.now())


class Tache(BaseModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Pas une preuve (l'historique des lieux garde qui a importé quoi) : partie avec le compte.
    demandeur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="taches", verbose_name="demandée par"
    )
    genre = models.CharField("genre", max_length=40, choices=GenreTache.choices)
    etat = models.CharField("état", max_length=12, choices=EtatTache.choices, default=EtatTache.EN_ATTENTE)
    fait = models.PositiveBigIntegerField("fait", default=0)
    total = models.PositiveBigIntegerField("total", default=0)  # 0 : avancement inconnu
    message = models.CharField("message", max_length=300, blank=True)
    # Ce qu'il faut pour faire le travail (noms de fichiers dans le stockage, options) : jamais de texte libre
    # sur une personne.
    parametres = models.JSONField("paramètres", default=dict, blank=True)
    resultat = models.JSONField("résultat", null=True, blank=True)
    # Fichiers du stockage par défaut qui appartiennent à la tâche : effacés avec elle (ou plus tôt par elle).
    fichiers = models.JSONField("fichiers", default=list, blank=True)
    retour_url = models.CharField("page de retour", max_length=200, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="suites", verbose_name="tâche d'origine"
    )
    task_id = models.CharField("identifiant dans la file", max_length=64, blank=True)
    started_at = models.DateTimeField("commencée le", null=True, blank=True)
    finished_at = models.DateTimeField("finie le", null=True, blank=True)
    expires_at = models.DateTimeField("effacée après le", default=default_expires_at, db_index=True)

    objects = TacheQuerySet.as_manager()

    class Meta:
        verbose_name = "tâche de fond"
        verbose_name_plural = "tâches de fond"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["demandeur", "genre", "-created_at"], name="tache_demandeur_genre_idx")]
        constraints = [
            models.CheckConstraint(
                name="tache_fait_inferieur_au_total",
                condition=Q(total=0, fait=0) | Q(fait__lte=F("total")),
                violation_error_message="L'avancement ne peut pas dépasser le total.",
            ),
        ]

    def __str__(self):
        return f"{self.get_genre_display()} ({self.get_etat_display().lower()})"

    @property
    def is_finished(self) -> bool:
        return self.etat in (EtatTache.TERMINEE, EtatTache.ECHOUEE)

    @property
    def pourcent(self) -> int | None:
        if self.etat == EtatTache.TERMINEE:
            return 100
        if not self.total:
            return None
        return min(100, self.fait * 100 // self.total)

    @property
    def attend_depuis_longtemps(self) -> bool:
        """Toujours en attente après une minute : le processus des tâches de fond est sans doute arrêté."""
        return self.etat == EtatTache.EN_ATTENTE and timezone.now() - self.created_at > timedelta(minutes=1)

    @property
    def gabarit_resultat(self) -> str:
        return f"taches/resultats/{self.genre.lower()}.html"
