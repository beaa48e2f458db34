from django.apps import AppConfig


class FormationsConfig(AppConfig):
    name = "maillage.formations"
    label = "formations"
    verbose_name = "Formations des aidants et service civique"
