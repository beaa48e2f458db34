"""Tâches de fond : mettre en file, faire avancer, finir, nettoyer.

Une app de domaine déclare sa tâche ainsi (la fonction `@task` ne reçoit que l'identifiant : tout le reste est
sur la `Tache`, relue dans le processus des tâches) :

    @task()
    def verifier_import_lieux(tache_id: int) -> None:
        executer(tache_id=tache_id, travail=_verifier)

    def _verifier(tache: Tache, progression: Progression) -> dict:
        ...
        progression.avancer(fait=n, total=t, message="Lecture du fichier")
        return {...}  # le résultat, en JSON, affiché par taches/resultats/<genre>.html ; sa clé « message »
                      # (facultative) est le message final montré à la personne
"""

import logging
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from maillage.taches.enums import EtatTache, GenreTache
from maillage.taches.models import Tache

try:  # Django 6.0 et plus : le cadre des tâches est dans Django ; avant, le paquet django-tasks le fournit.
    from django.tasks import Task, task
except ImportError:  # pragma: no cover — dépend de la version de Django
    from django_tasks import task
    from django_tasks.base import Task

__all__ = ["Progression", "enqueue_tache", "executer", "task"]

logger = logging.getLogger(__name__)

DOSSIER_FICHIERS = "taches"  # dans le stockage par défaut
# Au plus une écriture de l'avancement par seconde : la page interroge toutes les 2 s, inutile d'écrire plus.
INTERVALLE_S = 1.0
# Une tâche « en cours » qui n'a pas avancé depuis ce délai a perdu son processus (redémarrage, arrêt brutal).
SANS_NOUVELLES = timedelta(minutes=30)

MESSAGE_ECHEC = (
    "La tâche s'est arrêtée sur une erreur inattendue. L'équipe peut en lire le détail dans le journal du serveur. "
    "Vous pouvez recommencer."
)
MESSAGE_INTERROMPUE = "La tâche a été interrompue (redémarrage du serveur) : recommencez."


@transaction.atomic
def enqueue_tache(
    *,
    demandeur: AbstractBaseUser,
    genre: GenreTache,
    task: Task,
    parametres: dict,
    fichiers: Iterable[str] = (),
    retour_url: str = "",
    parent: Tache | None = None,
    message: str = "En attente : la tâche commence dans quelques secondes.",
) -> Tache:
    """Crée la tâche visible par la personne, puis la met dans la file.

    Dans la même transaction que la requête : si la requête échoue, rien n'est mis en file (la file vit en base).
    Avec le moteur « immédiat » (tests), le travail est fait ici même, avant le retour."""
    tache = Tache(
        demandeur=demandeur, genre=genre, parametres=parametres, fichiers=list(fichiers), retour_url=retour_url,
        parent=parent, message=message,
    )  # fmt: skip
    tache.full_clean()
    tache.save()
    result = task.enqueue(tache_id=tache.pk)
    Tache.objects.filter(pk=tache.pk, task_id="").update(task_id=str(result.id)[:64])
    tache.refresh_from_db()
    return tache


class Progression:
    """Ce que le travail appelle pour dire où il en est. Les écritures sont espacées d'une seconde au moins,
    sauf un changement de message (une nouvelle étape), écrit tout de suite."""

    def __init__(self, tache: Tache):
        self.tache = tache
        self._last = 0.0
        self._message = tache.message

    def avancer(self, *, fait: int | None = None, total: int | None = None, message: str | None = None) -> None:
        if total is not None:
            self.tache.total = max(0, int(total))
        if fait is not None:
            self.tache.fait = max(0, min(int(fait), self.tache.total))
        if message is not None:
            self.tache.message = message[:300]
        now = time.monotonic()
        if self.tache.message == self._message and now - self._last < INTERVALLE_S:
            return
        self._last, self._message = now, self.tache.message
        # update() et pas save() : une seule requête, sans toucher au reste de la ligne.
        Tache.objects.filter(pk=self.tache.pk).update(
            fait=self.tache.fait, total=self.tache.total, message=self.tache.message, updated_at=timezone.now()
        )


