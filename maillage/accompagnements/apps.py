from django.apps import AppConfig


class AccompagnementsConfig(AppConfig):
    name = "maillage.accompagnements"
    label = "accompagnements"
    verbose_name = "Accompagnements"
