from django.apps import AppConfig


class AidantsConfig(AppConfig):
    name = "maillage.aidants"
    label = "aidants"
    verbose_name = "Aidants"
