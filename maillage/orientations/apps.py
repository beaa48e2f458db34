from django.apps import AppConfig


class OrientationsConfig(AppConfig):
    name = "maillage.orientations"
    label = "orientations"
    verbose_name = "Orientations"
