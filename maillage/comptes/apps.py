from django.apps import AppConfig


class ComptesConfig(AppConfig):
    name = "maillage.comptes"
    label = "comptes"
    verbose_name = "Comptes et structures"