def executer(*, tache_id: int, travail: Callable[[Tache, Progression], dict | None]) -> None:
    """Fait tourner `travail` pour la tâche : en cours → terminée (avec son résultat) ou échouée.

    Pas de nouvelle tentative automatique : un échec est presque toujours le même à la deuxième fois, et la
    personne voit le message et recommence. L'exception repart vers django-tasks, qui garde la trace complète
    pour l'équipe (administration, « Résultats des tâches »)."""
    tache = Tache.objects.filter(pk=tache_id).first()
    if tache is None or tache.is_finished:
        return  # effacée entre-temps (expirée, compte supprimé) ou déjà faite : rien à faire
    tache.etat, tache.started_at = EtatTache.EN_COURS, timezone.now()
    tache.save(update_fields=["etat", "started_at", "updated_at"])
    try:
        resultat = travail(tache, Progression(tache))
    except Exception:
        logger.exception("Tâche %s (%s) échouée", tache.public_id, tache.genre)
        Tache.objects.filter(pk=tache.pk).update(
            etat=EtatTache.ECHOUEE, message=MESSAGE_ECHEC, finished_at=timezone.now(), updated_at=timezone.now()
        )
        raise
    tache.etat, tache.finished_at, tache.resultat = EtatTache.TERMINEE, timezone.now(), resultat
    tache.fait = tache.total
    tache.message = (resultat or {}).get("message") or "Terminée."
    tache.save(update_fields=["etat", "finished_at", "resultat", "fait", "message", "fichiers", "updated_at"])


def ranger_fichier(*, fichier: File, nom: str) -> str:
    """Range un fichier déposé dans le stockage par défaut (lisible par tous les processus web et de tâches) et
    renvoie son nom, à mettre dans `Tache.fichiers`. Le nom d'origine n'entre jamais dans le chemin."""
    return default_storage.save(f"{DOSSIER_FICHIERS}/{uuid.uuid4().hex}-{nom}", fichier)


def supprimer_fichiers(*, tache: Tache) -> None:
    """Efface les fichiers de la tâche dans le stockage (dès qu'ils ne servent plus, sans attendre l'expiration)."""
    for name in tache.fichiers:
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("Fichier %s de la tâche %s non effacé", name, tache.public_id)
    tache.fichiers = []


def nettoyer_taches() -> dict[str, int]:
    """Travail du cron quotidien : efface les tâches expirées (et leurs fichiers), marque échouées celles qui
    n'avancent plus depuis `SANS_NOUVELLES` (leur processus a disparu)."""
    now = timezone.now()
    interrompues = Tache.objects.filter(Q(etat=EtatTache.EN_COURS), Q(updated_at__lt=now - SANS_NOUVELLES)).update(
        etat=EtatTache.ECHOUEE, message=MESSAGE_INTERROMPUE, finished_at=now, updated_at=now
    )
    effacees = 0
    for tache in Tache.objects.expired().only("pk", "public_id", "fichiers").iterator(chunk_size=200):
        supprimer_fichiers(tache=tache)
        effacees += Tache.objects.filter(pk=tache.pk).delete()[1].get(Tache._meta.label, 0)
    return {"interrompues": interrompues, "effacees": effacees, "orphelins": _supprimer_orphelins(now)}


def _supprimer_orphelins(now: datetime) -> int:
    """Fichiers rangés par une requête qui a ensuite échoué (le stockage n'annule pas avec la transaction) :
    aucune tâche ne les nomme. Effacés passé la durée de conservation."""
    try:
        _, noms = default_storage.listdir(DOSSIER_FICHIERS)
    except (FileNotFoundError, NotImplementedError):
        return 0
    connus = {n for fichiers in Tache.objects.values_list("fichiers", flat=True) for n in fichiers}
    limite = now - timedelta(days=settings.MAILLAGE_TACHES_CONSERVATION_JOURS)
    effaces = 0
    for nom in noms:
        chemin = f"{DOSSIER_FICHIERS}/{nom}"
        if chemin not in connus and default_storage.get_modified_time(chemin) < limite:
            default_storage.delete(chemin)
            effaces += 1
    return effaces


def verifier_encore_possible(tache: Tache) -> None:
    """Une tâche expirée (mais pas encore effacée par le cron) ne sert plus de point de départ."""
    if tache.expires_at <= timezone.now():
        raise ValidationError("Ce dépôt a expiré : déposez le fichier à nouveau.")
