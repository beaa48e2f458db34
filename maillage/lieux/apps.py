from django.apps import AppConfig


class LieuxConfig(AppConfig):
    name = "maillage.lieux"
    label = "lieux"
    verbose_name = "Lieux"
