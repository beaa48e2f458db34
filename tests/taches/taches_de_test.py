"""Une tâche qui tombe en panne, pour vérifier ce qu'en gardent la file et la page (le module doit être
importable par le processus des tâches : une tâche est retrouvée par son chemin)."""

from maillage.taches.services import executer, task


def _panne(tache, progression):
    raise RuntimeError("panne de test")


@task()
def en_panne(tache_id: int) -> None:
    executer(tache_id=tache_id, travail=_panne)
