from django.apps import AppConfig


class TachesConfig(AppConfig):
    name = "maillage.taches"
    label = "taches"
    verbose_name = "Tâches de fond"
