"""python manage.py nettoyer_taches — à lancer chaque jour par cron.

Efface les tâches de fond expirées (et leurs fichiers déposés), marque « échouées » celles qui n'avancent plus
(processus disparu), puis purge la file de django-tasks des tâches finies depuis plus longtemps que la durée de
conservation.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from maillage.taches.services import nettoyer_taches


class Command(BaseCommand):
    help = "Efface les tâches de fond expirées et leurs fichiers ; marque échouées celles qui n'avancent plus."

    def handle(self, *args, **options):
        stats = nettoyer_taches()
        self.stdout.write(
            f"{stats['effacees']} tâches expirées effacées, {stats['interrompues']} tâches interrompues marquées "
            f"échouées, {stats['orphelins']} fichiers déposés sans tâche effacés."
        )
        if "django_tasks_db" in settings.INSTALLED_APPS and self._database_backend():
            call_command(
                "prune_db_task_results",
                min_age_days=settings.MAILLAGE_TACHES_CONSERVATION_JOURS,
                verbosity=0,
            )

    @staticmethod
    def _database_backend() -> bool:
        return settings.TASKS.get("default", {}).get("BACKEND", "") == "django_tasks_db.DatabaseBackend"
